// Screening a projection X-ray whose header says nothing about burned-in text: the name line an
// old CR reader prints counts as text, a lone lead marker does not (screenDetection).
#include <gtest/gtest.h>

#include "burned_in_fixtures.h"
#include "imaging/ocr/screening.h"
#include "xray_fixtures.h"

namespace {

imaging::TextDetection detect(const std::filesystem::path& file) {
  imaging::DetectTextOptions options;
  options.max_frames = 8;  // as the export screens
  return imaging::detectText(file, imaging::kAllFrames, ocr_test::FakePatient().identifiers(), options);
}

}  // namespace

TEST(XrayScreening, NameLineIsTextAndIdentifying) {
  const ocr_test::XraySpec spec;
  const auto file = ocr_test::freshDir("xray-name") / "cr.dcm";
  ocr_test::writeXray(file, spec, {ocr_test::nameLine(spec), ocr_test::leadMarker(spec)});
  const imaging::ScreeningResult r = imaging::screenDetection(detect(file));
  EXPECT_TRUE(r.textFound());
  EXPECT_GT(r.identifying_words, 0u);
}

TEST(XrayScreening, LeadMarkerAloneIsNoText) {
  const ocr_test::XraySpec spec;
  const auto file = ocr_test::freshDir("xray-marker") / "cr.dcm";
  ocr_test::writeXray(file, spec, {ocr_test::leadMarker(spec)});
  const imaging::TextDetection d = detect(file);
  const imaging::ScreeningResult r = imaging::screenDetection(d);
  EXPECT_FALSE(r.textFound()) << r.text_lines << " line(s), " << r.identifying_words << " identifying";
  for (const auto& line : d.lines)
    EXPECT_TRUE(line.harmless) << "line at " << line.box.x << "," << line.box.y << " " << line.box.width << "x" << line.box.height;
}

TEST(XrayScreening, MarkerAndScaleNumbersAreNoText) {
  const ocr_test::XraySpec spec;
  const auto file = ocr_test::freshDir("xray-scale") / "cr.dcm";
  ocr_test::writeXray(file, spec, {{40, 600, "R", 30}, {540, 300, "10", 18}, {540, 360, "20", 18}});
  const imaging::ScreeningResult r = imaging::screenDetection(detect(file));
  EXPECT_FALSE(r.textFound()) << r.text_lines << " line(s)";
}

TEST(XrayScreening, PlainRadiographIsNoText) {
  const ocr_test::XraySpec spec;
  const auto file = ocr_test::freshDir("xray-plain") / "cr.dcm";
  ocr_test::writeXray(file, spec, {});
  EXPECT_FALSE(imaging::screenDetection(detect(file)).textFound());
}
