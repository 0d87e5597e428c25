// Presentation states (issue 14): selecting the GSPS of the demo sample CD (browser order: 1-3 MR,
// 4 scanned form, 5 report, 6 the presentation state, 7-8 CT) shows the sagittal slice 13 it refers
// to with its window (500/600), its rectangle and text, its shutter (columns 26..230, rows 21..235
// shown, 1-based) and its displayed area (the whole image), instead of leaving the previous image
// on screen.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "synthetic_dicom.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-presentation-");
  return owner.root;
}

const fs::path& demoCd() {
  static const fs::path cd = [] {
    const fs::path dir = workDir() / "cd";
    const std::string command = std::string("'") + SCANSHARE_MAKE_SAMPLE + "' --variant demo --out '" + dir.string() + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0);
    return dir;
  }();
  return cd;
}

struct Shot : viewer_test::ShotFacts {
  scanshare_test::ViewerScreenshot ran;
};

Shot shot(const std::string& name, const std::string& options) {
  Shot s;
  s.ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, demoCd(), workDir() / (name + ".png"), options, "1280x1024x24");
  EXPECT_EQ(s.ran.exit_code, 0) << options << "\n" << s.ran.out;
  static_cast<viewer_test::ShotFacts&>(s) = viewer_test::readShotFacts(s.ran.out);
  return s;
}

// Screen pixel of image pixel (column, row) of the 256 x 256 sagittal slice.
std::pair<int, int> at(const Shot& s, double column, double row) {
  return {static_cast<int>(s.x + (column + 0.5) / 256.0 * s.w), static_cast<int>(s.y + (row + 0.5) / 256.0 * s.h)};
}

double meanGrey(const Shot& s, int c0, int c1, int r0, int r1) {
  double sum = 0;
  int n = 0;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c) {
      const auto [x, y] = at(s, c, r);
      sum += viewer_test::grey(s.ran.picture, x, y);
      ++n;
    }
  return sum / n;
}

bool graphicColour(const imaging::Rgb8Image& p, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(y) * p.width + x) * p.channels;
  return p.pixels[i] > 200 && p.pixels[i + 1] > 200 && p.pixels[i + 2] > 110 && p.pixels[i + 2] < 230;
}

TEST(ViewerPresentation, SelectingItShowsTheReferencedImageWithWindowAnnotationsAndShutter) {
  const Shot pr = shot("pr", "--steps 'series=7;series=6'");
  ASSERT_GT(pr.w, 100) << pr.ran.out;
  EXPECT_EQ(pr.slice, "13/24") << "the referenced slice, not the CT that was on screen";
  EXPECT_EQ(pr.presentation, "label=MENISCUS shapes=1 texts=1 shutter=25,229,20,234 area=-0.5,-0.5,255.5,255.5 window=500,600") << pr.ran.out;

  // The shutter: the top rows and the left columns are black; the plain slice 13 is not there.
  const Shot plain = shot("plain", "--steps 'series=1;slice=13'");
  ASSERT_EQ(plain.slice, "13/24");
  const double shut_pr = meanGrey(pr, 60, 200, 2, 15), shut_plain = meanGrey(plain, 60, 200, 2, 15);
  EXPECT_LT(shut_pr, 2.0);
  EXPECT_GT(shut_plain, shut_pr + 10.0) << "the plain slice has image there";
  EXPECT_LT(meanGrey(pr, 2, 20, 100, 150), 2.0);

  // The rectangle's top edge (GSPS row 0.55 * 256, image row 140.3) in the graphic colour.
  int hits = 0, samples = 0;
  for (double c = 0.42 * 256; c < 0.60 * 256; c += 2.0, ++samples) {
    const auto [x, y] = at(pr, c, 0.55 * 256 - 0.5);
    bool hit = false;
    for (int dy = -2; dy <= 2; ++dy) hit = hit || graphicColour(pr.ran.picture, x, y + dy);
    hits += hit;
  }
  EXPECT_GE(hits, samples * 9 / 10);
  EXPECT_FALSE(graphicColour(plain.ran.picture, at(plain, 0.5 * 256, 0.55 * 256 - 0.5).first, at(plain, 0.5 * 256, 0.55 * 256 - 0.5).second));
  // The text below it.
  int text = 0;
  const auto [tx0, ty0] = at(pr, 0.40 * 256, 0.72 * 256);
  for (int y = ty0; y < ty0 + 24; ++y)
    for (int x = tx0; x < tx0 + 160; ++x) text += graphicColour(pr.ran.picture, x, y);
  EXPECT_GT(text, 60);
}

TEST(ViewerPresentation, ReachedByStepsEqualsOpenedDirectlyAndGoesWithAnotherSeries) {
  const Shot direct = shot("direct", "--series 6");
  const Shot stepped = shot("stepped", "--steps 'series=1;slice=3;mpr;series=7;mpr;series=6'");
  ASSERT_GT(direct.ran.picture.width, 0);
  EXPECT_EQ(direct.presentation, stepped.presentation);
  EXPECT_LT(viewer_test::compare(direct.ran.picture, stepped.ran.picture).differing, 50);
  // The sagittal series selected after it: no shutter, no annotations, its own default window.
  const Shot after = shot("after", "--steps 'series=6;series=1'");
  const Shot sagittal = shot("sagittal", "--series 1");
  EXPECT_TRUE(after.presentation.empty());
  EXPECT_LT(viewer_test::compare(after.ran.picture, sagittal.ran.picture).differing, 50);
  // The other patient's CT after it: the same as opened directly (no shutter band, no note).
  const Shot ct_after = shot("ct-after", "--steps 'series=6;series=7'");
  const Shot ct = shot("ct", "--series 7");
  EXPECT_TRUE(ct_after.presentation.empty());
  EXPECT_LT(viewer_test::compare(ct_after.ran.picture, ct.ran.picture).differing, 50);
}

}  // namespace
