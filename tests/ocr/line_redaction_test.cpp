// Whole-line redaction (issue 18): text lines are found by layout and strokes, not only where OCR
// read a word; after redaction no pixel of a line holding the name, ID or birth date is left (even
// the line drawn in dot-matrix dots, which OCR misreads or skips), the output's re-check finds no
// text line but harmless marks, and the "L" and "10" marks are untouched.
#include <gtest/gtest.h>


#include "imaging/ocr/redaction.h"
#include "imaging/pixels/decode.h"
#include "line_scenes.h"

namespace {

using ocr_test::Background;
using ocr_test::LineStyle;
using ocr_test::TextBounds;

bool overlaps(const imaging::PixelBox& a, const TextBounds& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

// Samples inside bounds that are not black (0) in frame.
std::size_t unblacked(const imaging::Frame& frame, const TextBounds& bounds) {
  std::size_t left = 0;
  const int spp = frame.samples_per_pixel;
  for (int y = bounds.y; y < bounds.y + bounds.height; ++y)
    for (int x = bounds.x; x < bounds.x + bounds.width; ++x)
      for (int s = 0; s < spp; ++s)
        if (frame.values[(static_cast<std::size_t>(y) * frame.width + x) * spp + s] != 0.0f) ++left;
  return left;
}

std::size_t changed(const imaging::Frame& before, const imaging::Frame& after, const TextBounds& bounds) {
  std::size_t count = 0;
  const int spp = before.samples_per_pixel;
  for (int y = bounds.y; y < bounds.y + bounds.height; ++y)
    for (int x = bounds.x; x < bounds.x + bounds.width; ++x)
      for (int s = 0; s < spp; ++s) {
        const std::size_t i = (static_cast<std::size_t>(y) * before.width + x) * spp + s;
        if (before.values[i] != after.values[i]) ++count;
      }
  return count;
}

class LineRedaction : public ::testing::TestWithParam<LineStyle> {};

TEST_P(LineRedaction, EveryIdentifyingLineGoneWholeMarksStay) {
  const LineStyle style = GetParam();
  const auto dir = ocr_test::freshDir("line_" + style.label);
  const auto scene = ocr_test::writeLineScene(dir / "in.dcm", style);
  const auto patient = ocr_test::linePatient();

  const auto detection = imaging::detectText(scene.file, imaging::kAllFrames, patient.identifiers());
  // OCR may not read the patient at all (dot-matrix, speckle): the lines are still text.
  EXPECT_NE(detection.verdict, imaging::BurnedInVerdict::Clean);
  imaging::RedactOptions options;
  options.identifiers = patient.identifiers();
  const auto result = imaging::redactRegions(scene.file, dir / "out.dcm",
                                             imaging::regionsFromDetection(detection), options);

  const imaging::Frame before = imaging::decodeFrame(scene.file, 0);
  const imaging::Frame after = imaging::decodeFrame(dir / "out.dcm", 0);
  for (std::size_t i = 0; i < scene.identifying.size(); ++i)
    EXPECT_EQ(unblacked(after, scene.identifying[i]), 0u) << "identifying line " << i << " not blacked out whole";
  for (std::size_t i = 0; i < scene.keep.size(); ++i)
    EXPECT_EQ(changed(before, after, scene.keep[i]), 0u) << "harmless mark " << i << " touched";

  // The independent re-check: nothing read, and no line detected, where the patient's lines were.
  ASSERT_TRUE(result.rechecked);
  for (const auto& word : result.recheck.words)
    for (const auto& line : scene.identifying) EXPECT_FALSE(overlaps(word.box, line)) << "OCR still reads a word there";
  for (const auto& line : result.recheck.lines)
    for (const auto& drawn : scene.identifying)
      EXPECT_FALSE(overlaps(line.box, drawn)) << "a text line is still detected there";
  EXPECT_EQ(result.recheck.unsafeLineCount(), 0u);
  EXPECT_TRUE(result.burned_in_annotation_cleared);
}

// A box over only the first half of the name line: the re-check still detects the rest of that
// line beside the box, so the flag stays (the image would not be exported).
TEST(LineRedactionRecheck, LineCoveredOnlyInPartKeepsTheFlag) {
  const auto dir = ocr_test::freshDir("line_partial");
  const auto scene = ocr_test::writeLineScene(dir / "in.dcm", LineStyle{22, 255, 255, 255, Background::Black, "partial"});
  const auto patient = ocr_test::linePatient();
  const TextBounds& name = scene.identifying.front();
  imaging::RedactionRegions regions;
  regions.every_frame.push_back({name.x, name.y, name.width / 2, name.height});
  imaging::RedactOptions options;
  options.identifiers = patient.identifiers();
  options.padding = 0;
  const auto result = imaging::redactRegions(scene.file, dir / "out.dcm", regions, options);
  EXPECT_GT(result.samples_changed, 0u);
  EXPECT_GT(result.lines_left_at_regions, 0u);
  EXPECT_FALSE(result.burned_in_annotation_cleared);
}

std::string nameOf(const ::testing::TestParamInfo<LineStyle>& info) { return info.param.label; }

INSTANTIATE_TEST_SUITE_P(
    Scenes, LineRedaction,
    ::testing::Values(LineStyle{11, 255, 255, 255, Background::Black, "White11Black"},
                      LineStyle{14, 255, 255, 80, Background::Speckle, "Yellow14Speckle"},
                      LineStyle{18, 80, 255, 80, Background::Gradient, "Green18Gradient"},
                      LineStyle{22, 170, 170, 170, Background::Black, "Grey22Black"},
                      LineStyle{30, 255, 160, 40, Background::Speckle, "Orange30Speckle"}),
    nameOf);

}  // namespace
