// MPR thick-slab MIP, and zoom and pan per pane (issue 14): an axial series is written here with one bright block on slice 6
// only (z = 10 mm; slices 2 mm apart, 64 x 64 pixels of 1 mm). With the cursor on slice 3 (z = 4),
// the thin axial plane does not show the block; a 20 mm slab (brightest within 10 mm) does, a 4 mm
// slab does not, and mip=0 is the thin plane again.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "synthetic_dicom.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-mip-");
  return owner.root;
}

const fs::path& series() {
  static const fs::path dir = viewer_test::writeAxialSlices(
      workDir() / "axial", "1.2.826.0.1.3680043.10.1000.95.1", 64, 10, [](int k, int r, int c) -> std::int32_t {
        return k == 5 && c >= 24 && c < 40 && r >= 24 && r < 40 ? 2000 : 100;  // the block on slice 6 only
      });
  return dir;
}

// White pixels (every channel > 200) in the axial pane's image.
long long whiteInAxial(const std::string& name, const std::string& steps) {
  const auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, series(), workDir() / (name + ".png"),
                                                    "--mpr-point 32,32,3 --steps '" + steps + "'", "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << ran.out;
  double x = 0, y = 0, w = 0, h = 0;
  std::istringstream lines(ran.out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("mpr-image axial ", 0) == 0) std::istringstream(line.substr(16)) >> x >> y >> w >> h;
  EXPECT_GT(w, 50) << ran.out;
  const auto& p = ran.picture;
  long long white = 0;
  for (int py = static_cast<int>(y); py < y + h && py < p.height; ++py)
    for (int px = static_cast<int>(x); px < x + w && px < p.width; ++px) {
      const std::size_t i = (static_cast<std::size_t>(py) * p.width + px) * p.channels;
      white += p.pixels[i] > 200 && p.pixels[i + 1] > 200 && p.pixels[i + 2] > 200;
    }
  return white;
}

TEST(ViewerMip, ThickSlabShowsTheBrightestValueWithinIt) {
  const long long thin = whiteInAxial("thin", "slice=1");
  const long long slab = whiteInAxial("slab", "mip=20");
  const long long narrow = whiteInAxial("narrow", "mip=4");
  const long long off = whiteInAxial("off", "mip=20;mip=0");
  EXPECT_LT(thin, 20) << "the block is 6 mm away from the thin plane";
  EXPECT_GT(slab, 1000) << "a 16 x 16 mm block, white within the 20 mm slab";
  EXPECT_LT(narrow, 20) << "a 4 mm slab does not reach 6 mm";
  EXPECT_LT(off, 20);
}

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
};

// The image rectangles of the three panes after `steps` (cursor on slice 3, in the block's column).
std::map<std::string, Rect> panes(const std::string& name, const std::string& steps, imaging::Rgb8Image* picture = nullptr) {
  const auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, series(), workDir() / (name + ".png"),
                                                    "--mpr-point 32,32,3 --steps '" + steps + "'", "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << ran.out;
  std::map<std::string, Rect> rects;
  std::istringstream lines(ran.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("mpr-image ", 0) != 0) continue;
    std::istringstream in(line.substr(10));
    std::string plane;
    Rect r;
    in >> plane >> r.x >> r.y >> r.w >> r.h;
    rects[plane] = r;
  }
  if (picture) *picture = ran.picture;
  return rects;
}

TEST(ViewerMprPanes, ZoomAndPanMoveOnePaneOnly) {
  const auto fit = panes("pane-fit", "slice=1");
  const auto zoomed = panes("pane-zoomed", "mprZoom=axial,2");
  const auto panned = panes("pane-panned", "mprZoom=axial,2;mprPan=axial,30,-20");
  ASSERT_EQ(fit.size(), 3u);
  EXPECT_NEAR(zoomed.at("axial").w, 2 * fit.at("axial").w, 1.0);
  EXPECT_NEAR(zoomed.at("axial").h, 2 * fit.at("axial").h, 1.0);
  // Zoomed about the pane's centre: the image's centre stays.
  EXPECT_NEAR(zoomed.at("axial").x + zoomed.at("axial").w / 2, fit.at("axial").x + fit.at("axial").w / 2, 1.0);
  for (const char* other : {"coronal", "sagittal"}) {
    EXPECT_NEAR(zoomed.at(other).w, fit.at(other).w, 0.5) << other;
    EXPECT_NEAR(zoomed.at(other).x, fit.at(other).x, 0.5) << other;
  }
  EXPECT_NEAR(panned.at("axial").x, zoomed.at("axial").x + 30, 1.0);
  EXPECT_NEAR(panned.at("axial").y, zoomed.at("axial").y - 20, 1.0);
  EXPECT_NEAR(panned.at("coronal").x, fit.at("coronal").x, 0.5);
}

TEST(ViewerMprPanes, TheZoomedPaneShowsTheImageLarger) {
  // The 16 x 16 mm block on slice 6 seen in the coronal pane (through row 32): four times the white
  // pixels when that pane is zoomed twice.
  imaging::Rgb8Image a, b;
  const auto fit = panes("white-fit", "slice=1", &a);
  const auto zoomed = panes("white-zoomed", "mprZoom=coronal,2", &b);
  auto white = [](const imaging::Rgb8Image& p, const Rect& r) {
    long long n = 0;
    for (int y = std::max(0, static_cast<int>(r.y)); y < r.y + r.h && y < p.height; ++y)
      for (int x = std::max(0, static_cast<int>(r.x)); x < r.x + r.w && x < p.width; ++x) {
        const std::size_t i = (static_cast<std::size_t>(y) * p.width + x) * p.channels;
        n += p.pixels[i] > 200 && p.pixels[i + 1] > 200 && p.pixels[i + 2] > 200;
      }
    return n;
  };
  const long long before = white(a, fit.at("coronal")), after = white(b, zoomed.at("coronal"));
  ASSERT_GT(before, 20);
  EXPECT_NEAR(static_cast<double>(after) / before, 4.0, 1.0);
}

}  // namespace
