// Tools in every viewport (issue 14): rotate/flip and the drawing tools act on the active viewport
// (active=N, or the one last clicked), which has a thin border in 1x2 and 2x2; regions, arrows and
// notes stay with their series for the session. Two CT ramp series are written here (64 x 64,
// values rising by 7 per column and 3 per row, so a quarter turn changes the picture).
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-active-");
  return owner.root;
}

const fs::path& study() {
  static const fs::path dir = [] {
    const fs::path d = workDir() / "study";
    viewer_test::writeRampCtSeries(d / "a", {"1.2.826.0.1.3680043.10.1000.97.1", 1400, 800, std::nullopt, std::nullopt, 0, {}});
    viewer_test::writeRampCtSeries(d / "b", {"1.2.826.0.1.3680043.10.1000.97.2", 1200, 400, std::nullopt, std::nullopt, 0, {}});
    return d;
  }();
  return dir;
}

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  bool contains(int px, int py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

struct Shot {
  imaging::Rgb8Image picture;
  std::map<int, Rect> viewports;
  int active = 0;
  std::string out;
};

Shot run(const std::string& name, const std::string& steps) {
  const auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, study(), workDir() / (name + ".png"), "--steps '" + steps + "'",
                                                    "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << ran.out;
  Shot shot;
  shot.picture = ran.picture;
  shot.out = ran.out;
  std::istringstream lines(ran.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    std::string key, flag;
    int n = 0;
    Rect r;
    in >> key;
    if (key != "viewport") continue;
    in >> n >> r.x >> r.y >> r.w >> r.h >> flag;
    shot.viewports[n] = r;
    if (flag == "active") shot.active = n;
  }
  return shot;
}

// Pixels that differ by more than 40 grey levels, inside and outside viewport `n`.
struct Split {
  long long inside = 0, outside = 0;
};
Split differing(const Shot& a, const Shot& b, int n) {
  Split split;
  const Rect r = a.viewports.at(n);
  const auto& p = a.picture;
  const auto& q = b.picture;
  if (p.width != q.width || p.height != q.height) return {1, 1};
  for (int y = 0; y < p.height; ++y)
    for (int x = 0; x < p.width; ++x) {
      const std::size_t i = (static_cast<std::size_t>(y) * p.width + x) * p.channels;
      bool differs = false;
      for (int ch = 0; ch < 3; ++ch) differs = differs || std::abs(p.pixels[i + ch] - q.pixels[i + ch]) > 40;
      if (differs) ++(r.contains(x, y) ? split.inside : split.outside);
    }
  return split;
}

const std::string kTwo = "layout=1x2;compare=2";

TEST(ViewerActiveViewport, ARegionDrawnInViewportTwoChangesViewportTwoOnly) {
  const Shot before = run("roi-before", kTwo + ";active=2");
  const Shot after = run("roi-after", kTwo + ";active=2;roi=rect,10,10,30,20");
  ASSERT_EQ(before.viewports.size(), 2u) << before.out;
  EXPECT_EQ(before.active, 2);
  const Split d = differing(before, after, 2);
  EXPECT_GT(d.inside, 100) << "the rectangle and its statistics";
  EXPECT_EQ(d.outside, 0) << "nothing changes outside viewport 2";
}

TEST(ViewerActiveViewport, RotateTurnsTheActiveViewportOnly) {
  const Shot before = run("rotate-before", kTwo + ";active=2");
  const Shot after = run("rotate-after", kTwo + ";active=2;rotate=90");
  const Split d = differing(before, after, 2);
  EXPECT_GT(d.inside, 2000) << "a quarter turn of the ramp";
  EXPECT_EQ(d.outside, 0);
  // Without active=2 the same step turns viewport 1.
  const Shot first = run("rotate-first", kTwo + ";rotate=90");
  const Shot plain = run("rotate-plain", kTwo);
  const Split e = differing(plain, first, 1);
  EXPECT_GT(e.inside, 2000);
  EXPECT_EQ(e.outside, 0);
}

TEST(ViewerActiveViewport, TheBorderFollowsTheActiveViewportAndLeavesNothingBehind) {
  const Shot one = run("border-one", kTwo);
  const Shot two = run("border-two", kTwo + ";active=2");
  const Shot back = run("border-back", kTwo + ";active=2;active=1");
  EXPECT_EQ(one.active, 1);
  EXPECT_EQ(two.active, 2);
  // The border is drawn: the two pictures differ along both viewports' edges, and only there.
  const Split d = differing(one, two, 2);
  EXPECT_GT(d.inside, 500);
  EXPECT_GT(d.outside, 500);
  const Rect v2 = two.viewports.at(2);
  EXPECT_GT(viewer_test::grey(two.picture, v2.x + 1, v2.y + v2.h / 2), viewer_test::grey(one.picture, v2.x + 1, v2.y + v2.h / 2) + 40);
  // Back to viewport 1: equal to the window opened that way, no border left on viewport 2.
  EXPECT_LE(viewer_test::compare(one.picture, back.picture).differing, 50);
  // One viewport: no border at all.
  const Shot single = run("border-single", "slice=1");
  EXPECT_EQ(single.viewports.size(), 0u);
}

TEST(ViewerActiveViewport, RegionsArrowsAndNotesComeBackWithTheirSeries) {
  const std::string drawn = "roi=rect,10,10,30,20;arrow=50,50,40,40;note=5,55,Check";
  const Shot direct = run("kept-direct", drawn);
  const Shot again = run("kept-again", drawn + ";series=2;series=1");
  const Shot plain = run("kept-plain", "slice=1");
  EXPECT_LE(viewer_test::compare(direct.picture, again.picture).differing, 50) << "the region, arrow and note are back";
  EXPECT_GT(viewer_test::compare(plain.picture, again.picture).differing, 100) << "and they are drawn";
  EXPECT_NE(again.out.find("roi-stats rect"), std::string::npos) << again.out;
  // The other series does not show them.
  const Shot other = run("kept-other", drawn + ";series=2");
  const Shot other_plain = run("kept-other-plain", "series=2");
  EXPECT_LE(viewer_test::compare(other.picture, other_plain.picture).differing, 50);
}

}  // namespace
