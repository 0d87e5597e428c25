// The picture depends only on the present state (issue 14): a window reached through a sequence of
// actions (--steps: series switches across MR and CT, MPR and the attribute browser on and off)
// must equal, pixel for pixel, the window opened directly on the same final state.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "viewer_compare.h"
#include "viewer_demo_cd.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const viewer_test::DemoCd& demo() {
  static const viewer_test::DemoCd cd("viewer-steps-");
  return cd;
}
const fs::path& workDir() { return demo().dir(); }
const fs::path& sampleCd() { return demo().cd(); }
imaging::Rgb8Image shot(const std::string& name, const std::string& options) {
  return demo().shot(name, options).picture;
}

using viewer_test::compare;
using viewer_test::Difference;

void expectSamePicture(const std::string& name, const std::string& steps, const std::string& direct) {
  const auto reached = shot(name + "-steps", "--steps '" + steps + "'");
  const auto opened = shot(name + "-direct", direct);
  ASSERT_GT(reached.width, 0);
  ASSERT_GT(opened.width, 0);
  const Difference d = compare(reached, opened);
  // A few pixels of antialiased text may differ; a stale label or frame is thousands.
  EXPECT_LE(d.differing, 50) << steps << " vs " << direct << ": " << d.differing << " of " << d.total
                             << " pixels differ (" << (workDir() / (name + "-steps.png")).string() << ")";
}

class ViewerSteps : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(sampleCd() / "DICOMDIR")) GTEST_SKIP() << "needs the demo sample CD (scanshare-make-sample)";
  }
};

TEST_F(ViewerSteps, MprOnAndOffThenAnotherModality) {
  expectSamePicture("mpr-ct", "series=1;mpr;mpr;series=7;slice=5", "--series 7 --slice 5");
}

TEST_F(ViewerSteps, AttributesOnAndOffAcrossSeries) {
  expectSamePicture("tags-mr", "series=7;tags;series=1;tags;series=3;slice=7", "--series 3 --slice 7");
}

TEST_F(ViewerSteps, MprKeptAcrossSeries) {
  expectSamePicture("mpr-kept", "series=1;mpr;series=3;series=7", "--series 7 --mpr");
}

TEST_F(ViewerSteps, MprOffAfterZoomAndPan) {
  // Zoom and pan belong to the series: a new series starts fitted.
  expectSamePicture("zoom-pan", "series=7;zoom=0.5;pan=40,-30;mpr;series=2;mpr;slice=12", "--series 2 --slice 12");
}

TEST_F(ViewerSteps, AttributesShownAtTheEnd) {
  expectSamePicture("tags-end", "series=1;mpr;tags;mpr;series=8", "--series 8 --tags");
}

TEST_F(ViewerSteps, WindowPresetAndInvertAgreeWithTheDirectOptions) {
  // The presets list shows the chosen preset, so the direct window chooses it too.
  expectSamePicture("window", "series=7;mpr;mpr;preset=2;invert;invert;window=40,400", "--series 7 --preset 2 --window 40,400");
}

}  // namespace

namespace {

// Mean grey of the middle of the viewport (right of the browser; corner text avoided).
double middleGrey(const imaging::Rgb8Image& picture) {
  const int x0 = picture.width * 55 / 100, x1 = picture.width * 80 / 100;
  const int y0 = picture.height * 35 / 100, y1 = picture.height * 65 / 100;
  double sum = 0;
  long n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const auto c = static_cast<std::size_t>(picture.channels);
      const std::size_t at = (static_cast<std::size_t>(y) * static_cast<std::size_t>(picture.width) + static_cast<std::size_t>(x)) * c;
      const std::size_t colours = std::min<std::size_t>(c, 3);
      double grey = 0;
      for (std::size_t k = 0; k < colours; ++k) grey += picture.pixels[at + k];
      sum += grey / static_cast<double>(colours);
      ++n;
    }
  return n ? sum / static_cast<double>(n) : 0.0;
}

}  // namespace

// Found 2026-12-06 by looking at a screenshot after "series=7;invert": Invert turned the picture
// black (a negative colour window, which VTK's OpenGL slice mapper drew as black). The inverted
// picture is the negative of the plain one: dark becomes light.
TEST_F(ViewerSteps, InvertShowsTheNegativeNotABlackPicture) {
  for (const char* series : {"7", "3"}) {
    const auto plain = shot(std::string("plain-") + series, std::string("--steps 'series=") + series + "'");
    const auto inverted = shot(std::string("inverted-") + series, std::string("--steps 'series=") + series + ";invert'");
    ASSERT_GT(plain.width, 0);
    ASSERT_GT(inverted.width, 0);
    const double a = middleGrey(plain), b = middleGrey(inverted);
    EXPECT_GT(b, 60.0) << "series " << series << ": the inverted picture is dark (" << b << ")";
    EXPECT_NEAR(a + b, 255.0, 40.0) << "series " << series << ": plain " << a << ", inverted " << b;
  }
}
