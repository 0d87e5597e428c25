// Text the first detection may miss (red team D, finding D2: letters stacked one under the other,
// a side label rotated 90 degrees, capitals 5 and 63 pixels high). The re-check after redaction
// looks across and down the frame, at every size the stroke detector handles, and keeps Burned In
// Annotation (the image stays out) while any line that is not clearly harmless is left anywhere;
// the anonymize flow (detect, black out, re-check) never marks such an image clean with the text
// still in it.
#include <gtest/gtest.h>

#include "imaging/ocr/redaction.h"
#include "side_text_scenes.h"

namespace {

using ocr_test::SideText;

// As anonymize redacts a candidate (redact_step.cpp): OCR of 8 sampled frames, the patient's values.
imaging::RedactOptions anonymizeOptions() {
  imaging::RedactOptions options;
  options.identifiers = ocr_test::FakePatient{}.identifiers();
  options.recheck_options.max_frames = 8;
  options.mark_clean_pixel_data = true;
  return options;
}

imaging::PixelBox boxOf(const ocr_test::TextBounds& b) { return {b.x, b.y, b.width, b.height}; }

class SideTextRecheck : public ::testing::TestWithParam<SideText> {};

// Only the banner blacked, as when detection found nothing else: the patient's text, which no box
// covers and no box's row reaches, is a line left, and the flag stays.
TEST_P(SideTextRecheck, TextNoBoxCoversKeepsTheFlag) {
  const auto dir = ocr_test::freshDir("side_recheck_" + ocr_test::label(GetParam()));
  const auto scene = ocr_test::writeSideTextScene(dir / "in.dcm", GetParam());
  imaging::RedactionRegions regions;
  regions.every_frame.push_back(boxOf(scene.banner));
  imaging::RedactOptions options = anonymizeOptions();
  options.black_out_new_text = false;
  const auto result = imaging::redactRegions(scene.file, dir / "out.dcm", regions, options);
  EXPECT_GT(result.samples_changed, 0u);
  EXPECT_GT(result.lines_left, 0u);
  EXPECT_FALSE(result.burned_in_annotation_cleared);
  EXPECT_FALSE(result.clean_pixel_data_marked);
}

// The same with the second round (the default): the text the re-check found is blacked out whole,
// and only then, checked again, is the image marked clean. (Not for the 5-pixel line, whose name
// OCR reads: an identifying word keeps the flag at once.)
class SideTextSecondRound : public SideTextRecheck {};

TEST_P(SideTextSecondRound, TextNoBoxCoversIsBlackedInASecondRound) {
  const auto dir = ocr_test::freshDir("side_round_" + ocr_test::label(GetParam()));
  const auto scene = ocr_test::writeSideTextScene(dir / "in.dcm", GetParam());
  imaging::RedactionRegions regions;
  regions.every_frame.push_back(boxOf(scene.banner));
  const auto result = imaging::redactRegions(scene.file, dir / "out.dcm", regions, anonymizeOptions());
  EXPECT_TRUE(result.second_round);
  EXPECT_EQ(ocr_test::inkLeft(dir / "out.dcm", scene.identity), 0u);
  EXPECT_EQ(result.lines_left, 0u);
  EXPECT_TRUE(result.burned_in_annotation_cleared);
}

// Detect, black out, re-check: the text is found and blacked out whole, and the image is marked
// clean only then.
TEST_P(SideTextRecheck, AnonymizeFlowBlacksTheTextWhole) {
  const auto dir = ocr_test::freshDir("side_flow_" + ocr_test::label(GetParam()));
  const auto scene = ocr_test::writeSideTextScene(dir / "in.dcm", GetParam());
  imaging::DetectTextOptions detect;
  detect.max_frames = 8;
  const auto detection = imaging::detectText(scene.file, imaging::kAllFrames, ocr_test::FakePatient{}.identifiers(), detect);
  const auto result =
      imaging::redactRegions(scene.file, dir / "out.dcm", imaging::regionsFromDetection(detection), anonymizeOptions());
  EXPECT_EQ(ocr_test::inkLeft(dir / "out.dcm", scene.identity), 0u);
  EXPECT_EQ(ocr_test::inkLeft(dir / "out.dcm", scene.banner), 0u);
  EXPECT_EQ(result.lines_left, 0u);
  EXPECT_TRUE(result.burned_in_annotation_cleared);
}

// A box over the first part of the 5-pixel line only: the rest beside it is still detected, and a
// line covered in part means the boxes were wrong: no second round, the flag stays.
TEST(SideTextRecheck, TinyLineCoveredOnlyInPartKeepsTheFlag) {
  const auto dir = ocr_test::freshDir("side_tiny_part");
  const auto scene = ocr_test::writeSideTextScene(dir / "in.dcm", SideText::Tiny5);
  imaging::RedactionRegions regions;
  regions.every_frame.push_back(boxOf(scene.banner));
  regions.every_frame.push_back({scene.identity.x - 2, scene.identity.y - 4, scene.identity.width * 2 / 5, scene.identity.height + 8});
  const auto result = imaging::redactRegions(scene.file, dir / "out.dcm", regions, anonymizeOptions());
  EXPECT_GT(result.lines_left_at_regions, 0u);
  EXPECT_FALSE(result.second_round);
  EXPECT_FALSE(result.burned_in_annotation_cleared);
}

std::string nameOf(const ::testing::TestParamInfo<SideText>& info) { return ocr_test::label(info.param); }

INSTANTIATE_TEST_SUITE_P(D2, SideTextRecheck,
                         ::testing::Values(SideText::Stacked, SideText::Rotated90, SideText::Tiny5, SideText::Huge63),
                         nameOf);
INSTANTIATE_TEST_SUITE_P(D2, SideTextSecondRound, ::testing::Values(SideText::Stacked, SideText::Rotated90, SideText::Huge63),
                         nameOf);

}  // namespace
