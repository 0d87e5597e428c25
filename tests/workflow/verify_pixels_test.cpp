// verify's look at pixels marked Clean Pixel Data (issue 18): the text line detector runs again on
// them; a line that a black box covered only in part is a finding, a line covered whole is not.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "burned_in_fixtures.h"
#include "side_text_scenes.h"
#include "verify_pixels.h"

namespace {

// A form with one dark text line; a black box (0) from x0 to x1 over the line's row.
std::filesystem::path formWithBox(const std::string& name, int x0, int x1) {
  ocr_test::Canvas canvas(360, 160, 1, 235);
  const ocr_test::TextBounds line = ocr_test::drawText(canvas, 20, 50, "PATIENT QX7730152 BRANDT OLIVIA", 2, 20);
  for (int y = line.y - 8; y < line.y + line.height + 8; ++y)
    for (int x = x0; x < std::min(x1, canvas.width); ++x) canvas.set(x, y, 0);
  const std::filesystem::path path = ocr_test::freshDir("verify-pixels-" + name) / "form.dcm";
  ocr_test::writeDicom({canvas}, path);
  return path;
}

}  // namespace

TEST(VerifyPixels, LineCoveredOnlyInPartIsAFinding) {
  const auto findings = imaging::workflow::checkRedactedPixels(formWithBox("part", 10, 150), {});
  ASSERT_FALSE(findings.empty());
  // Without the source's values nothing is identifying: the line rule fires.
  const bool beside = std::any_of(findings.begin(), findings.end(), [](const auto& f) {
    return f.detail.find("text line is still detected beside a blacked-out box") != std::string::npos;
  });
  EXPECT_TRUE(beside) << findings.front().detail;
}

TEST(VerifyPixels, LineCoveredWholeIsClean) {
  const auto findings = imaging::workflow::checkRedactedPixels(formWithBox("whole", 10, 360), {});
  for (const auto& f : findings) ADD_FAILURE() << f.detail;
}

// Red team D, finding D2: an export whose banner was blacked out and marked clean while the
// patient's text stays elsewhere, stacked, rotated, 5 or 63 pixels high. No box's row reaches it;
// verify finds it all the same (without the source's values: by the line rule alone).
class VerifyPixelsSideText : public ::testing::TestWithParam<ocr_test::SideText> {};

TEST_P(VerifyPixelsSideText, TextNoBoxCoversIsAFinding) {
  const ocr_test::SideText kind = GetParam();
  const auto banner = ocr_test::sideTextLayout(kind).banner;
  const auto path = ocr_test::freshDir("verify-pixels-side-" + ocr_test::label(kind)) / "image.dcm";
  ocr_test::writeSideTextScene(path, kind, {{banner.x - 4, banner.y - 4, banner.width + 8, banner.height + 8}});
  const auto findings = imaging::workflow::checkRedactedPixels(path, {});
  // (The 63-pixel letters' counters are black rectangles too: the line may count as beside them.)
  const bool line = std::any_of(findings.begin(), findings.end(), [](const auto& f) {
    return f.why == imaging::workflow::PixelTextWhy::LineUncovered || f.why == imaging::workflow::PixelTextWhy::LineBesideBox;
  });
  EXPECT_TRUE(line) << findings.size() << " finding(s)";
}

// The same screens with the patient's text blacked out too: nothing left, no finding.
TEST_P(VerifyPixelsSideText, TextBlackedWholeIsClean) {
  const ocr_test::SideText kind = GetParam();
  const auto layout = ocr_test::sideTextLayout(kind);
  const auto& b = layout.banner;
  const auto& t = layout.identity;
  const auto path = ocr_test::freshDir("verify-pixels-side-blacked-" + ocr_test::label(kind)) / "image.dcm";
  ocr_test::writeSideTextScene(path, kind,
                               {{b.x - 4, b.y - 4, b.width + 8, b.height + 8}, {t.x - 4, t.y - 4, t.width + 8, t.height + 8}});
  for (const auto& f : imaging::workflow::checkRedactedPixels(path, {})) ADD_FAILURE() << f.detail;
}

INSTANTIATE_TEST_SUITE_P(D2, VerifyPixelsSideText,
                         ::testing::Values(ocr_test::SideText::Stacked, ocr_test::SideText::Rotated90,
                                           ocr_test::SideText::Tiny5, ocr_test::SideText::Huge63),
                         [](const ::testing::TestParamInfo<ocr_test::SideText>& info) { return ocr_test::label(info.param); });
