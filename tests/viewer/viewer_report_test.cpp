// A structured report is shown as text in place of the image (issue 14): after an image series,
// selecting the demo CD's report leaves no trace of the image, the page is light with rows of dark
// text, and the window equals the one opened directly on the report.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "viewer_compare.h"
#include "viewer_demo_cd.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const viewer_test::DemoCd& demo() {
  static const viewer_test::DemoCd cd("viewer-report-");
  return cd;
}
const fs::path& sampleCd() { return demo().cd(); }
scanshare_test::ViewerScreenshot shot(const std::string& name, const std::string& options) {
  return demo().shot(name, options);
}

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
};

// The "report-rect X Y W H" line the viewer prints when a report is on screen.
bool reportRect(const std::string& out, Rect& r) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind("report-rect ", 0) == 0) {
      std::istringstream(line.substr(12)) >> r.x >> r.y >> r.w >> r.h;
      return r.w > 0 && r.h > 0;
    }
  return false;
}

// Light page with dark text: most pixels light, some dark, on many separate rows.
struct Page {
  double light = 0, dark = 0;  // fractions of the pixels
  int text_rows = 0;           // runs of rows holding dark pixels
};
Page lookAt(const imaging::Rgb8Image& picture, const Rect& r) {
  Page page;
  long long light = 0, dark = 0;
  bool in_row = false;
  for (int y = r.y; y < r.y + r.h; ++y) {
    bool row_dark = false;
    for (int x = r.x; x < r.x + r.w; ++x) {
      const int g = viewer_test::grey(picture, x, y);
      light += g > 200;
      if (g < 100) {
        ++dark;
        row_dark = true;
      }
    }
    if (row_dark && !in_row) ++page.text_rows;
    in_row = row_dark;
  }
  const double total = static_cast<double>(r.w) * r.h;
  page.light = light / total;
  page.dark = dark / total;
  return page;
}

class ViewerReport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(sampleCd() / "DICOMDIR")) GTEST_SKIP() << "needs the demo sample CD (scanshare-make-sample)";
  }
};

TEST_F(ViewerReport, ReportReplacesTheImageShownBefore) {
  const auto image = shot("image", "--series 1");
  const auto reached = shot("report-steps", "--steps 'series=1;series=5'");
  const auto opened = shot("report-direct", "--series 5");
  ASSERT_GT(image.picture.width, 0);
  ASSERT_GT(reached.picture.width, 0);
  ASSERT_GT(opened.picture.width, 0);
  Rect r;
  ASSERT_TRUE(reportRect(reached.out, r)) << reached.out;
  ASSERT_LE(r.x + r.w, reached.picture.width);
  ASSERT_LE(r.y + r.h, reached.picture.height);
  Rect none;
  EXPECT_FALSE(reportRect(image.out, none)) << "the image series shows a report page";

  const Page page = lookAt(reached.picture, r);
  EXPECT_GT(page.light, 0.8) << "the report page is not light (the image is still there?)";
  EXPECT_GT(page.dark, 0.002) << "no text on the report page";
  EXPECT_GE(page.text_rows, 6) << "expected a title and several lines of text";
  const Page before = lookAt(image.picture, r);
  EXPECT_LT(before.light, 0.5) << "the image series' centre should be mostly dark";

  const auto same = viewer_test::compare(reached.picture, opened.picture);
  EXPECT_LE(same.differing, 50) << same.differing << " of " << same.total << " pixels differ from the report opened directly";
  const auto changed = viewer_test::compare(reached.picture, image.picture);
  EXPECT_GT(changed.differing, changed.total / 10) << "the window still looks like the image series";
}

TEST_F(ViewerReport, ReportAfterMprEqualsReportOpenedDirectly) {
  const auto reached = shot("mpr-report-steps", "--steps 'series=7;mpr;series=5'");
  const auto opened = shot("mpr-report-direct", "--series 5");
  ASSERT_GT(reached.picture.width, 0);
  ASSERT_GT(opened.picture.width, 0);
  const auto d = viewer_test::compare(reached.picture, opened.picture);
  EXPECT_LE(d.differing, 50) << d.differing << " of " << d.total << " pixels differ";
}

TEST_F(ViewerReport, ImageAfterReportEqualsImageOpenedDirectly) {
  const auto reached = shot("after-report-steps", "--steps 'series=5;series=7;slice=5'");
  const auto opened = shot("after-report-direct", "--series 7 --slice 5");
  ASSERT_GT(reached.picture.width, 0);
  ASSERT_GT(opened.picture.width, 0);
  Rect r;
  EXPECT_FALSE(reportRect(reached.out, r)) << "the report is still on screen";
  const auto d = viewer_test::compare(reached.picture, opened.picture);
  EXPECT_LE(d.differing, 50) << d.differing << " of " << d.total << " pixels differ";
}

}  // namespace
