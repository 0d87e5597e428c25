// Decoding synthetic images made in code: each exercises one photometric/bit-depth case.
#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"
#include "synthetic_dicom.h"

using pixels_test::SyntheticImage;

namespace {

std::filesystem::path write(const SyntheticImage& image, const std::string& name) {
  const auto path = pixels_test::freshDir("pixels-synthetic-" + name) / "image.dcm";
  pixels_test::writeSynthetic(image, path);
  return path;
}

SyntheticImage ramp(int rows, int columns) {
  SyntheticImage image;
  image.rows = rows;
  image.columns = columns;
  for (int i = 0; i < rows * columns; ++i) image.samples.push_back(i);
  return image;
}

}  // namespace

TEST(SyntheticDecode, SignedValuesWithRescale) {
  SyntheticImage image = ramp(4, 4);
  image.is_signed = true;
  image.samples = {-1000, -500, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 2000};
  image.rescale_slope = 0.5;
  image.rescale_intercept = -100.0;
  const auto frame = imaging::decodeFrame(write(image, "signed"));
  ASSERT_EQ(frame.values.size(), 16u);
  EXPECT_FLOAT_EQ(frame.values[0], -600.0f);   // -1000 * 0.5 - 100
  EXPECT_FLOAT_EQ(frame.values[2], -100.5f);   // fractional slope kept
  EXPECT_FLOAT_EQ(frame.values[15], 900.0f);
  EXPECT_DOUBLE_EQ(frame.rescale_slope, 0.5);
}

TEST(SyntheticDecode, BitsStoredMasksHighBitsAndSignExtends) {
  SyntheticImage image = ramp(1, 4);
  image.bits_stored = 12;
  image.is_signed = true;
  // 0xF800 carries junk above bit 11: stored value 0x800 = -2048 in 12-bit two's complement.
  image.samples = {0xF800, 0x07FF, 0x1005, 0x0FFF};
  const auto frame = imaging::decodeFrame(write(image, "bits12"));
  EXPECT_EQ(frame.values, (std::vector<float>{-2048, 2047, 5, -1}));
}

TEST(SyntheticDecode, Monochrome1RendersInverted) {
  SyntheticImage image = ramp(2, 2);
  image.photometric = "MONOCHROME1";
  image.samples = {0, 100, 200, 300};
  image.window = std::array<double, 2>{150.5, 301};
  const auto frame = imaging::decodeFrame(write(image, "mono1"));
  EXPECT_TRUE(frame.monochrome1);
  EXPECT_EQ(frame.values, (std::vector<float>{0, 100, 200, 300}));  // values are not inverted
  const auto rendered = imaging::renderFrame(frame);
  EXPECT_EQ(rendered.pixels.front(), 255);  // lowest value shows white
  EXPECT_EQ(rendered.pixels.back(), 0);
  ASSERT_EQ(frame.presets.size(), 1u);
  EXPECT_DOUBLE_EQ(frame.presets[0].window.width, 301);
}

TEST(SyntheticDecode, RgbPlanarBecomesInterleaved) {
  SyntheticImage image;
  image.rows = 1;
  image.columns = 2;
  image.samples_per_pixel = 3;
  image.bits_allocated = image.bits_stored = 8;
  image.photometric = "RGB";
  image.planar_configuration = 1;
  image.samples = {10, 20, 30, 40, 50, 60};  // R plane, G plane, B plane
  const auto frame = imaging::decodeFrame(write(image, "rgb-planar"));
  ASSERT_EQ(frame.samples_per_pixel, 3);
  EXPECT_EQ(frame.values, (std::vector<float>{10, 30, 50, 20, 40, 60}));
  const auto rendered = imaging::renderFrame(frame);
  EXPECT_EQ(rendered.channels, 3);
  EXPECT_EQ(rendered.pixels[0], 10);
}

TEST(SyntheticDecode, PaletteColourIsLookedUp) {
  SyntheticImage image;
  image.rows = 1;
  image.columns = 3;
  image.bits_allocated = image.bits_stored = 8;
  image.photometric = "PALETTE COLOR";
  image.samples = {0, 1, 255};
  for (int i = 0; i < 256; ++i) {
    image.red.push_back(static_cast<std::uint8_t>(i));
    image.green.push_back(static_cast<std::uint8_t>(255 - i));
    image.blue.push_back(static_cast<std::uint8_t>(i == 1 ? 77 : 0));
  }
  const auto frame = imaging::decodeFrame(write(image, "palette"));
  ASSERT_EQ(frame.samples_per_pixel, 3);
  EXPECT_EQ(frame.values, (std::vector<float>{0, 255, 0, 1, 254, 77, 255, 0, 0}));
}

TEST(SyntheticDecode, MultiFrameGivesEachFrame) {
  SyntheticImage image;
  image.rows = image.columns = 3;
  image.frames = 4;
  for (int f = 0; f < 4; ++f)
    for (int i = 0; i < 9; ++i) image.samples.push_back(f * 1000 + i);
  const auto path = write(image, "multiframe");
  EXPECT_EQ(imaging::frameCount(path), 4);
  for (int f = 0; f < 4; ++f) {
    const auto frame = imaging::decodeFrame(path, f);
    EXPECT_EQ(frame.frame_count, 4);
    EXPECT_FLOAT_EQ(frame.values[0], f * 1000.0f);
    EXPECT_FLOAT_EQ(frame.values[8], f * 1000.0f + 8);
  }
  try {
    imaging::decodeFrame(path, 4);
    FAIL() << "frame past the end accepted";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::InvalidArgument);
  }
}

TEST(SyntheticDecode, TruncatedPixelDataGivesError) {
  SyntheticImage image = ramp(2, 2);
  const auto path = write(image, "truncated");
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size - 6);
  try {
    imaging::decodeFrame(path);
    FAIL() << "truncated pixel data accepted";
  } catch (const imaging::Error& e) {
    EXPECT_NE(std::string(e.what()), "");
    EXPECT_EQ(e.path(), path.string());
  }
}
