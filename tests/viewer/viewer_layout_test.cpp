// Two viewports side by side (--steps layout=1x2;compare=N, issue 14): the second shows series N
// beside the current one, each on its own cleared background; a window reached through steps
// equals the window opened directly (--layout 1x2 --compare N) on the same state.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "viewer_compare.h"
#include "viewer_demo_cd.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const viewer_test::DemoCd& demo() {
  static const viewer_test::DemoCd cd("viewer-layout-");
  return cd;
}
const fs::path& sampleCd() { return demo().cd(); }
scanshare_test::ViewerScreenshot shot(const std::string& name, const std::string& options) {
  return demo().shot(name, options);
}

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
};

// "KEY X Y W H" as the viewer prints it; false when absent or empty.
bool rectLine(const std::string& out, const std::string& key, Rect& r) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(key + " ", 0) == 0) {
      std::istringstream(line.substr(key.size() + 1)) >> r.x >> r.y >> r.w >> r.h;
      return r.w > 0 && r.h > 0;
    }
  return false;
}

// Grey levels on an n x n grid over the rectangle (pixel centres), for pictures of different places.
std::vector<double> sample(const imaging::Rgb8Image& picture, const Rect& r, int n = 64) {
  std::vector<double> grid;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      grid.push_back(viewer_test::grey(picture, static_cast<int>(r.x + (i + 0.5) * r.w / n),
                                       static_cast<int>(r.y + (j + 0.5) * r.h / n)));
  return grid;
}

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); }

double spread(const std::vector<double>& v) {
  const double m = mean(v);
  double sum = 0;
  for (double x : v) sum += (x - m) * (x - m);
  return std::sqrt(sum / v.size());
}

void expectSamePicture(const std::string& name, const std::string& steps, const std::string& direct) {
  const auto reached = shot(name + "-steps", "--steps '" + steps + "'");
  const auto opened = shot(name + "-direct", direct);
  ASSERT_GT(reached.picture.width, 0);
  ASSERT_GT(opened.picture.width, 0);
  const auto d = viewer_test::compare(reached.picture, opened.picture);
  EXPECT_LE(d.differing, 50) << steps << " vs " << direct << ": " << d.differing << " of " << d.total << " pixels differ";
}

class ViewerLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(sampleCd() / "DICOMDIR")) GTEST_SKIP() << "needs the demo sample CD (scanshare-make-sample)";
  }
};

TEST_F(ViewerLayout, SideBySideShowsTheCompareSeriesBesideTheCurrentOne) {
  const auto both = shot("both", "--steps 'series=1;layout=1x2;compare=7'");
  const auto ct = shot("ct", "--series 7");
  ASSERT_GT(both.picture.width, 0);
  ASSERT_GT(ct.picture.width, 0);
  Rect left, right, alone;
  ASSERT_TRUE(rectLine(both.out, "image-rect", left)) << both.out;
  ASSERT_TRUE(rectLine(both.out, "compare-rect", right)) << both.out;
  ASSERT_TRUE(rectLine(ct.out, "image-rect", alone)) << ct.out;
  EXPECT_FALSE(rectLine(ct.out, "compare-rect", alone)) << "one viewport by default";
  EXPECT_LE(left.x + left.w, right.x + 1) << "the compare viewport is not to the right of the current one";
  ASSERT_LE(right.x + right.w, both.picture.width);

  const auto mr_half = sample(both.picture, left), ct_half = sample(both.picture, right), ct_alone = sample(ct.picture, alone);
  EXPECT_GT(spread(mr_half), 10) << "the current viewport is blank";
  EXPECT_GT(spread(ct_half), 10) << "the compare viewport is blank";
  // The right half is the CT's middle slice as the slice view shows it, the left half is not.
  EXPECT_GT(viewer_test::correlation(ct_half, ct_alone), 0.9);
  EXPECT_LT(viewer_test::correlation(mr_half, ct_alone), 0.5);
  const auto& out = both.out;
  EXPECT_NE(out.find("compare-slice 11/20"), std::string::npos) << out;  // CT axial: 20 slices, the middle one
  EXPECT_NE(out.find("slice 13/24"), std::string::npos) << out;          // MR sagittal: 24 slices, the middle one
}

TEST_F(ViewerLayout, StepsThroughMprAndSeriesEqualOpenedDirectly) {
  expectSamePicture("mpr-layout", "series=7;mpr;mpr;layout=1x2;compare=1;compare=8;series=3;slice=7",
                    "--series 3 --slice 7 --layout 1x2 --compare 8");
}

TEST_F(ViewerLayout, CompareChosenBeforeTheLayoutEqualsOpenedDirectly) {
  expectSamePicture("compare-first", "compare=2;series=7;zoom=0.5;layout=1x2;series=8", "--series 8 --layout 1x2 --compare 2");
}

TEST_F(ViewerLayout, BackToOneViewportLeavesNoTrace) {
  expectSamePicture("one-again", "layout=1x2;compare=7;layout=1x1;series=2", "--series 2");
}

TEST_F(ViewerLayout, ReportBesideAnImageEqualsOpenedDirectly) {
  expectSamePicture("report-beside", "layout=1x2;compare=1;series=7;series=5", "--series 5 --layout 1x2 --compare 1");
}

}  // namespace
