// Windowing, resizing and PNG output.
#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/pixels/png.h"
#include "imaging/pixels/render.h"
#include "synthetic_dicom.h"

using imaging::Frame;
using imaging::Window;

namespace {
Frame grayFrame(int w, int h, std::vector<float> values) {
  Frame f;
  f.width = w;
  f.height = h;
  f.values = std::move(values);
  return f;
}
}  // namespace

TEST(Render, LinearWindowFollowsDicomFormula) {
  const Window w{100.0, 201.0};  // covers 0..200
  EXPECT_EQ(imaging::applyWindow(-1000, w), 0);
  EXPECT_EQ(imaging::applyWindow(-0.5f, w), 0);  // lower edge: c - 0.5 - (w - 1) / 2
  EXPECT_EQ(imaging::applyWindow(0, w), 1);
  EXPECT_EQ(imaging::applyWindow(100, w), 128);
  EXPECT_EQ(imaging::applyWindow(199.5f, w), 255);
  EXPECT_EQ(imaging::applyWindow(5000, w), 255);
  EXPECT_LT(imaging::applyWindow(50, w), imaging::applyWindow(60, w));
}

TEST(Render, ExplicitWindowOverridesPreset) {
  Frame f = grayFrame(2, 1, {100, 200});
  f.presets.push_back({{150, 100}, "FILE", nullptr});
  imaging::RenderOptions narrow;
  narrow.window = Window{100, 2};
  const auto with_preset = imaging::renderFrame(f);
  const auto with_narrow = imaging::renderFrame(f, narrow);
  EXPECT_NE(with_preset.pixels, with_narrow.pixels);
  EXPECT_EQ(with_narrow.pixels[1], 255);
}

TEST(Render, HistogramWindowIgnoresHotPixels) {
  std::vector<float> values(10000, 0.0f);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 1000);
  values[0] = 1e6f;  // one hot pixel
  const Window w = imaging::histogramWindow(grayFrame(100, 100, values));
  EXPECT_LT(w.center + w.width / 2, 1100.0);
  EXPECT_GT(w.width, 900.0);
}

TEST(Render, FitsInsideRequestedBoxKeepingAspect) {
  Frame f = grayFrame(200, 100, std::vector<float>(200 * 100, 5.0f));
  imaging::RenderOptions options;
  options.max_width = 50;
  options.max_height = 50;
  const auto image = imaging::renderFrame(f, options);
  EXPECT_EQ(image.width, 50);
  EXPECT_EQ(image.height, 25);
  EXPECT_EQ(image.pixels.size(), 50u * 25u);
}

TEST(Render, InvertOption) {
  Frame f = grayFrame(2, 1, {0, 10});
  imaging::RenderOptions options;
  options.window = Window{5.5, 11};
  const auto plain = imaging::renderFrame(f, options);
  options.invert = true;
  const auto inverted = imaging::renderFrame(f, options);
  EXPECT_EQ(plain.pixels[0], 255 - inverted.pixels[0]);
  EXPECT_EQ(plain.pixels[1], 255 - inverted.pixels[1]);
}

TEST(Png, RoundTripsGrayAndRgb) {
  const auto dir = pixels_test::freshDir("pixels-png");
  imaging::Rgb8Image gray{3, 2, 1, {0, 50, 100, 150, 200, 255}};
  imaging::writePng(gray, dir / "gray.png");
  const auto back = imaging::readPng(dir / "gray.png");
  EXPECT_EQ(back.width, 3);
  EXPECT_EQ(back.channels, 1);
  EXPECT_EQ(back.pixels, gray.pixels);

  imaging::Rgb8Image rgb{1, 2, 3, {255, 0, 0, 0, 0, 255}};
  imaging::writePng(rgb, dir / "rgb.png");
  EXPECT_EQ(imaging::readPng(dir / "rgb.png").pixels, rgb.pixels);
}

TEST(Png, WritingIntoMissingFolderFailsWithIo) {
  imaging::Rgb8Image gray{1, 1, 1, {7}};
  try {
    imaging::writePng(gray, pixels_test::freshDir("pixels-png-missing") / "no" / "such" / "x.png");
    FAIL();
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Io);
  }
}
