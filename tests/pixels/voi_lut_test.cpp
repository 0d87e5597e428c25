// VOI LUT Sequence presets and the Modality LUT Sequence (applied by DCMTK).
#include <gtest/gtest.h>

#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"
#include "synthetic_dicom.h"

namespace {

// A 16x1 ramp 0, 16, 32, ... 240 (8-bit stored in 16 bits).
pixels_test::SyntheticImage ramp() {
  pixels_test::SyntheticImage image;
  image.columns = 16;
  image.rows = 1;
  for (int x = 0; x < 16; ++x) image.samples.push_back(16 * x);
  return image;
}

// 256 entries of 12 bits that invert 0..255 into 4095..0.
pixels_test::SyntheticLut invertingLut() {
  pixels_test::SyntheticLut lut;
  lut.bits = 12;
  lut.explanation = "INVERT";
  for (int i = 0; i < 256; ++i) lut.entries.push_back(static_cast<std::uint16_t>((255 - i) * 4095 / 255));
  return lut;
}

}  // namespace

TEST(RenderVoiLut, InvertingLutIsAPresetAndTheRenderFollowsIt) {
  auto image = ramp();
  image.voi_luts.push_back(invertingLut());
  const auto path = pixels_test::freshDir("voi-lut-invert") / "image.dcm";
  pixels_test::writeSynthetic(image, path);

  const auto frame = imaging::decodeFrame(path);
  ASSERT_EQ(frame.presets.size(), 1u);
  ASSERT_TRUE(frame.presets[0].lut);
  EXPECT_EQ(frame.presets[0].explanation, "INVERT");
  EXPECT_EQ(frame.presets[0].lut->entries.size(), 256u);

  // The file's only preset is the LUT: the default render applies it (bright to dark).
  const auto rendered = imaging::renderFrame(frame);
  for (int x = 0; x < 16; ++x) EXPECT_NEAR(rendered.pixels[static_cast<std::size_t>(x)], 255 - 16 * x, 1) << x;

  // An explicit window overrides the LUT: a rising ramp again.
  imaging::RenderOptions linear;
  linear.window = imaging::Window{128, 256};
  const auto windowed = imaging::renderFrame(frame, linear);
  EXPECT_LT(windowed.pixels[0], windowed.pixels[15]);
}

TEST(RenderVoiLut, ChosenLutWinsOverTheFileWindowAndInputsOutsideTheTableClamp) {
  auto image = ramp();
  image.window = std::array<double, 2>{128.0, 256.0};
  pixels_test::SyntheticLut step;  // 8 entries starting at 64: below 64 -> first, above 71 -> last
  step.first_mapped = 64;
  step.bits = 8;
  step.entries = {10, 20, 30, 40, 50, 60, 70, 200};
  image.voi_luts.push_back(step);
  const auto path = pixels_test::freshDir("voi-lut-choose") / "image.dcm";
  pixels_test::writeSynthetic(image, path);

  const auto frame = imaging::decodeFrame(path);
  ASSERT_EQ(frame.presets.size(), 2u);
  EXPECT_FALSE(frame.presets[0].lut);  // the linear window comes first and stays the default
  ASSERT_TRUE(frame.presets[1].lut);
  EXPECT_EQ(imaging::renderFrame(frame).pixels[0], 0);

  imaging::RenderOptions options;
  options.voi_lut = frame.presets[1].lut;
  const auto rendered = imaging::renderFrame(frame, options);
  EXPECT_EQ(rendered.pixels[0], 10);     // value 0 is before the table
  EXPECT_EQ(rendered.pixels[4], 10);     // value 64 is its first entry
  EXPECT_EQ(rendered.pixels[15], 200);   // value 240 is past its end
}

TEST(DecodeModalityLut, ModalityLutSequenceIsAppliedBeforeWindowing) {
  auto image = ramp();
  pixels_test::SyntheticLut table;  // value v -> 1000 + 2 v
  table.bits = 16;
  for (int i = 0; i < 256; ++i) table.entries.push_back(static_cast<std::uint16_t>(1000 + 2 * i));
  image.modality_lut = table;
  const auto path = pixels_test::freshDir("modality-lut") / "image.dcm";
  pixels_test::writeSynthetic(image, path);

  const auto frame = imaging::decodeFrame(path);
  ASSERT_EQ(frame.values.size(), 16u);
  for (int x = 0; x < 16; ++x) EXPECT_FLOAT_EQ(frame.values[static_cast<std::size_t>(x)], 1000.0f + 32.0f * x) << x;
}
