// Pixel shapes that pydicom and GDCM decode and DCMTK 3.6.7 does not (issue 20 item 6): each is
// written by the fixture writer and its decoded values are checked against what was written.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "imaging/core/error.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"
#include "odd_shapes.h"

namespace fs = std::filesystem;
using imaging::Frame;

namespace {

fs::path written(const pixels_test::SyntheticImage& image, const std::string& name) {
  const fs::path path = pixels_test::freshDir("odd-shapes-" + name) / (name + ".dcm");
  pixels_test::writeSynthetic(image, path);
  return path;
}

// The samples of frame `f` of `image`, as floats.
std::vector<float> frameSamples(const pixels_test::SyntheticImage& image, int f) {
  const std::size_t n = static_cast<std::size_t>(image.rows) * image.columns * image.samples_per_pixel;
  std::vector<float> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<float>(image.samples[f * n + i]));
  return out;
}

}  // namespace

TEST(OddShapes, FloatPixelDataGivesItsValues) {
  const auto image = pixels_test::floatParametricMap();
  const auto path = written(image, "float");
  const Frame frame = imaging::decodeFrame(path, 1);
  EXPECT_EQ(frame.width, 5);
  EXPECT_EQ(frame.height, 4);
  EXPECT_EQ(frame.frame_count, 2);
  const std::vector<float> expected(image.float_samples.begin() + 20, image.float_samples.end());
  EXPECT_EQ(frame.values, expected);
  EXPECT_EQ(imaging::renderFrame(frame).pixels.size(), 20u);
}

TEST(OddShapes, DoubleFloatPixelDataGivesItsValues) {
  const auto image = pixels_test::doubleParametricMap();
  const Frame frame = imaging::decodeFrame(written(image, "double"));
  ASSERT_EQ(frame.values.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(frame.values[i], static_cast<float>(image.double_samples[i])) << i;
}

// 32-bit RGB of the shapes made here and pydicom's decodes right today (DCMTK's colour path);
// kept as a guard for the real-world file issue 20 saw, whose exact shape is unknown.
TEST(OddShapes, Rgb32BitScalesToEightBits) {
  const auto image = pixels_test::rgb32();
  const Frame frame = imaging::decodeFrame(written(image, "rgb32"));
  ASSERT_EQ(frame.samples_per_pixel, 3);
  ASSERT_EQ(frame.values.size(), 36u);
  for (std::size_t i = 0; i < 36; ++i) EXPECT_EQ(frame.values[i], static_cast<float>((i * 37) % 256)) << i;
}

TEST(OddShapes, BigEndian32BitDoseHasTheValuesWritten) {
  // Little endian decodes right today; big endian came out with its 16-bit halves swapped (bands).
  for (const bool big_endian : {false, true}) {
    SCOPED_TRACE(big_endian ? "big endian" : "little endian");
    const auto image = pixels_test::dose32(big_endian);
    const Frame frame = imaging::decodeFrame(written(image, big_endian ? "dose-be" : "dose-le"), 1);
    EXPECT_EQ(frame.values, frameSamples(image, 1));
  }
}

TEST(OddShapes, SegmentedPaletteIsExpanded) {
  const auto image = pixels_test::segmentedPaletteUltrasound();
  const Frame frame = imaging::decodeFrame(written(image, "segmented"));
  ASSERT_EQ(frame.samples_per_pixel, 3);
  ASSERT_EQ(frame.values.size(), 16u * 8u * 3u);
  const auto lut = pixels_test::expectedPalette8();
  for (std::size_t p = 0; p < 16 * 8; ++p)
    for (int c = 0; c < 3; ++c)
      ASSERT_EQ(frame.values[3 * p + c], static_cast<float>(lut[c][image.samples[p]])) << "pixel " << p << " channel " << c;
}

TEST(OddShapes, SevenBitJpegLsDecodes) {
  const auto image = pixels_test::jpegLs7Bit();
  const auto path = written(image, "jpegls7");
  for (int f = 0; f < 2; ++f) EXPECT_EQ(imaging::decodeFrame(path, f).values, frameSamples(image, f)) << "frame " << f;
}

TEST(OddShapes, MultiFrameJpegWithoutOffsetTableDecodesEveryFrame) {
  const auto image = pixels_test::jpegMultiFrame(65);
  const auto path = written(image, "jpeg65");
  EXPECT_EQ(imaging::frameCount(path), 65);
  for (const int f : {0, 1, 32, 64}) EXPECT_EQ(imaging::decodeFrame(path, f).values, frameSamples(image, f)) << "frame " << f;
}

TEST(OddShapes, MultiFrameJpegWithOffsetTableAndSeveralFragmentsPerFrame) {
  auto image = pixels_test::jpegMultiFrame(7);
  image.basic_offset_table = true;
  const auto path = written(image, "jpeg7-bot");
  for (int f = 0; f < 7; ++f) EXPECT_EQ(imaging::decodeFrame(path, f).values, frameSamples(image, f)) << "frame " << f;
  // JPEG-LS goes through CharLS with the same frame lookup.
  auto ls = pixels_test::jpegLs7Bit();
  ls.fragments_per_frame = 2;
  ls.basic_offset_table = true;
  const auto ls_path = written(ls, "jpegls7-bot");
  for (int f = 0; f < 2; ++f) EXPECT_EQ(imaging::decodeFrame(ls_path, f).values, frameSamples(ls, f)) << "frame " << f;
}

TEST(OddShapes, MissingTransferSyntaxIsReadFromTheDataSet) {
  for (const char* syntax : {"implicit-le", "explicit-be"}) {
    SCOPED_TRACE(syntax);
    const auto image = pixels_test::withoutTransferSyntax(syntax);
    EXPECT_EQ(imaging::decodeFrame(written(image, std::string("nots-") + syntax)).values, frameSamples(image, 0));
  }
}

TEST(OddShapes, MalformedSegmentedPalettesAreRefused) {
  // Indirect segments that point at themselves, or replay empty segments without end, and a
  // table that ends inside a segment: a clear error, never a hang or a read past the table.
  const std::vector<std::vector<std::uint16_t>> tables = {
      {2, 1, 0, 0},                                 // indirect, pointing at itself
      {0, 0, 2, 65535, 0, 0, 2, 65535, 4, 0, 2, 65535, 12, 0, 2, 65535, 20, 0},  // nested replays of nothing
      {0, 5, 1, 2},                                 // discrete segment longer than the table
      {1, 4, 100},                                  // linear segment with nothing before it
      {7, 1, 0}};                                   // unknown segment type
  for (std::size_t t = 0; t < tables.size(); ++t) {
    SCOPED_TRACE(t);
    auto image = pixels_test::segmentedPaletteUltrasound();
    image.segmented_green = tables[t];
    try {
      imaging::decodeFrame(written(image, "bad-palette-" + std::to_string(t)));
      FAIL() << "decoded";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), imaging::ErrorCode::Corrupt);
      EXPECT_NE(std::string(e.what()).find("segmented palette"), std::string::npos) << e.what();
    }
  }
}
