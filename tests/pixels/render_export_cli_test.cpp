// `scanshare render --video` and `--contact-sheet` end to end on series made in code.
#include <gtest/gtest.h>

#include <string>

#include "imaging/pixels/animated_png.h"
#include "imaging/pixels/contact_sheet.h"
#include "imaging/pixels/decode.h"
#include "imaging/pixels/png.h"
#include "imaging/pixels/render.h"
#include "run.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;

namespace {

// `scanshare render ARGS`'s exit code (standard error discarded).
int run(const std::string& args) {
  return scanshare_test::run(scanshare_test::quoted(SCANSHARE_CLI) + " render " + args, false).exit_code;
}

std::string quoted(const fs::path& p) { return scanshare_test::quoted(p.string()); }

imaging::RenderOptions windowed(double center, double width, int box = 0) {
  imaging::RenderOptions options;
  options.window = imaging::Window{center, width};
  options.max_width = options.max_height = box;
  return options;
}

}  // namespace

TEST(RenderVideo, SeriesBecomesAnAnimationInPositionOrder) {
  const auto in = pixels_test::writeSeries(pixels_test::freshDir("render-video") / "in", 6);
  const auto out = in.parent_path() / "loop.png";
  ASSERT_EQ(run(quoted(in) + " --video " + quoted(out) + " --fps 5 --window 600,1200"), 0);

  // An ordinary PNG reader sees the first slice (by position: slice0.dcm), as `render` draws it.
  const auto single = in.parent_path() / "single.png";
  ASSERT_EQ(run(quoted(in / "slice0.dcm") + " -o " + quoted(single) + " --window 600,1200"), 0);
  EXPECT_EQ(imaging::readPng(out).pixels, imaging::readPng(single).pixels);

  const auto animation = imaging::readAnimatedPng(out);
  EXPECT_EQ(animation.declared_frames, 6u);
  ASSERT_EQ(animation.frames.size(), 6u);
  EXPECT_NEAR(animation.delays_s[3], 0.2, 1e-9);
  for (int k = 0; k < 6; ++k) {
    EXPECT_EQ(animation.frames[static_cast<std::size_t>(k)].pixels,
              imaging::renderFile(in / ("slice" + std::to_string(k) + ".dcm"), 0, windowed(600, 1200)).pixels)
        << "frame " << k;
    if (k > 0) {
      EXPECT_NE(animation.frames[static_cast<std::size_t>(k)].pixels, animation.frames[static_cast<std::size_t>(k - 1)].pixels);
    }
  }
}

TEST(RenderVideo, OneWindowForAllFramesAndSizeIsHonoured) {
  const auto in = pixels_test::writeSeries(pixels_test::freshDir("render-video-default") / "in", 5);
  const auto out = in.parent_path() / "loop.png";
  ASSERT_EQ(run(quoted(in) + " --video " + quoted(out) + " --size 32x32"), 0);
  const auto animation = imaging::readAnimatedPng(out);
  ASSERT_EQ(animation.frames.size(), 5u);
  EXPECT_EQ(animation.frames[0].width, 32);
  EXPECT_EQ(animation.frames[0].height, 32);
  // The files carry the preset 600/1200; every frame uses it (no per-slice auto window).
  for (int k = 0; k < 5; ++k)
    EXPECT_EQ(animation.frames[static_cast<std::size_t>(k)].pixels,
              imaging::renderFile(in / ("slice" + std::to_string(k) + ".dcm"), 0, windowed(600, 1200, 32)).pixels);
}

TEST(RenderVideo, MultiFrameFileGivesACineLoop) {
  const auto dir = pixels_test::freshDir("render-video-cine");
  pixels_test::SyntheticImage cine;
  cine.rows = cine.columns = 16;
  cine.frames = 4;
  for (int f = 0; f < 4; ++f)
    for (int i = 0; i < 256; ++i) cine.samples.push_back(((i % 16) + f * 4) * 50);
  pixels_test::writeSynthetic(cine, dir / "cine.dcm");
  ASSERT_EQ(imaging::frameCount(dir / "cine.dcm"), 4);
  ASSERT_EQ(run(quoted(dir / "cine.dcm") + " --video " + quoted(dir / "cine.png") + " --window 800,1600"), 0);
  const auto animation = imaging::readAnimatedPng(dir / "cine.png");
  ASSERT_EQ(animation.frames.size(), 4u);
  for (int f = 0; f < 4; ++f)
    EXPECT_EQ(animation.frames[static_cast<std::size_t>(f)].pixels, imaging::renderFile(dir / "cine.dcm", f, windowed(800, 1600)).pixels);
  EXPECT_NE(animation.frames[0].pixels, animation.frames[3].pixels);
}

TEST(RenderContactSheet, TilesAreDownscaledRendersOfEachSlice) {
  const auto in = pixels_test::writeSeries(pixels_test::freshDir("render-sheet") / "in", 7);
  const auto out = in.parent_path() / "sheet.png";
  ASSERT_EQ(run(quoted(in) + " --contact-sheet " + quoted(out) + " --columns 3 --tile 32 --window 600,1200"), 0);
  const auto sheet = imaging::readPng(out);
  imaging::ContactSheetOptions options;
  options.columns = 3;
  options.tile_size = 32;
  const auto layout = imaging::contactSheetLayout(7, options);
  ASSERT_EQ(layout.rows, 3);
  ASSERT_EQ(sheet.width, layout.width);
  ASSERT_EQ(sheet.height, layout.height);
  for (int k = 0; k < 7; ++k) {
    const auto tile = imaging::renderFile(in / ("slice" + std::to_string(k) + ".dcm"), 0, windowed(600, 1200, 32));
    ASSERT_EQ(tile.width, 32);
    const auto i = static_cast<std::size_t>(k);
    int mismatches = 0;
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x)
        mismatches += sheet.pixels[static_cast<std::size_t>(layout.cellY(i) + y) * sheet.width + layout.cellX(i) + x] !=
                      tile.pixels[static_cast<std::size_t>(y) * 32 + x];
    EXPECT_EQ(mismatches, 0) << "tile " << k;
  }
}

TEST(RenderContactSheet, BadRequestsAreUsageErrors) {
  const auto in = pixels_test::writeSeries(pixels_test::freshDir("render-sheet-bad") / "in", 2);
  const auto dir = in.parent_path();
  EXPECT_EQ(run(quoted(in) + " --contact-sheet " + quoted(dir / "a.png") + " --series 9"), 2);
  EXPECT_EQ(run(quoted(in) + " --contact-sheet " + quoted(dir / "b.png") + " --video " + quoted(dir / "c.png")), 2);
  EXPECT_EQ(run(quoted(in) + " --video " + quoted(dir / "d.png") + " --fps 0"), 2);
  EXPECT_EQ(run(quoted(in) + " --contact-sheet " + quoted(dir / "e.png") + " --tile 2"), 2);
  EXPECT_EQ(run(quoted(in)), 2);
  for (const char* name : {"a.png", "b.png", "c.png", "d.png", "e.png"}) EXPECT_FALSE(fs::exists(dir / name)) << name;
}
