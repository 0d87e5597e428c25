// The viewer shows what the pixels module decodes: overlay planes drawn on the slice, and an
// enhanced multi-frame file as a stack ordered by per-frame position. Runs scanshare-viewer's
// --screenshot mode under Xvfb and reads the picture.
#include <gtest/gtest.h>

#include <string>

#include <unistd.h>

#include "imaging/pixels/png.h"
#include "synthetic_dicom.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

using Shot = scanshare_test::SliceShot;

Shot screenshot(const fs::path& open, const fs::path& png, const std::string& options) {
  return scanshare_test::sliceShot(SCANSHARE_VIEWER, open, png, options, "1024x768x24");
}

// Grey value of the screenshot at the centre of image pixel (column, row) of a size x size slice.
int greyAt(const Shot& shot, int size, double column, double row) {
  const int x = static_cast<int>(shot.x + (column + 0.5) * shot.w / size);
  const int y = static_cast<int>(shot.y + (row + 0.5) * shot.h / size);
  const auto* p = &shot.picture.pixels[(static_cast<std::size_t>(y) * shot.picture.width + x) * shot.picture.channels];
  return shot.picture.channels == 3 ? (p[0] + p[1] + p[2]) / 3 : p[0];
}

struct WorkDir {
  fs::path root = pixels_test::freshDir("viewer-pixels-" + std::to_string(getpid()));
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

}  // namespace

TEST(ViewerPixels, OverlayPlaneIsDrawnOnTheSlice) {
  const WorkDir work;
  constexpr int kSize = 64;
  pixels_test::SyntheticImage image;
  image.rows = image.columns = kSize;
  image.samples.assign(kSize * kSize, 100);
  pixels_test::SyntheticOverlay overlay;  // columns 16..47, rows 8..23
  overlay.rows = 16;
  overlay.columns = 32;
  overlay.origin_row = 9;
  overlay.origin_column = 17;
  overlay.bits.assign(16 * 32, 1);
  image.overlays.push_back(overlay);
  fs::create_directories(work.root / "in");
  pixels_test::writeSynthetic(image, work.root / "in" / "overlay.dcm");

  const Shot shot = screenshot(work.root / "in", work.root / "shot.png", "--window 100,400");
  ASSERT_EQ(shot.exit_code, 0);
  ASSERT_GT(shot.w, 0);
  EXPECT_GE(greyAt(shot, kSize, 32, 16), 250);  // inside the overlay
  EXPECT_GE(greyAt(shot, kSize, 17, 9), 250);
  const int outside = greyAt(shot, kSize, 32, 48);
  EXPECT_NEAR(outside, 127, 10);                 // the image itself, windowed
  EXPECT_NEAR(greyAt(shot, kSize, 32, 26), outside, 10);  // just below the overlay
}

TEST(ViewerPixels, EnhancedMultiFrameIsAStackInPositionOrder) {
  const WorkDir work;
  constexpr int kSize = 32;
  constexpr int kRank[5] = {3, 0, 4, 1, 2};  // stored frame f lies at rank kRank[f]
  pixels_test::SyntheticImage image;
  image.rows = image.columns = kSize;
  image.frames = 5;
  image.modality = "MR";
  image.orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
  image.pixel_spacing = std::array<double, 2>{1.0, 1.0};
  for (int f = 0; f < 5; ++f) {
    image.frame_positions.push_back({0.0, 0.0, 4.0 * kRank[f]});
    image.samples.insert(image.samples.end(), kSize * kSize, 100 + 100 * kRank[f]);
  }
  fs::create_directories(work.root / "in");
  pixels_test::writeSynthetic(image, work.root / "in" / "enhanced.dcm");

  // Window 300/600: value v shows as about (v - 300) / 600 * 255 + 128.
  for (int slice : {1, 3, 5}) {
    const Shot shot = screenshot(work.root / "in", work.root / ("slice" + std::to_string(slice) + ".png"),
                                 "--window 300,600 --slice " + std::to_string(slice));
    ASSERT_EQ(shot.exit_code, 0);
    EXPECT_EQ(shot.count, 5);
    EXPECT_EQ(shot.slice, slice);
    const double value = 100 + 100 * (slice - 1);  // rank slice-1
    EXPECT_NEAR(greyAt(shot, kSize, 16, 16), (value - 300) / 600 * 255 + 128, 8) << "slice " << slice;
  }
}

TEST(ViewerPixels, VoiLutOfTheFileIsAppliedByDefault) {
  const WorkDir work;
  constexpr int kSize = 64;
  pixels_test::SyntheticImage image;
  image.rows = image.columns = kSize;
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) image.samples.push_back(4 * x);  // ramp 0..252 left to right
  pixels_test::SyntheticLut invert;
  invert.bits = 12;
  for (int i = 0; i < 256; ++i) invert.entries.push_back(static_cast<std::uint16_t>((255 - i) * 4095 / 255));
  image.voi_luts.push_back(invert);
  fs::create_directories(work.root / "in");
  pixels_test::writeSynthetic(image, work.root / "in" / "lut.dcm");

  const Shot shot = screenshot(work.root / "in", work.root / "lut.png", "");
  ASSERT_EQ(shot.exit_code, 0);
  ASSERT_GT(shot.w, 0);
  // Through the inverting table the ramp runs bright to dark (a linear window would rise).
  for (int column : {8, 24, 40, 56})
    EXPECT_NEAR(greyAt(shot, kSize, column, 32), 255 - 4 * column, 12) << "column " << column;
}
