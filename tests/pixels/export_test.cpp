// Animated PNG, contact sheet and measurement geometry, on images made in code.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "imaging/core/error.h"
#include "imaging/pixels/animated_png.h"
#include "imaging/pixels/contact_sheet.h"
#include "imaging/pixels/measure.h"
#include "imaging/pixels/png.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;
using imaging::Rgb8Image;

namespace {

// A frame whose content depends on seed everywhere, with noise so that no filter predicts it.
Rgb8Image patterned(int w, int h, int channels, unsigned seed) {
  Rgb8Image image{w, h, channels, {}};
  unsigned state = seed * 2654435761u + 1;
  for (int i = 0; i < w * h * channels; ++i) {
    state = state * 1103515245u + 12345u;
    image.pixels.push_back(static_cast<unsigned char>((i * (seed + 3)) / 7 + ((state >> 16) & 0x1F)));
  }
  return image;
}

}  // namespace

TEST(AnimatedPng, FramesRoundTripAndFirstFrameIsThePlainImage) {
  const auto dir = pixels_test::freshDir("apng-roundtrip");
  for (int channels : {1, 3}) {
    std::vector<Rgb8Image> frames;
    for (unsigned k = 0; k < 5; ++k) frames.push_back(patterned(37, 21, channels, k));
    const fs::path out = dir / ("loop" + std::to_string(channels) + ".png");
    imaging::writeAnimatedPng(frames, out, 8);

    // libpng (no APNG support) reads the default image: it must be the first frame.
    const Rgb8Image plain = imaging::readPng(out);
    EXPECT_EQ(plain.channels, channels);
    EXPECT_EQ(plain.pixels, frames[0].pixels);

    const auto animation = imaging::readAnimatedPng(out);
    EXPECT_EQ(animation.declared_frames, 5u);
    EXPECT_EQ(animation.plays, 0u);
    ASSERT_EQ(animation.frames.size(), 5u);
    for (std::size_t k = 0; k < 5; ++k) {
      EXPECT_EQ(animation.frames[k].pixels, frames[k].pixels) << "frame " << k;
      EXPECT_NEAR(animation.delays_s[k], 1.0 / 8.0, 1e-9);
    }
  }
}

TEST(AnimatedPng, GrayFramesArePromotedWhenAnyIsColour) {
  const auto dir = pixels_test::freshDir("apng-mixed");
  const Rgb8Image gray = patterned(8, 6, 1, 1);
  const Rgb8Image colour = patterned(8, 6, 3, 2);
  imaging::writeAnimatedPng({gray, colour}, dir / "mixed.png", 2);
  const auto animation = imaging::readAnimatedPng(dir / "mixed.png");
  ASSERT_EQ(animation.frames.size(), 2u);
  ASSERT_EQ(animation.frames[0].channels, 3);
  for (std::size_t i = 0; i < gray.pixels.size(); ++i) {
    EXPECT_EQ(animation.frames[0].pixels[i * 3], gray.pixels[i]);
    EXPECT_EQ(animation.frames[0].pixels[i * 3 + 2], gray.pixels[i]);
  }
  EXPECT_EQ(animation.frames[1].pixels, colour.pixels);
}

TEST(AnimatedPng, RejectsBadInputAndDetectsDamage) {
  const auto dir = pixels_test::freshDir("apng-bad");
  EXPECT_THROW(imaging::writeAnimatedPng({}, dir / "none.png", 10), imaging::Error);
  EXPECT_THROW(imaging::writeAnimatedPng({patterned(4, 4, 1, 1), patterned(5, 4, 1, 1)}, dir / "sizes.png", 10), imaging::Error);
  EXPECT_THROW(imaging::writeAnimatedPng({patterned(4, 4, 1, 1)}, dir / "fps.png", 0), imaging::Error);
  EXPECT_FALSE(fs::exists(dir / "none.png"));

  imaging::writeAnimatedPng({patterned(16, 16, 1, 1), patterned(16, 16, 1, 2)}, dir / "good.png", 10);
  std::ifstream in(dir / "good.png", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string damaged = bytes;
  damaged[damaged.size() - 30] = static_cast<char>(damaged[damaged.size() - 30] ^ 0x55);  // inside the last fdAT
  std::ofstream(dir / "damaged.png", std::ios::binary) << damaged;
  EXPECT_THROW(imaging::readAnimatedPng(dir / "damaged.png"), imaging::Error);
  std::ofstream(dir / "short.png", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_THROW(imaging::readAnimatedPng(dir / "short.png"), imaging::Error);
}

TEST(ContactSheet, GridHoldsEachThumbnailCentredWithALabelBelow) {
  std::vector<Rgb8Image> tiles;
  std::vector<std::string> labels;
  for (unsigned k = 0; k < 7; ++k) {
    tiles.push_back(patterned(30, 20, 1, k + 1));  // wider than tall: centred vertically
    labels.push_back(std::to_string(k + 1));
  }
  imaging::ContactSheetOptions options;
  options.columns = 3;
  options.tile_size = 30;
  const auto layout = imaging::contactSheetLayout(7, options);
  EXPECT_EQ(layout.columns, 3);
  EXPECT_EQ(layout.rows, 3);
  const Rgb8Image sheet = imaging::makeContactSheet(tiles, labels, options);
  EXPECT_EQ(sheet.width, layout.width);
  EXPECT_EQ(sheet.height, layout.height);
  EXPECT_GE(sheet.width, 3 * 30);
  EXPECT_GE(sheet.height, 3 * 30);
  auto at = [&](int x, int y) { return sheet.pixels[static_cast<std::size_t>(y) * sheet.width + x]; };
  std::vector<std::vector<unsigned char>> label_strips;
  for (std::size_t i = 0; i < 7; ++i) {
    const int x0 = layout.cellX(i), y0 = layout.cellY(i) + (30 - 20) / 2;
    for (int y = 0; y < 20; ++y)
      for (int x = 0; x < 30; ++x)
        ASSERT_EQ(at(x0 + x, y0 + y), tiles[i].pixels[static_cast<std::size_t>(y) * 30 + x]) << "tile " << i;
    std::vector<unsigned char> strip;
    int ink = 0;
    for (int y = layout.cellY(i) + 30; y < layout.cellY(i) + layout.cell_height; ++y)
      for (int x = layout.cellX(i); x < layout.cellX(i) + layout.cell_width; ++x) {
        strip.push_back(at(x, y));
        ink += at(x, y) == 255;
      }
    EXPECT_GT(ink, 5) << "label " << i << " not drawn";
    label_strips.push_back(strip);
  }
  EXPECT_NE(label_strips[0], label_strips[6]);  // "1" and "7" look different
  // Cells 8 and 9 are empty: background only.
  EXPECT_EQ(at(layout.cellX(8) + 15, layout.cellY(8) + 15), at(0, 0));
  EXPECT_THROW(imaging::makeContactSheet({}, {}, options), imaging::Error);
}

TEST(ContactSheet, AutomaticColumnsAreAboutSquare) {
  EXPECT_EQ(imaging::contactSheetLayout(1).columns, 1);
  EXPECT_EQ(imaging::contactSheetLayout(24).columns, 5);
  EXPECT_EQ(imaging::contactSheetLayout(24).rows, 5);
  EXPECT_EQ(imaging::contactSheetLayout(16).columns, 4);
}

TEST(Measure, DistanceUsesEachAxisSpacing) {
  const imaging::PixelSpacing square{0.5, 0.5};
  EXPECT_DOUBLE_EQ(imaging::distanceMm({0, 0}, {3, 4}, square), 2.5);
  // Columns 2 mm apart, rows 0.5 mm apart: 3 columns = 6 mm, 4 rows = 2 mm.
  const imaging::PixelSpacing anisotropic{2.0, 0.5};
  EXPECT_NEAR(imaging::distanceMm({1, 1}, {4, 5}, anisotropic), std::sqrt(40.0), 1e-12);
  EXPECT_DOUBLE_EQ(imaging::distanceMm({2, 2}, {2, 2}, anisotropic), 0.0);
}

TEST(Measure, AngleIsMeasuredInMillimetresNotPixels) {
  const imaging::PixelSpacing square{1.0, 1.0};
  EXPECT_NEAR(*imaging::angleDegrees({10, 0}, {0, 0}, {0, 10}, square), 90.0, 1e-9);
  EXPECT_NEAR(*imaging::angleDegrees({10, 0}, {0, 0}, {10, 10}, square), 45.0, 1e-9);
  EXPECT_NEAR(*imaging::angleDegrees({-5, 0}, {0, 0}, {7, 0}, square), 180.0, 1e-9);
  EXPECT_NEAR(*imaging::angleDegrees({3, 3}, {0, 0}, {6, 6}, square), 0.0, 1e-9);
  // 45 degrees in pixels; rows twice as far apart as columns make it atan(2) = 63.43 degrees.
  const imaging::PixelSpacing tall{1.0, 2.0};
  EXPECT_NEAR(*imaging::angleDegrees({10, 0}, {0, 0}, {10, 10}, tall), std::atan(2.0) * 180.0 / M_PI, 1e-9);
  // A right angle along the axes stays right whatever the spacing; order of the arms does not matter.
  EXPECT_NEAR(*imaging::angleDegrees({4, 2}, {1, 2}, {1, 9}, {0.3, 3.0}), 90.0, 1e-9);
  EXPECT_NEAR(*imaging::angleDegrees({10, 10}, {0, 0}, {10, 0}, tall), *imaging::angleDegrees({10, 0}, {0, 0}, {10, 10}, tall), 1e-12);
  EXPECT_FALSE(imaging::angleDegrees({0, 0}, {0, 0}, {1, 1}, square).has_value());
  EXPECT_FALSE(imaging::angleDegrees({1, 1}, {0, 0}, {0, 0}, square).has_value());
}
