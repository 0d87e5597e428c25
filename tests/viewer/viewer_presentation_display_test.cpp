// How a presentation state frames its image in the viewer (issue 14): circular and polygonal
// shutters, the displayed area, rotation and flip, and layer colours. Each test writes the ramp CT
// (64 x 64, values 1000 + 7 * column + 3 * row) and one state on its first slice, selects the
// state (browser: 1 the CT, 2 the state) and compares with the CT's slice 1 shown plainly.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "synthetic_presentation.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

constexpr int kSize = viewer_test::kRampCtSize;
const std::string kSeries = "1.2.826.0.1.3680043.10.1000.95.1";
const std::string kSopRoot = "1.2.826.0.1.3680043.10.1000.95.2";

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-presentation-display-");
  return owner.root;
}

pixels_test::SyntheticPresentation onFirstSlice() {
  pixels_test::SyntheticPresentation pr;
  pr.referenced_series = kSeries;
  pr.referenced_sop = kSopRoot + ".1";
  return pr;
}

// A medium of its own: the CT and the state.
fs::path medium(const std::string& name, const pixels_test::SyntheticPresentation& pr) {
  viewer_test::RampCtOptions o;
  o.series_uid = kSeries;
  o.sop_uid_root = kSopRoot;
  o.window_center = 1300.0;
  o.window_width = 900.0;
  o.slice_step = 40;
  const fs::path dir = workDir() / name;
  viewer_test::writeRampCtSeries(dir / "ct", o);
  pixels_test::writeSyntheticPresentation(pr, dir / "pr.dcm");
  return dir;
}

struct Shot : viewer_test::ShotFacts {
  scanshare_test::ViewerScreenshot ran;
};

Shot shot(const fs::path& open, const std::string& name, const std::string& steps) {
  Shot s;
  s.ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, open, workDir() / (name + ".png"), "--steps '" + steps + "'", "1280x1024x24");
  EXPECT_EQ(s.ran.exit_code, 0) << steps << "\n" << s.ran.out;
  static_cast<viewer_test::ShotFacts&>(s) = viewer_test::readShotFacts(s.ran.out);
  return s;
}

// Grey of the screen pixel over image pixel (column, row), for an unturned picture.
int greyOf(const Shot& s, double column, double row) {
  return viewer_test::grey(s.ran.picture, static_cast<int>(s.x + (column + 0.5) / kSize * s.w),
                           static_cast<int>(s.y + (row + 0.5) / kSize * s.h));
}

// Mean grey difference over a grid of the image's box (normalised positions 0.1 .. 0.9).
double meanDifference(const Shot& a, const Shot& b) {
  double sum = 0;
  int n = 0;
  for (double v = 0.1; v <= 0.9; v += 0.05)
    for (double u = 0.1; u <= 0.9; u += 0.05, ++n)
      sum += std::abs(viewer_test::grey(a.ran.picture, static_cast<int>(a.x + u * a.w), static_cast<int>(a.y + v * a.h)) -
                      viewer_test::grey(b.ran.picture, static_cast<int>(b.x + u * b.w), static_cast<int>(b.y + v * b.h)));
  return sum / n;
}

TEST(ViewerPresentationDisplay, CircularShutterGreysTheCornersAndLeavesTheCentre) {
  auto pr = onFirstSlice();
  pr.shutter_shape = "CIRCULAR";
  pr.circle_centre = {33, 33};  // row\column, 1-based: image pixel (32, 32)
  pr.circle_radius = 26;
  pr.shutter_value = 32768;     // mid grey
  const fs::path cd = medium("circle", pr);
  const Shot state = shot(cd, "circle", "series=2");
  const Shot plain = shot(cd, "circle-plain", "series=1;slice=1");
  ASSERT_GT(state.w, 100) << state.ran.out;
  EXPECT_EQ(state.slice, "1/3");
  EXPECT_NE(state.presentation.find("circle=32,32,26"), std::string::npos) << state.presentation;
  for (const auto& [c, r] : {std::pair{2, 2}, {61, 2}, {2, 61}, {61, 61}}) {
    EXPECT_NEAR(greyOf(state, c, r), 128, 2) << "corner " << c << "," << r << " at the shutter grey";
    EXPECT_GT(std::abs(greyOf(plain, c, r) - 128), 10) << "the plain image is not that grey there";
  }
  for (const auto& [c, r] : {std::pair{32, 32}, {20, 40}, {45, 25}})
    EXPECT_NEAR(greyOf(state, c, r), greyOf(plain, c, r), 3) << "inside the circle the image is unchanged";
}

TEST(ViewerPresentationDisplay, PolygonalShutterKeepsOnlyTheTriangle) {
  auto pr = onFirstSlice();
  pr.shutter_shape = "POLYGONAL";
  pr.polygon = {1, 33, 64, 1, 64, 64};  // top middle, bottom left, bottom right (row\column)
  const fs::path cd = medium("polygon", pr);
  const Shot state = shot(cd, "polygon", "series=2");
  const Shot plain = shot(cd, "polygon-plain", "series=1;slice=1");
  EXPECT_NE(state.presentation.find("polygon=3"), std::string::npos) << state.presentation;
  EXPECT_LT(greyOf(state, 4, 8), 3) << "above the triangle's left side: black";
  EXPECT_LT(greyOf(state, 59, 8), 3);
  EXPECT_GT(greyOf(plain, 4, 8), 20);
  EXPECT_NEAR(greyOf(state, 32, 50), greyOf(plain, 32, 50), 3) << "inside the triangle";
}

TEST(ViewerPresentationDisplay, RotationNinetyEqualsTheRotateStep) {
  auto pr = onFirstSlice();
  pr.rotation = 90;
  const fs::path cd = medium("rotation", pr);
  const Shot state = shot(cd, "rotation", "series=2");
  const Shot rotated = shot(cd, "rotation-step", "series=1;slice=1;rotate=90");
  const Shot plain = shot(cd, "rotation-plain", "series=1;slice=1");
  EXPECT_NE(state.presentation.find("rotation=90"), std::string::npos) << state.presentation;
  EXPECT_NEAR(state.w, rotated.w, 1.0);
  EXPECT_LT(meanDifference(state, rotated), 3.0) << "turned like the rotate=90 step";
  EXPECT_GT(meanDifference(state, plain), 20.0) << "and not left as it was";
}

TEST(ViewerPresentationDisplay, HorizontalFlipThenRotationEqualsTheSteps) {
  auto pr = onFirstSlice();
  pr.horizontal_flip = true;
  pr.rotation = 270;
  const fs::path cd = medium("flip", pr);
  const Shot state = shot(cd, "flip", "series=2");
  const Shot stepped = shot(cd, "flip-step", "series=1;slice=1;flipH;rotate=270");
  const Shot rotated = shot(cd, "flip-rotated-only", "series=1;slice=1;rotate=270");
  EXPECT_LT(meanDifference(state, stepped), 3.0) << "flipped first, then turned";
  EXPECT_GT(meanDifference(state, rotated), 20.0) << "the flip is there";
}

TEST(ViewerPresentationDisplay, DisplayedAreaZoomsToItsBoxAndTheNextSeriesFitsAgain) {
  auto pr = onFirstSlice();
  pr.displayed_area = std::array<int, 4>{17, 17, 48, 48};  // the middle half, scaled to fit
  const fs::path cd = medium("area", pr);
  const Shot state = shot(cd, "area", "series=2");
  const Shot plain = shot(cd, "area-plain", "series=1;slice=1");
  EXPECT_NE(state.presentation.find("area=15.5,15.5,47.5,47.5"), std::string::npos) << state.presentation;
  EXPECT_NEAR(state.w, 2.0 * plain.w, 2.0) << "half the image fills the view";
  // The box's centre is the view's: the image's centre stays where the plain image's centre is.
  EXPECT_NEAR(state.x + state.w / 2, plain.x + plain.w / 2, 2.0);
  EXPECT_NEAR(state.y + state.h / 2, plain.y + plain.h / 2, 2.0);
  // Another series afterwards: fitted again, no state.
  const Shot after = shot(cd, "area-after", "series=2;series=1;slice=1");
  EXPECT_TRUE(after.presentation.empty());
  EXPECT_NEAR(after.w, plain.w, 1.0);
  EXPECT_LT(viewer_test::compare(after.ran.picture, plain.ran.picture).differing, 50);
}

TEST(ViewerPresentationDisplay, MagnifyShowsTwoScreenPixelsPerImagePixel) {
  auto pr = onFirstSlice();
  pr.displayed_area = std::array<int, 4>{1, 1, 64, 64};
  pr.size_mode = "MAGNIFY";
  pr.magnification = 2.0;
  const Shot state = shot(medium("magnify", pr), "magnify", "series=2");
  EXPECT_NEAR(state.w, 128.0, 1.0);
}

TEST(ViewerPresentationDisplay, LayerColourFromCielab) {
  auto pr = onFirstSlice();
  pr.line = std::array<float, 3>{8, 56, 40};
  pr.layer_cielab = std::array<std::uint16_t, 3>{34891, 53479, 50167};  // sRGB red
  const Shot state = shot(medium("colour", pr), "colour", "series=2");
  const auto& p = state.ran.picture;
  int red = 0;
  for (double c = 12; c < 52; c += 2) {
    const int x = static_cast<int>(state.x + c / kSize * state.w);
    for (int dy = -3; dy <= 3; ++dy) {
      const int y = static_cast<int>(state.y + 40.0 / kSize * state.h) + dy;
      const std::size_t i = (static_cast<std::size_t>(y) * p.width + x) * p.channels;
      if (p.pixels[i] > 200 && p.pixels[i + 1] < 60 && p.pixels[i + 2] < 60) {
        ++red;
        break;
      }
    }
  }
  EXPECT_GE(red, 18) << "the line is drawn in its layer's red";
}

}  // namespace
