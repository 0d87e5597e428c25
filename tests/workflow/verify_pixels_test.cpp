// verify's look at pixels marked Clean Pixel Data (issue 18): the text line detector runs again on
// them; a line that a black box covered only in part is a finding, a line covered whole is not.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "burned_in_fixtures.h"
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
