// Rotate and flip (issue 14): the picture turns, and the orientation letters on the four sides
// follow it. A CT series is written here: 64 x 64 pixels, identity orientation (columns towards
// the patient's left, rows towards posterior), values rising 7 per column and 3 per row, so every
// turn of the picture is told apart from every other by its pixels.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "synthetic_dicom.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

constexpr int kSize = viewer_test::kRampCtSize;

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-turn-");
  return owner.root;
}

const fs::path& series() {
  static const fs::path dir = [] {
    viewer_test::RampCtOptions o;
    o.series_uid = "1.2.826.0.1.3680043.10.1000.92.1";
    o.window_center = 1300.0;
    o.window_width = 900.0;
    return viewer_test::writeRampCtSeries(workDir() / "ct", o);
  }();
  return dir;
}

struct Shot : viewer_test::ShotFacts {
  scanshare_test::ViewerScreenshot ran;
};

Shot shot(const std::string& name, const std::string& steps) {
  Shot s;
  s.ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, series(), workDir() / (name + ".png"), "--steps '" + steps + "'",
                                           "1280x1024x24");
  EXPECT_EQ(s.ran.exit_code, 0) << steps << "\n" << s.ran.out;
  static_cast<viewer_test::ShotFacts&>(s) = viewer_test::readShotFacts(s.ran.out);
  return s;
}

// Grey at the normalised position (u, v) of the image's box.
double greyAt(const Shot& s, double u, double v) {
  return viewer_test::grey(s.ran.picture, static_cast<int>(s.x + u * s.w), static_cast<int>(s.y + v * s.h));
}

// Correlation between the plain picture at image point (x, y) and the turned one at where(x, y),
// over a grid inside the image (away from the corner text and the letters).
template <typename Where>
double match(const Shot& plain, const Shot& turned, Where where) {
  std::vector<double> a, b;
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) {
      const double x = 0.2 + 0.6 * i / 11.0, y = 0.2 + 0.6 * j / 11.0;
      const auto [u, v] = where(x, y);
      a.push_back(greyAt(plain, x, y));
      b.push_back(greyAt(turned, u, v));
    }
  return viewer_test::correlation(a, b);
}

std::pair<double, double> same(double x, double y) { return {x, y}; }

TEST(ViewerTurn, OrientationLettersFollowRotateAndFlip) {
  // Unturned: the patient's right on the left, anterior at the top.
  EXPECT_EQ(shot("plain", "slice=1").letters, "R A L P");
  // A quarter turn clockwise: what was on the left (R) is on the top.
  EXPECT_EQ(shot("r90", "rotate=90").letters, "P R A L");
  EXPECT_EQ(shot("r180", "rotate=180").letters, "L P R A");
  EXPECT_EQ(shot("r270", "rotate=270").letters, "A L P R");
  EXPECT_EQ(shot("fh", "flipH").letters, "L A R P");
  EXPECT_EQ(shot("fv", "flipV").letters, "R P L A");
  EXPECT_EQ(shot("r90fh", "rotate=90;flipH").letters, "A R P L");
  // Four quarter turns, or two flips of each kind, are no turn at all.
  EXPECT_EQ(shot("r360", "rotate=90;rotate=180;rotate=90").letters, "R A L P");
  EXPECT_EQ(shot("fhfv", "flipH;flipV;rotate=180").letters, "R A L P");
}

TEST(ViewerTurn, PicturesTurnWithTheLetters) {
  const Shot plain = shot("p-plain", "slice=2");
  ASSERT_GT(plain.w, 100);
  const Shot r90 = shot("p-r90", "slice=2;rotate=90");
  const Shot fh = shot("p-fh", "slice=2;flipH");
  const Shot fv = shot("p-fv", "slice=2;flipV");
  // The unturned picture is the gradient: the grid sees it.
  EXPECT_GT(match(plain, plain, same), 0.99);
  // Rotated clockwise, image point (x, y) lies at (1 - y, x); unturned mapping does not fit.
  EXPECT_GT(match(plain, r90, [](double x, double y) { return std::pair{1 - y, x}; }), 0.97);
  EXPECT_LT(match(plain, r90, same), 0.3);
  EXPECT_GT(match(plain, fh, [](double x, double y) { return std::pair{1 - x, y}; }), 0.97);
  EXPECT_LT(match(plain, fh, same), 0.0);
  EXPECT_GT(match(plain, fv, [](double x, double y) { return std::pair{x, 1 - y}; }), 0.97);
  EXPECT_LT(match(plain, fv, same), 0.9);
  // Reached by turning, equal to the picture turned: a flipH then flipV is a half turn.
  const Shot both = shot("p-both", "slice=2;flipH;flipV");
  const Shot r180 = shot("p-r180", "slice=2;rotate=180");
  EXPECT_LT(viewer_test::compare(both.ran.picture, r180.ran.picture).differing, 50);
}

}  // namespace
