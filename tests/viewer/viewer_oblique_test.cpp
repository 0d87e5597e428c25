// Oblique MPR (issue 14): rotating the crosshair in the axial pane turns the coronal and sagittal
// planes about the cursor. An axial series is written here whose quadrants are bright or dark
// (bright where column < 48 xor row < 48; 96 x 96 pixels of 1 mm, 10 slices 2 mm apart), so a
// turned plane crosses the quadrants elsewhere than the orthogonal one.
#include <gtest/gtest.h>

#include <cmath>
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
  static const viewer_test::WorkDir owner("viewer-oblique-");
  return owner.root;
}

const fs::path& series() {
  static const fs::path dir =
      viewer_test::writeAxialSlices(workDir() / "quadrants", "1.2.826.0.1.3680043.10.1000.96.1", 96, 10,
                                    [](int, int r, int c) -> std::int32_t { return (c < 48) != (r < 48) ? 1800 : 200; });
  return dir;
}

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
};

struct Shot {
  imaging::Rgb8Image picture;
  std::map<std::string, Rect> images;        // each pane's image, window pixels
  std::map<std::string, std::string> letters;  // each pane's orientation letters: left top right bottom
  std::string cursor;
};

// MPR with the cursor at column 40, row 50, slice 5, then `steps`.
Shot mpr(const std::string& name, const std::string& steps) {
  const auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, series(), workDir() / (name + ".png"),
                                                    "--mpr --mpr-point 40,50,5 --steps '" + steps + "'", "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << ran.out;
  Shot shot;
  shot.picture = ran.picture;
  std::istringstream lines(ran.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    std::string key, plane;
    in >> key;
    if (key == "mpr-image") {
      Rect r;
      in >> plane >> r.x >> r.y >> r.w >> r.h;
      shot.images[plane] = r;
    } else if (key == "mpr-letters") {
      in >> plane;
      std::getline(in, shot.letters[plane]);
      shot.letters[plane].erase(0, 1);
    } else if (key == "mpr-cursor") {
      std::getline(in, shot.cursor);
    }
  }
  return shot;
}

// The mean grey-level difference of two pictures inside r.
double meanDifference(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b, const Rect& r) {
  double sum = 0;
  long long n = 0;
  for (int y = static_cast<int>(r.y) + 2; y < r.y + r.h - 2 && y < a.height; ++y)
    for (int x = static_cast<int>(r.x) + 2; x < r.x + r.w - 2 && x < a.width; ++x) {
      sum += std::abs(viewer_test::grey(a, x, y) - viewer_test::grey(b, x, y));
      ++n;
    }
  return n ? sum / n : 0;
}

double meanGrey(const imaging::Rgb8Image& a, const Rect& r) {
  double sum = 0;
  long long n = 0;
  for (int y = static_cast<int>(r.y) + 2; y < r.y + r.h - 2 && y < a.height; ++y)
    for (int x = static_cast<int>(r.x) + 2; x < r.x + r.w - 2 && x < a.width; ++x) {
      sum += viewer_test::grey(a, x, y);
      ++n;
    }
  return n ? sum / n : 0;
}

TEST(ViewerObliqueMpr, RotatingTheAxialCrosshairTurnsTheOtherPlanesOnly) {
  const Shot straight = mpr("straight", "mip=0");
  const Shot turned = mpr("turned", "mprRotate=axial,30");
  ASSERT_EQ(straight.images.size(), 3u);
  // The axial picture stays (only its crosshair lines turn); the coronal and sagittal planes now
  // cross the quadrants elsewhere (measured inside the orthogonal planes' image).
  EXPECT_LT(meanDifference(straight.picture, turned.picture, straight.images.at("axial")), 4.0);
  EXPECT_GT(meanDifference(straight.picture, turned.picture, straight.images.at("coronal")), 20.0);
  EXPECT_GT(meanDifference(straight.picture, turned.picture, straight.images.at("sagittal")), 20.0);
  // An oblique plane cuts the volume over a wider rectangle; the scale of the pane stays.
  EXPECT_GT(turned.images.at("coronal").w, straight.images.at("coronal").w + 10);
  EXPECT_NEAR(turned.images.at("axial").w, straight.images.at("axial").w, 0.5);
  // The cursor stays where it was.
  EXPECT_EQ(turned.cursor, straight.cursor);
  // Letters combined for the oblique directions: the coronal's right is 30 degrees from L towards P.
  EXPECT_EQ(straight.letters.at("coronal"), "R H L F");
  EXPECT_EQ(turned.letters.at("coronal"), "RA H LP F");
  EXPECT_EQ(straight.letters.at("sagittal"), "A H P F");
  EXPECT_EQ(turned.letters.at("sagittal"), "AL H PR F");
  EXPECT_EQ(turned.letters.at("axial"), "R A L P");
}

TEST(ViewerObliqueMpr, ResetEqualsOpeningMprDirectly) {
  const Shot direct = mpr("direct", "mip=0");
  const Shot reset = mpr("reset", "mprRotate=axial,30;mprRotate=sagittal,-20;mprReset");
  const Shot turned = mpr("turned-twice", "mprRotate=axial,30;mprRotate=sagittal,-20");
  const auto same = viewer_test::compare(direct.picture, reset.picture);
  EXPECT_LE(same.differing, 50) << "of " << same.total;
  EXPECT_EQ(reset.letters, direct.letters);
  // And the turned picture really differed (the comparison can fail).
  EXPECT_GT(viewer_test::compare(direct.picture, turned.picture).differing, 2000);
}

TEST(ViewerObliqueMpr, ThickSlabAndWindowFollowTheTurnedPlanes) {
  // A window change reaches the oblique panes.
  const Shot turned = mpr("turned-window", "mprRotate=axial,30");
  const Shot dark = mpr("turned-dark", "mprRotate=axial,30;window=1800,400");
  EXPECT_GT(meanDifference(turned.picture, dark.picture, turned.images.at("coronal")), 20.0);
  const Shot slab = mpr("turned-slab", "mprRotate=axial,30;mip=8");
  // Along the turned coronal normal the slab reaches across the quadrant edges, so bright
  // quadrants spread; along the axial normal every slice is alike, so the axial pane stays.
  EXPECT_GT(meanGrey(slab.picture, turned.images.at("coronal")), meanGrey(turned.picture, turned.images.at("coronal")) + 3.0);
  EXPECT_LT(meanDifference(turned.picture, slab.picture, turned.images.at("axial")), 4.0);
}

}  // namespace
