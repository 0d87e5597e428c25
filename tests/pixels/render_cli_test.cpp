// `scanshare render` end to end on fixtures made in code.
#include <gtest/gtest.h>

#include <string>

#include "imaging/pixels/png.h"
#include "imaging/pixels/render.h"
#include "odd_shapes.h"
#include "run.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;

namespace {

// `scanshare render ARGS`'s exit code (standard error discarded).
int run(const std::string& args) {
  return scanshare_test::run(scanshare_test::quoted(SCANSHARE_CLI) + " render " + args, false).exit_code;
}

std::string quoted(const fs::path& p) { return scanshare_test::quoted(p.string()); }

}  // namespace

TEST(RenderCli, SingleFileMatchesLibraryRendering) {
  const auto dir = pixels_test::writeSeries(pixels_test::freshDir("render-cli-file"), 3);
  const auto out = dir / "out.png";
  ASSERT_EQ(run(quoted(dir / "slice1.dcm") + " -o " + quoted(out)), 0);
  const auto png = imaging::readPng(out);
  EXPECT_EQ(png.pixels, imaging::renderFile(dir / "slice1.dcm").pixels);

  const auto windowed = dir / "windowed.png";
  ASSERT_EQ(run(quoted(dir / "slice1.dcm") + " -o " + quoted(windowed) + " --window 100,50 --size 32x16"), 0);
  const auto small = imaging::readPng(windowed);
  EXPECT_EQ(small.width, 16);
  EXPECT_EQ(small.height, 16);
}

TEST(RenderCli, FolderGivesOrderedSlicePngs) {
  const auto dir = pixels_test::writeSeries(pixels_test::freshDir("render-cli-series") / "in", 5);
  const auto out = dir.parent_path() / "out";
  ASSERT_EQ(run(quoted(dir) + " -o " + quoted(out)), 0);
  for (int k = 1; k <= 5; ++k) {
    const auto png = out / ("slice-000" + std::to_string(k) + ".png");
    ASSERT_TRUE(fs::exists(png)) << png;
    // slice-000k is the k-th by position, i.e. file slice{k-1}.dcm (instance numbers run backwards)
    EXPECT_EQ(imaging::readPng(png).pixels, imaging::renderFile(dir / ("slice" + std::to_string(k - 1) + ".dcm")).pixels);
  }
  EXPECT_FALSE(fs::exists(out / "slice-0006.png"));
  // Refuses to write into a folder that is not empty.
  EXPECT_EQ(run(quoted(dir) + " -o " + quoted(out)), 2);
}

TEST(RenderCli, BadInputAndOptionsAreUsageErrors) {
  const auto dir = pixels_test::writeSeries(pixels_test::freshDir("render-cli-bad"), 1);
  EXPECT_EQ(run(quoted(dir / "missing.dcm") + " -o " + quoted(dir / "x.png")), 2);
  EXPECT_EQ(run(quoted(dir / "slice0.dcm") + " -o " + quoted(dir / "x.png") + " --window 10"), 2);
  EXPECT_EQ(run(quoted(dir / "slice0.dcm") + " -o " + quoted(dir / "x.png") + " --frame 2"), 2);
  EXPECT_FALSE(fs::exists(dir / "x.png"));
}

TEST(RenderCli, OverlaysAreDrawnUnlessSwitchedOff) {
  pixels_test::SyntheticImage image;
  image.rows = image.columns = 10;
  image.window = std::array<double, 2>{100.0, 400.0};
  image.samples.assign(100, 100);
  pixels_test::SyntheticOverlay overlay;
  overlay.rows = 2;
  overlay.columns = 3;
  overlay.origin_row = 5;     // image rows 4..5
  overlay.origin_column = 2;  // image columns 1..3
  overlay.bits.assign(6, 1);
  image.overlays.push_back(overlay);
  const auto dir = pixels_test::freshDir("render-cli-overlay");
  pixels_test::writeSynthetic(image, dir / "overlay.dcm");

  ASSERT_EQ(run(quoted(dir / "overlay.dcm") + " -o " + quoted(dir / "on.png")), 0);
  ASSERT_EQ(run(quoted(dir / "overlay.dcm") + " -o " + quoted(dir / "off.png") + " --no-overlays"), 0);
  const auto on = imaging::readPng(dir / "on.png");
  const auto off = imaging::readPng(dir / "off.png");
  ASSERT_EQ(on.pixels.size(), 100u);
  ASSERT_EQ(off.pixels.size(), 100u);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) {
      const bool inside = y >= 4 && y <= 5 && x >= 1 && x <= 3;
      const auto i = static_cast<std::size_t>(y * 10 + x);
      EXPECT_EQ(on.pixels[i], inside ? 255 : off.pixels[i]) << x << "," << y;
      EXPECT_LT(off.pixels[i], 200) << x << "," << y;
    }
}

TEST(RenderCli, ShapesDcmtkCannotDecodeRenderToPng) {
  // Issue 20 item 6: each shape renders, to the same picture as the library draws.
  const auto dir = pixels_test::freshDir("render-cli-odd-shapes");
  for (const auto& shape : pixels_test::oddShapes()) {
    SCOPED_TRACE(shape.name);
    const auto in = dir / (shape.name + ".dcm");
    const auto out = dir / (shape.name + ".png");
    pixels_test::writeSynthetic(shape.image, in);
    ASSERT_EQ(run(quoted(in) + " -o " + quoted(out)), 0);
    const auto png = imaging::readPng(out);
    EXPECT_EQ(png.width, shape.image.columns);
    EXPECT_EQ(png.height, shape.image.rows);
    EXPECT_EQ(png.pixels, imaging::renderFile(in).pixels);
  }
}
