// Layout 2x2 (issue 14): four viewports, scrolling linked by position when the series share a
// Frame of Reference, and the active viewport's slice drawn as a reference line on the viewports
// whose planes differ. Three series of one Frame of Reference are written here: axial A (20
// slices, z = 0, 2, ..., 38), axial B (8 slices, z = 1, 6, ..., 36) and sagittal C (10 slices;
// image row v lies at z = 40 - v).
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "synthetic_dicom.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

constexpr int kSize = 64;
const char* kFrame = "1.2.826.0.1.3680043.10.1000.94.9";

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-grid-");
  return owner.root;
}

void writeStack(const fs::path& dir, int number, int count, std::array<double, 6> orientation, std::array<double, 3> first,
                std::array<double, 3> step) {
  fs::create_directories(dir);
  for (int k = 0; k < count; ++k) {
    pixels_test::SyntheticImage slice;
    slice.rows = slice.columns = kSize;
    slice.modality = "MR";
    slice.series_uid = "1.2.826.0.1.3680043.10.1000.94." + std::to_string(number);
    slice.series_number = number;
    slice.frame_of_reference_uid = kFrame;
    slice.instance_number = k + 1;
    slice.position = std::array<double, 3>{first[0] + k * step[0], first[1] + k * step[1], first[2] + k * step[2]};
    slice.orientation = orientation;
    slice.pixel_spacing = std::array<double, 2>{1.0, 1.0};
    slice.window = std::array<double, 2>{500.0, 1000.0};
    for (int r = 0; r < kSize; ++r)
      for (int c = 0; c < kSize; ++c) slice.samples.push_back(200 + 4 * c + 2 * r + 10 * k);
    pixels_test::writeSynthetic(slice, dir / ("s" + std::to_string(number) + "-" + std::to_string(k) + ".dcm"));
  }
}

const fs::path& study() {
  static const fs::path dir = [] {
    const fs::path d = workDir() / "study";
    writeStack(d / "a", 1, 20, {1, 0, 0, 0, 1, 0}, {-32, -32, 0}, {0, 0, 2});
    writeStack(d / "b", 2, 8, {1, 0, 0, 0, 1, 0}, {-32, -32, 1}, {0, 0, 5});
    writeStack(d / "c", 3, 10, {0, 1, 0, 0, 0, -1}, {-15, -32, 40}, {3, 0, 0});
    return d;
  }();
  return dir;
}

struct Cell {
  int slice = 0, count = 0;
  double x = 0, y = 0, w = 0, h = 0;
  double centre = 0, width = 0;  // its window
  bool has_line = false;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

struct Grid {
  scanshare_test::ViewerScreenshot ran;
  Cell cells[5];  // 1-based
};

Grid shot(const std::string& name, const std::string& steps) {
  Grid g;
  g.ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, study(), workDir() / (name + ".png"), "--steps '" + steps + "'", "1280x1024x24");
  EXPECT_EQ(g.ran.exit_code, 0) << steps << "\n" << g.ran.out;
  std::istringstream lines(g.ran.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    std::string word, what;
    int i = 0;
    in >> word >> i >> what;
    if (word != "cell" || i < 1 || i > 4) continue;
    Cell& c = g.cells[i];
    if (what == "slice") {
      char slash = 0;
      std::string rect, window;
      in >> c.slice >> slash >> c.count >> rect >> c.x >> c.y >> c.w >> c.h >> window >> c.centre >> c.width;
    } else if (what == "reference-line") {
      c.has_line = true;
      in >> c.x1 >> c.y1 >> c.x2 >> c.y2;
    }
  }
  return g;
}

bool yellow(const imaging::Rgb8Image& p, int x, int y) {
  const std::size_t at = (static_cast<std::size_t>(y) * p.width + x) * p.channels;
  return p.pixels[at] > 200 && p.pixels[at + 1] > 170 && p.pixels[at + 2] < 90;
}

TEST(ViewerGrid, LinkedScrollMovesTheOtherViewportToTheNearestPosition) {
  // Axial A at slice 7 (z = 12): B's nearest plane is z = 11, its slice 3.
  const Grid linked = shot("linked", "layout=2x2;cell=2,2;cell=3,3;link=on;slice=7");
  EXPECT_EQ(linked.cells[1].slice, 7);
  EXPECT_EQ(linked.cells[2].slice, 3) << linked.ran.out;
  EXPECT_EQ(linked.cells[2].count, 8);
  EXPECT_EQ(linked.cells[3].slice, 6) << "the sagittal series is not parallel: it stays at its middle slice";
  const Grid top = shot("linked-top", "layout=2x2;cell=2,2;link=on;slice=20");
  EXPECT_EQ(top.cells[2].slice, 8) << "z = 38: B's last plane, z = 36";
  // Unlinked, B stays at its middle slice.
  const Grid unlinked = shot("unlinked", "layout=2x2;cell=2,2;slice=7");
  EXPECT_EQ(unlinked.cells[2].slice, 5);
  // Linking afterwards brings it to the active viewport's position at once.
  EXPECT_EQ(shot("link-late", "layout=2x2;cell=2,2;slice=7;link=on").cells[2].slice, 3);
}

TEST(ViewerGrid, ReferenceLineOfTheAxialSliceIsDrawnOnTheSagittal) {
  const Grid g = shot("lines", "layout=2x2;cell=2,2;cell=3,3;slice=7");
  ASSERT_GT(g.cells[3].w, 50) << g.ran.out;
  // On the sagittal (viewport 3): a horizontal line at image row 28 (z = 12).
  ASSERT_TRUE(g.cells[3].has_line) << g.ran.out;
  const double expected_y = g.cells[3].y + (28 + 0.5) / kSize * g.cells[3].h;
  EXPECT_NEAR(g.cells[3].y1, expected_y, 1.5);
  EXPECT_NEAR(g.cells[3].y2, expected_y, 1.5);
  // Its pixels are yellow across the image, and not a few pixels above or below.
  const auto& p = g.ran.picture;
  int on_line = 0, off_line = 0, samples = 0;
  for (double u = 0.1; u < 0.9; u += 0.05) {
    const int x = static_cast<int>(g.cells[3].x + u * g.cells[3].w);
    bool hit = false;
    for (int dy = -1; dy <= 1; ++dy) hit = hit || yellow(p, x, static_cast<int>(expected_y) + dy);
    on_line += hit;
    off_line += yellow(p, x, static_cast<int>(expected_y) - 8) + yellow(p, x, static_cast<int>(expected_y) + 8);
    ++samples;
  }
  EXPECT_GE(on_line, samples - 1);
  EXPECT_EQ(off_line, 0);
  // The parallel axial B has none, and the active viewport itself has none.
  EXPECT_FALSE(g.cells[2].has_line);
  EXPECT_FALSE(g.cells[1].has_line);
  long long yellow_in_b = 0;
  for (int y = static_cast<int>(g.cells[2].y); y < g.cells[2].y + g.cells[2].h; ++y)
    for (int x = static_cast<int>(g.cells[2].x); x < g.cells[2].x + g.cells[2].w; ++x) yellow_in_b += yellow(p, x, y);
  EXPECT_LT(yellow_in_b, 30) << "only the scale bar's yellow, if any";
  // Another slice moves the line: slice 17 (z = 32) lies on row 8.
  const Grid moved = shot("lines-moved", "layout=2x2;cell=3,3;slice=17");
  ASSERT_TRUE(moved.cells[3].has_line);
  EXPECT_NEAR(moved.cells[3].y1, moved.cells[3].y + (8 + 0.5) / kSize * moved.cells[3].h, 1.5);
}

TEST(ViewerGrid, LinkedWindowIsSetInEveryViewport) {
  const Grid linked = shot("wl-linked", "layout=2x2;cell=2,2;cell=3,3;linkWindow=on;window=300,700");
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(linked.cells[i].centre, 300) << i << "\n" << linked.ran.out;
    EXPECT_EQ(linked.cells[i].width, 700) << i;
  }
  // Unlinked, the others keep the file's window (500/1000); linking later shares the active one's.
  const Grid unlinked = shot("wl-unlinked", "layout=2x2;cell=2,2;window=300,700");
  EXPECT_EQ(unlinked.cells[1].centre, 300);
  EXPECT_EQ(unlinked.cells[2].centre, 500);
  EXPECT_EQ(unlinked.cells[2].width, 1000);
  const Grid late = shot("wl-late", "layout=2x2;cell=2,2;window=300,700;linkWindow=on");
  EXPECT_EQ(late.cells[2].centre, 300);
  // The pixels follow: values of about 200..650 are brighter through 300/700 than through 500/1000.
  const auto mean = [](const Grid& g, int i) {
    double sum = 0;
    int n = 0;
    for (double u = 0.2; u < 0.8; u += 0.1)
      for (double v = 0.2; v < 0.8; v += 0.1, ++n)
        sum += viewer_test::grey(g.ran.picture, static_cast<int>(g.cells[i].x + u * g.cells[i].w), static_cast<int>(g.cells[i].y + v * g.cells[i].h));
    return sum / n;
  };
  EXPECT_GT(mean(linked, 2), mean(unlinked, 2) + 20);
}

TEST(ViewerGrid, ReachedThroughOtherLayoutsEqualsOpenedDirectly) {
  const Grid direct = shot("direct", "layout=2x2;cell=2,2;cell=3,3");
  const Grid through = shot("through", "mpr;layout=1x2;cell=2,3;mpr;layout=2x2;cell=2,2;cell=3,3;layout=1x1;layout=2x2");
  ASSERT_GT(direct.ran.picture.width, 0);
  EXPECT_LT(viewer_test::compare(direct.ran.picture, through.ran.picture).differing, 50);
}

}  // namespace
