// Fixed annotation regions by vendor (issue 18): the table is looked up by manufacturer, model and
// modality, and redaction blacks the rule's regions out in every frame on top of what detection
// found, even when detection found nothing.
#include <gtest/gtest.h>

#include "burned_in_fixtures.h"
#include "imaging/ocr/annotation_rules.h"
#include "imaging/ocr/redaction.h"
#include "imaging/pixels/decode.h"

namespace {

using imaging::PixelBox;

TEST(AnnotationRules, FoundByManufacturerModelAndModalityCaseInsensitively) {
  const auto* logiq = imaging::findAnnotationRule("GE Healthcare", "LOGIQ E10", "US");
  ASSERT_NE(logiq, nullptr);
  EXPECT_NE(logiq->name.find("LOGIQ"), std::string::npos);
  EXPECT_EQ(imaging::findAnnotationRule("ge healthcare", "logiq e9", "us"), logiq);
  EXPECT_NE(imaging::findAnnotationRule("Philips Medical Systems", "EPIQ 7G", "US"), nullptr);
  // Another modality of the same vendor, an unknown vendor, or no vendor at all: no rule.
  EXPECT_EQ(imaging::findAnnotationRule("GE Healthcare", "LOGIQ E10", "CT"), nullptr);
  EXPECT_EQ(imaging::findAnnotationRule("Nobody Medical", "X1", "US"), nullptr);
  EXPECT_EQ(imaging::findAnnotationRule("", "LOGIQ E10", "US"), nullptr);
  EXPECT_EQ(imaging::findAnnotationRule("  ", "", "US"), nullptr);
}

TEST(AnnotationRules, RegionsScaleToTheImageAndRoundOutwards) {
  const auto* rule = imaging::findAnnotationRule("GE Healthcare", "LOGIQ E10", "US");
  ASSERT_NE(rule, nullptr);
  const auto boxes = imaging::annotationBoxes(*rule, 640, 480);
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_EQ(boxes[0], (PixelBox{0, 0, 640, 44}));  // 9% of 480 is 43.2 rows: 44
  const auto* screen = imaging::findAnnotationRule("ScanShare Sample", "Screen Capture 2", "OT");
  ASSERT_NE(screen, nullptr);
  const auto corners = imaging::annotationBoxes(*screen, 1000, 1000);
  ASSERT_EQ(corners.size(), 5u);
  EXPECT_EQ(corners[4], (PixelBox{670, 860, 330, 140}));
  for (const auto& rule_entry : imaging::annotationRules()) {
    EXPECT_FALSE(rule_entry.name.empty());
    EXPECT_FALSE(rule_entry.manufacturer.empty()) << rule_entry.name;
    EXPECT_FALSE(rule_entry.regions.empty()) << rule_entry.name;
  }
}

// A LOGIQ-like frame: a banner in the top rows, image content below.
std::filesystem::path writeVendorImage(const std::filesystem::path& dir, const std::string& manufacturer) {
  ocr_test::Canvas canvas(200, 200, 1, 0);
  for (int y = 40; y < 200; ++y)
    for (int x = 0; x < 200; ++x) canvas.set(x, y, static_cast<std::uint8_t>(40 + (x * 7 + y * 3) % 90));
  ocr_test::drawText(canvas, 4, 3, "ROE JANE", 1, 220);
  ocr_test::DicomOptions options;
  options.sop_class = "1.2.840.10008.5.1.4.1.1.6.1";
  options.modality = "US";
  options.manufacturer = manufacturer;
  options.model = "LOGIQ E10";
  const auto file = dir / (manufacturer.empty() ? "none.dcm" : "vendor.dcm");
  ocr_test::writeDicom({canvas}, file, options);
  return file;
}

TEST(AnnotationRules, RedactionBlacksTheVendorBannerOutEvenWithNothingDetected) {
  const auto dir = ocr_test::freshDir("annotation_rules");
  const auto input = writeVendorImage(dir, "GE Healthcare");
  imaging::RedactOptions options;
  options.padding = 0;
  options.recheck = false;
  const auto result = imaging::redactRegions(input, dir / "out.dcm", imaging::RedactionRegions{}, options);
  EXPECT_NE(result.vendor_rule.find("LOGIQ"), std::string::npos);
  EXPECT_GT(result.samples_changed, 0u);
  const auto before = imaging::decodeFrame(input, 0);
  const auto after = imaging::decodeFrame(dir / "out.dcm", 0);
  const int band = (90 * 200 + 999) / 1000;  // 18 rows
  std::size_t band_left = 0, below_changed = 0;
  for (int y = 0; y < 200; ++y)
    for (int x = 0; x < 200; ++x) {
      const auto i = static_cast<std::size_t>(y) * 200 + static_cast<std::size_t>(x);
      if (y < band) band_left += after.values[i] != 0.0f;
      else below_changed += after.values[i] != before.values[i];
    }
  EXPECT_EQ(band_left, 0u);
  EXPECT_EQ(below_changed, 0u);

  // Switched off, or for a file without a known vendor, the same call changes nothing.
  options.vendor_rules = false;
  const auto off = imaging::redactRegions(input, dir / "off.dcm", imaging::RedactionRegions{}, options);
  EXPECT_TRUE(off.vendor_rule.empty());
  EXPECT_EQ(off.samples_changed, 0u);
  options.vendor_rules = true;
  const auto unknown = imaging::redactRegions(writeVendorImage(dir, ""), dir / "unknown.dcm", imaging::RedactionRegions{}, options);
  EXPECT_TRUE(unknown.vendor_rule.empty());
  EXPECT_EQ(unknown.samples_changed, 0u);
}

}  // namespace

// Text in an overlay plane (60xx,3000) is found (frames are rendered with their overlays) and its
// bits inside the blacked-out regions are cleared, so the re-check no longer sees it.
TEST(OverlayRedaction, TextInAnOverlayPlaneIsClearedWhereItIsBlackedOut) {
  const auto dir = ocr_test::freshDir("overlay_redaction");
  ocr_test::Canvas pixels(240, 120, 1, 0);
  for (int y = 60; y < 120; ++y)
    for (int x = 0; x < 240; ++x) pixels.set(x, y, static_cast<std::uint8_t>(30 + (x + y) % 40));
  ocr_test::Canvas plane(240, 120, 1, 0);
  ocr_test::drawText(plane, 8, 10, "ROE JANE 1975", 2, 255);
  ocr_test::DicomOptions options;
  options.overlay.assign(plane.samples.begin(), plane.samples.end());
  const auto input = dir / "overlay.dcm";
  ocr_test::writeDicom({pixels}, input, options);
  const std::vector<std::string> identifiers{"ROE^JANE", "X1234567", "19750101"};

  const auto detection = imaging::detectText(input, imaging::kAllFrames, identifiers);
  ASSERT_GT(detection.unsafeLineCount(), 0u) << "the overlay's text is not found";
  imaging::RedactOptions redact;
  redact.identifiers = identifiers;
  const auto result = imaging::redactRegions(input, dir / "out.dcm", imaging::regionsFromDetection(detection), redact);
  EXPECT_GT(result.samples_changed, 0u);
  const auto before = imaging::decodeFrame(input, 0);
  const auto after = imaging::decodeFrame(dir / "out.dcm", 0);
  ASSERT_EQ(before.overlay.size(), 240u * 120u);
  std::size_t set_before = 0, set_after = 0;
  for (std::size_t i = 0; i < before.overlay.size(); ++i) set_before += before.overlay[i] != 0;
  for (std::size_t i = 0; i < after.overlay.size(); ++i) set_after += after.overlay[i] != 0;
  EXPECT_GT(set_before, 100u);
  EXPECT_EQ(set_after, 0u);
  EXPECT_TRUE(result.burned_in_annotation_cleared);
}
