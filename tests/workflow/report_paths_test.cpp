// Input paths and reasons in the report: identity hidden in a name's other spellings is withheld
// (red team 2026-12-06), and bytes from the input cannot forge lines of report.txt.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "identifier_match.h"
#include "path_forms.h"
#include "report.h"
#include "verify_report.h"

namespace imaging::workflow {
namespace {

// What the scan harvests for QUILLFEATHER^Ottoline, ID MRN-48213377, born 1961-03-14.
IdentifierCheck patientCheck() {
  return IdentifierCheck(normalizeIdentifiers({"QUILLFEATHER^Ottoline", "QUILLFEATHER", "Ottoline", "MRN-48213377",
                                               "19610314", "+44 1632 4960732"}));
}

TEST(ReportPaths, WithholdsTruncatedNamesIdDigitsAndSpelledOutDates) {
  const IdentifierCheck check = patientCheck();
  for (const char* path : {"QUILLFEA/IMG00001",   // ISO 9660 level 1: 8 characters
                           "QUILLF~1/IMG00001",   // Windows short name
                           "Q_OTTOLI/IMG00001", "MRN48213/IMG00001", "48213377/IMG00001", "4821-3377/x",
                           "14 Mar 1961/x", "Mar 14 1961/x", "14-Mar-1961/x", "14 March 1961/x", "March 14 1961/x",
                           "1961-3-14/x", "610314/x", "61-03-14/x", "14.3.61/x", "03-14-1961/x",
                           "d 4960732/IMG"})
    EXPECT_TRUE(check.pathHolds(path)) << path;
}

TEST(ReportPaths, KeepsOrdinaryMediaNames) {
  const IdentifierCheck check = patientCheck();
  for (const char* path : {"DICOM/IM000001", "DICOM/00000001/00000002/00000003", "SE000001/IM0001",
                           "CT_HEAD/1.2.840.113619.2.55.3.604688119", "STUDY_19990101/x", "knee/series3/img0042.dcm"})
    EXPECT_FALSE(check.pathHolds(path)) << path;
}

TEST(ReportPaths, DateFormsAreAtLeastFiveCharacters) {
  const auto forms = squashedPathForms("19610101");
  EXPECT_FALSE(forms.empty());
  for (const std::string& f : forms) EXPECT_GE(f.size(), 5u) << f;
  EXPECT_NE(std::find(forms.begin(), forms.end(), "1JAN1961"), forms.end());
  EXPECT_NE(std::find(forms.begin(), forms.end(), "610101"), forms.end());
  EXPECT_TRUE(squashedPathForms("Li").empty());  // too short to mean anything
}

TEST(ReportText, ControlBytesFromTheInputCannotForgeLines) {
  AnonymizeResult r;
  FileResult f;
  f.index = 1;
  f.status = InstanceOutcome::Status::Failed;
  f.description = "patient 1, study 1, series 1 (number 1), image 1";
  f.reason = "unreadable\n  #2 kept DICOM/FAKE";
  f.input_relative = "a\nb\x1b[31m/IM1";
  r.files.push_back(f);
  SkippedInput s;
  s.input_relative = "x\ry";
  s.kind = "not-dicom";
  s.reason = "no preamble";
  r.skipped.push_back(s);
  const std::string text = reportText(r, AnonymizeOptions{});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find("\n  #2 kept"), std::string::npos);
  EXPECT_NE(text.find("a\\x0Ab\\x1B[31m/IM1"), std::string::npos) << text;
  EXPECT_NE(text.find("x\\x0Dy"), std::string::npos);
}

}  // namespace
}  // namespace imaging::workflow

namespace imaging::workflow {
namespace {

// verify reads the JSON report beside the export: an input path naming the patient in any form is
// a finding; ScanShare's own names, numbers and words (reasons) are not.
TEST(VerifyReport, FindsIdentityInPathsDescriptionsAndReasonsNotInItsOwnWords) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "scanshare-verify-report-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::filesystem::path report = dir / "out.report.json";
  {
    std::ofstream out(report);
    out << R"({"files": [
      {"index": 1, "output": "DICOM/P0000001/S0000001/E0000001/I0000001", "input": "IMG0001", "status": "kept"},
      {"index": 2, "input": "QUILLF~1/IMG0002", "status": "kept"},
      {"index": 3, "input": "x/IMG3", "reason": "likely burned-in text in the pixels", "status": "excluded",
       "description": "patient 1, study 1, series 1 (number 1), image 3 [XA, XRayAngiographicImageStorage]"},
      {"index": 4, "input": "x/IMG4", "status": "excluded", "reason": "likely burned-in text in the pixels",
       "description": "patient 1, study 1, series 2, image 1 [Ottoline, unknown SOP class]"},
      {"index": 5, "input": "x/IMG5", "status": "failed", "reason": "value 48213377 is not valid"}],
      "skipped": [{"input": "48213377/readme.txt", "kind": "not-dicom", "reason": "not a DICOM file"}],
      "export_seconds": 1961.0314})";
  }
  // "Text" and "Ray" (short name parts) are ScanShare's or the standard's words in reasons and
  // descriptions; "Ottoline" and the ID's digits there came from the file (red team D, D6).
  const std::vector<std::string> ids{"QUILLFEATHER", "Ottoline", "MRN-48213377", "48213377", "19610314", "Text", "Ray"};
  const auto findings = checkReport(report, ids);
  ASSERT_EQ(findings.size(), 4u);
  for (const auto& f : findings) EXPECT_EQ(f.kind, FindingKind::IdentifierInReport);
  EXPECT_EQ(findings[0].location, "out.report.json.files[1].input");
  EXPECT_EQ(findings[1].location, "out.report.json.files[3].description");
  EXPECT_EQ(findings[2].location, "out.report.json.files[4].reason");
  EXPECT_EQ(findings[3].location, "out.report.json.skipped[0].input");
  EXPECT_TRUE(checkReport(dir / "absent.report.json", ids).empty());
  { std::ofstream(dir / "bad.report.json") << "{not json"; }
  EXPECT_EQ(checkReport(dir / "bad.report.json", ids).size(), 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace imaging::workflow
