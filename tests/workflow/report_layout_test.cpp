// report.json is written piece by piece; its bytes must stay those of one nlohmann dump(2) of the
// whole report: parsing it and dumping it again gives the same text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report.h"

namespace {

imaging::AnonymizeResult resultWith(std::size_t files, std::size_t skipped) {
  imaging::AnonymizeResult r;
  r.output = "/tmp/out";
  r.export_seconds = 1.25;
  r.action_counts = {{"remove", 12}, {"replace-uid", 4}};
  for (std::size_t i = 1; i <= files; ++i) {
    imaging::FileResult f;
    f.index = i;
    f.status = i % 3 == 0 ? imaging::InstanceOutcome::Status::Failed : imaging::InstanceOutcome::Status::Kept;
    f.code = i % 3 == 0 ? imaging::OutcomeCode::InputTruncated : imaging::OutcomeCode::None;
    f.reason = i % 3 == 0 ? "truncated \"quoted\" \\ text" : "";
    f.description = "DICOM/P0000001/E000000" + std::to_string(i) + " #1, MR, M\xc3\xbcller Storage";
    f.output_name = i % 3 == 0 ? "" : "DICOM/P0000001/S0000001/E0000001/I000000" + std::to_string(i);
    f.input_withheld = i % 4 == 0;
    f.input_relative = f.input_withheld ? "" : "in/IM" + std::to_string(i);
    if (i == 2) {
      f.redacted = true;
      imaging::PixelRedaction all_frames;
      all_frames.x = 1;
      all_frames.width = 20;
      all_frames.height = 10;
      all_frames.why = "text";
      imaging::PixelRedaction one_frame = all_frames;
      one_frame.frame = 3;
      f.redactions = {all_frames, one_frame};
    }
    r.files.push_back(f);
  }
  for (std::size_t i = 0; i < skipped; ++i) {
    imaging::SkippedInput s;
    s.input_relative = "README" + std::to_string(i);
    s.kind = "not-dicom";
    s.reason = "not DICOM";
    r.skipped.push_back(s);
  }
  return r;
}

void expectOneDump(const imaging::AnonymizeResult& r) {
  const imaging::AnonymizeOptions options;
  const std::string text = imaging::workflow::reportJson(r, options);
  EXPECT_EQ(nlohmann::json::parse(text).dump(2) + "\n", text);
}

}  // namespace

TEST(ReportLayout, FilesAndSkippedInputsAreLaidOutAsOneDump) { expectOneDump(resultWith(7, 2)); }

TEST(ReportLayout, EmptyListsAreLaidOutAsOneDump) {
  expectOneDump(resultWith(0, 0));
  expectOneDump(resultWith(1, 0));
  expectOneDump(resultWith(0, 1));
}

TEST(ReportLayout, EveryKindOfFileEntryIsLaidOutAsOneDump) {
  // Entries written without a JSON object each: every member on and off, and text that must be
  // escaped (quotes, backslashes, control characters, bytes that are not UTF-8, non-ASCII).
  imaging::AnonymizeResult r = resultWith(0, 0);
  const char* const texts[] = {"plain text", "tab\there", "quote \" and \\ backslash", "bell \x07 and \x1f",
                               "not UTF-8: \xff\xfe", "M\xc3\xbcller \xe6\x97\xa5\xe6\x9c\xac", "", "~{}[]:,"};
  std::size_t i = 0;
  for (const char* text : texts)
    for (int variant = 0; variant < 4; ++variant) {
      imaging::FileResult f;
      f.index = i++;
      f.status = variant == 0 ? imaging::InstanceOutcome::Status::Kept
                 : variant == 1 ? imaging::InstanceOutcome::Status::Excluded
                                : imaging::InstanceOutcome::Status::Failed;
      f.code = variant == 0 ? imaging::OutcomeCode::None : imaging::OutcomeCode::InputTruncated;
      f.description = text;
      f.reason = variant % 2 == 1 ? text : "";
      f.output_name = variant == 0 ? std::string("DICOM/") + text : "";
      f.input_withheld = variant == 2;
      f.input_relative = f.input_withheld ? "" : text;
      f.burned_in = variant == 1;
      f.redacted = variant == 3;
      r.files.push_back(f);
    }
  expectOneDump(r);
  // And the entries say what each file was: the parse gives the members back.
  const nlohmann::json parsed = nlohmann::json::parse(imaging::workflow::reportJson(r, imaging::AnonymizeOptions()));
  ASSERT_EQ(parsed["files"].size(), r.files.size());
  EXPECT_EQ(parsed["files"][2]["input_withheld"], true);
  EXPECT_EQ(parsed["files"][1]["burned_in"], true);
  EXPECT_EQ(parsed["files"][5]["reason"], "tab\there");
  EXPECT_EQ(parsed["files"][9]["reason"], "quote \" and \\ backslash");
  EXPECT_EQ(parsed["files"][3]["redacted"], true);
  EXPECT_EQ(parsed["files"][0]["output"], "DICOM/plain text");
}
