#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "export_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/verify.h"
#include "imaging/writer/dicomdir.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;
using imaging::AnonymizeJob;
using imaging::AnonymizeOptions;
using Status = imaging::InstanceOutcome::Status;

namespace {

AnonymizeOptions optionsFor(const imaging::Key& key) {
  AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(key, imaging::Profile::defaultProfile());
  return o;
}

std::vector<std::string> filesUnder(const fs::path& root) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) files.push_back(e.path().lexically_relative(root).generic_string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(AnonymizeJob, WritesCompleteMediumAndSafeReport) {
  const fs::path in = workflow_fixture::makeInput("job_complete");
  const fs::path out = in.parent_path() / "out";
  const imaging::Inventory inventory = imaging::scan(in);
  std::size_t progress_calls = 0;
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.progress = [&](std::size_t, std::size_t) { ++progress_calls; };
  const imaging::AnonymizeResult r = AnonymizeJob(inventory, options).run(out);

  EXPECT_EQ(r.kept, 4u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(progress_calls, 4u);
  EXPECT_FALSE(r.hadProblems());
  const auto files = filesUnder(out);
  ASSERT_EQ(files.size(), 5u);  // 4 images + DICOMDIR; the readme is not copied
  const std::regex layout("DICOMDIR|DICOM/P[0-9]{7}/S[0-9]{7}/E[0-9]{7}/I[0-9]{7}");
  for (const auto& f : files) EXPECT_TRUE(std::regex_match(f, layout)) << f;
  EXPECT_TRUE(imaging::checkDicomdir(out).complete());

  ASSERT_TRUE(fs::exists(r.report_json));
  EXPECT_EQ(r.report_json.parent_path(), fs::canonical(in.parent_path()));
  const std::string report = export_fixtures::readAll(r.report_json) + export_fixtures::readAll(r.report_text);
  for (const char* secret : {"Alice", "FIX-4711", "19700214", "OTHER-0815", "Bert", "ACC778899", "1.2.826.0.1.3680043.8.498"})
    EXPECT_EQ(report.find(secret), std::string::npos) << secret;
  EXPECT_NE(report.find("disk2/IM0001"), std::string::npos) << "a neutral input path is reported";
  bool withheld = false;
  for (const auto& f : r.files) withheld |= f.input_withheld;
  EXPECT_TRUE(withheld) << "a folder named after the patient must be withheld";
}

TEST(AnonymizeJob, TwoPatientsStayApartAndPseudonymOverrideNeedsOnePatient) {
  const fs::path in = workflow_fixture::makeInput("job_patients");
  const imaging::Inventory inventory = imaging::scan(in);
  ASSERT_EQ(inventory.patients.size(), 2u);
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.pseudonym = imaging::Pseudonym{"CHOSEN^NAME", "CHOSEN-1"};
  try {
    AnonymizeJob(inventory, options).run(in.parent_path() / "out");
    FAIL() << "one pseudonym accepted for two patients";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::InvalidArgument);
  }
  EXPECT_FALSE(fs::exists(in.parent_path() / "out"));
  options.series = {"5"};  // only patient A's series 5
  const auto r = AnonymizeJob(inventory, options).run(in.parent_path() / "out");
  EXPECT_EQ(r.kept, 1u);
  EXPECT_EQ(r.not_selected, 3u);
}

TEST(AnonymizeJob, RefusesNonEmptyOutputAndLeavesItAlone) {
  const fs::path in = workflow_fixture::makeInput("job_nonempty");
  const fs::path out = in.parent_path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "mine.txt") << "keep";
  const imaging::Inventory inventory = imaging::scan(in);
  EXPECT_THROW(AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey())).run(out), imaging::Error);
  EXPECT_EQ(filesUnder(out), std::vector<std::string>{"mine.txt"});
}

TEST(AnonymizeJob, CancelLeavesNoOutputAndNoStaging) {
  const fs::path in = workflow_fixture::makeInput("job_cancel");
  const fs::path out = in.parent_path() / "out";
  const imaging::Inventory inventory = imaging::scan(in);
  std::atomic<bool> cancel{false};
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.jobs = 1;
  options.cancel = &cancel;
  options.progress = [&](std::size_t, std::size_t) { cancel = true; };
  try {
    AnonymizeJob(inventory, options).run(out);
    FAIL() << "cancel ignored";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Cancelled);
  }
  EXPECT_FALSE(fs::exists(out));
  for (const auto& e : fs::directory_iterator(in.parent_path())) EXPECT_EQ(e.path().filename(), "in");
}

TEST(AnonymizeJob, SameKeySameBytesDifferentKeyDifferentBytes) {
  const fs::path in = workflow_fixture::makeInput("job_repeat");
  const imaging::Inventory inventory = imaging::scan(in);
  const fs::path base = in.parent_path();
  AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey(7))).run(base / "a");
  AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey(7))).run(base / "b");
  AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey(9))).run(base / "c");
  const auto files = filesUnder(base / "a");
  ASSERT_EQ(files, filesUnder(base / "b"));
  for (const auto& f : files) EXPECT_EQ(export_fixtures::readAll(base / "a" / f), export_fixtures::readAll(base / "b" / f)) << f;
  EXPECT_NE(export_fixtures::readAll(base / "a" / "DICOM/P0000001/S0000001/E0000001/I0000001"),
            export_fixtures::readAll(base / "c" / "DICOM/P0000001/S0000001/E0000001/I0000001"));
}

TEST(AnonymizeJob, DryRunWritesNothingAndShowsChanges) {
  const fs::path in = workflow_fixture::makeInput("job_dryrun");
  const imaging::Inventory inventory = imaging::scan(in);
  const auto preview = imaging::dryRun(inventory, optionsFor(workflow_fixture::testKey()), 2);
  ASSERT_EQ(preview.size(), 2u);
  bool name_changed = false;
  for (const auto& c : preview[0].changes)
    if (c.keyword == "PatientName") name_changed = c.before != c.after && c.after.find("Alice") == std::string::npos;
  EXPECT_TRUE(name_changed);
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(in.parent_path())) { (void)e; ++entries; }
  EXPECT_EQ(entries, 1u) << "dry run wrote something";
}

TEST(AnonymizeJob, ZipOutputHoldsTheSameTree) {
  const fs::path in = workflow_fixture::makeInput("job_zip");
  const imaging::Inventory inventory = imaging::scan(in);
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.zip = true;
  const auto r = AnonymizeJob(inventory, options).run(in.parent_path() / "out.zip");
  EXPECT_TRUE(fs::is_regular_file(in.parent_path() / "out.zip"));
  EXPECT_EQ(r.kept, 4u);
  EXPECT_TRUE(fs::exists(in.parent_path() / "out.zip.report.json"));
}

// A duplicate's reason names the other file, and a reason can quote text from a file: when that
// holds an identifier ("Alice_Fixture" here), the report gets a neutral reason instead (found in
// session 2 with a CD image whose folder was named after the patient).
TEST(AnonymizeJob, ReasonsThatNameIdentifyingPathsAreWithheld) {
  const fs::path in = workflow_fixture::makeInput("job_reason_withheld");
  fs::copy_file(in / "disk2" / "IM0001", in / "disk2" / "IM0002");           // neutral path, neutral reason
  fs::copy_file(in / "Alice_Fixture" / "img1", in / "disk2" / "COPY0001");  // reason names Alice_Fixture/img1
  const imaging::Inventory inventory = imaging::scan(in);
  ASSERT_EQ(inventory.problems.size(), 3u);  // README.TXT and the two duplicates
  const imaging::AnonymizeResult r = AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey()))
                                         .run(in.parent_path() / "out");
  const std::string report = export_fixtures::readAll(r.report_json) + export_fixtures::readAll(r.report_text);
  EXPECT_EQ(report.find("Alice"), std::string::npos) << "an identifying path leaked through a reason";
  bool neutral_kept = false, withheld = false;
  for (const auto& s : r.skipped) {
    if (s.kind != "duplicate-sop-instance") continue;
    neutral_kept |= s.reason.find("disk2/IM0001") != std::string::npos;
    withheld |= s.reason.find("withheld") != std::string::npos;
  }
  EXPECT_TRUE(neutral_kept) << "a reason without identifiers is reported as it is";
  EXPECT_TRUE(withheld);
}

// A damaged file whose transfer syntax UID holds a byte that is not UTF-8 fails alone; the export
// and its JSON report still come out (the report once stopped the whole batch: found by the plain
// engine's mutants in session 8).
TEST(AnonymizeJob, AByteThatIsNotUtf8InADamagedFileFailsOnlyThatFile) {
  const fs::path in = workflow_fixture::makeInput("job_non_utf8");
  const fs::path out = in.parent_path() / "out";
  export_fixtures::Spec c;
  c.sop_uid += ".77";
  export_fixtures::write(in / "disk2" / "IM0002", c);
  std::string bytes = export_fixtures::readAll(in / "disk2" / "IM0002");
  const std::string syntax = "1.2.840.10008.1.2.1";
  const std::size_t at = bytes.find(syntax);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 14] = '\xFC';  // "1.2.840.10008.\xFC.2.1": a syntax nobody knows, not UTF-8
  { std::ofstream(in / "disk2" / "IM0002", std::ios::binary) << bytes; }
  const imaging::Inventory inventory = imaging::scan(in);
  const imaging::AnonymizeResult r = AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey())).run(out);
  EXPECT_EQ(r.kept, 4u);
  ASSERT_EQ(r.failed, 1u);
  for (const auto& f : r.files)
    if (f.status == Status::Failed) {
      EXPECT_EQ(f.code, imaging::OutcomeCode::UnknownTransferSyntax);
      EXPECT_EQ(f.reason.find('\xFC'), std::string::npos) << f.reason;
    }
  const std::string report = export_fixtures::readAll(r.report_json);
  EXPECT_NO_THROW(static_cast<void>(nlohmann::json::parse(report).size()));
}

// Red team D, D9 (2026-12-06): verify checked the report beside a folder export but not the one
// beside a zip (OUT.zip.report.json).
TEST(AnonymizeJob, VerifyChecksTheReportBesideAZipExport) {
  const fs::path in = workflow_fixture::makeInput("job_zip_report");
  const imaging::Inventory inventory = imaging::scan(in);
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.zip = true;
  const fs::path zip = in.parent_path() / "out.zip";
  const auto r = AnonymizeJob(inventory, options).run(zip);
  nlohmann::json report = nlohmann::json::parse(export_fixtures::readAll(r.report_json));
  report["files"][0]["input"] = "Alice_Fixture/img1";
  std::ofstream(r.report_json) << report.dump();
  imaging::VerifyOptions verify_options;
  verify_options.against = in;
  verify_options.key = workflow_fixture::testKey();
  const auto verdict = imaging::verify(zip, verify_options);
  bool in_report = false;
  for (const auto& f : verdict.findings) in_report = in_report || f.kind == imaging::FindingKind::IdentifierInReport;
  EXPECT_TRUE(in_report);
}
