// The anonymize job does what it says: a --series selector names one series, a chosen pseudonym
// does not carry the source identity, a "redacted" image had its pixels changed, and damaged
// input files are named by their path relative to the input.
#include <gtest/gtest.h>

#include <fstream>

#include "export_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/pseudonym_check.h"
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

imaging::ErrorCode runError(const imaging::Inventory& inventory, const AnonymizeOptions& options, const fs::path& out,
                            std::string* message = nullptr) {
  try {
    AnonymizeJob(inventory, options).run(out);
  } catch (const imaging::Error& e) {
    if (message) *message = e.oneLine();
    return e.code();
  }
  ADD_FAILURE() << "the job ran";
  return imaging::ErrorCode::Internal;
}

// The fixture's patient A in a folder of its own, with one burned-in image (16x16: OCR reads nothing).
fs::path burnedInInput(const std::string& name) {
  const fs::path root = export_fixtures::freshDir(name) / "in";
  export_fixtures::Spec plain;
  export_fixtures::write(root / "a" / "img1", plain);
  export_fixtures::Spec form = plain;
  form.series_uid += ".4";
  form.sop_uid += ".4";
  form.series_number = 4;
  form.modality = "OT";
  form.burned_in = true;
  export_fixtures::write(root / "a" / "form", form);
  return root;
}

const imaging::FileResult& resultFor(const imaging::AnonymizeResult& r, const std::string& input) {
  for (const auto& f : r.files)
    if (f.input_relative == input) return f;
  throw std::runtime_error("no result for " + input);
}

}  // namespace

TEST(TruthfulExport, AmbiguousSeriesNumberIsRefusedNotExportedFromEveryPatient) {
  const fs::path in = workflow_fixture::makeInput("truthful_series");
  const imaging::Inventory inventory = imaging::scan(in);
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.series = {"1"};  // series 1 of patient A and series 1 of patient B
  std::string message;
  EXPECT_EQ(runError(inventory, options, in.parent_path() / "out", &message), imaging::ErrorCode::InvalidArgument);
  EXPECT_NE(message.find("patient 1/study 1/series 1"), std::string::npos) << message;
  EXPECT_NE(message.find("patient 2/study 1/series 1"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(in.parent_path() / "out"));
  options.series = {"5", "6"};  // 6 matches nothing: not dropped silently
  EXPECT_EQ(runError(inventory, options, in.parent_path() / "out"), imaging::ErrorCode::InvalidArgument);
  options.series = {"2/1/1"};
  const auto r = AnonymizeJob(inventory, options).run(in.parent_path() / "out");
  EXPECT_EQ(r.kept, 1u);
  EXPECT_EQ(r.not_selected, 3u);
}

TEST(TruthfulExport, ChosenPseudonymCarryingTheSourceIdentityIsRefused) {
  const fs::path in = workflow_fixture::makeInput("truthful_pseudonym");
  const imaging::Inventory inventory = imaging::scan(in);
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.series = {"5"};  // patient A only
  for (const imaging::Pseudonym& chosen :
       {imaging::Pseudonym{"Fixture^Alice", "X-1"}, imaging::Pseudonym{"ANON^ALICE", "X-1"},
        imaging::Pseudonym{"ANON^ONE", "fix-4711"}, imaging::Pseudonym{"ANON^ONE", "ID-19700214"}}) {
    options.pseudonym = chosen;
    std::string message;
    EXPECT_EQ(runError(inventory, options, in.parent_path() / "out", &message), imaging::ErrorCode::InvalidArgument)
        << chosen.name << " / " << chosen.id;
    for (const char* secret : {"Alice", "ALICE", "Fixture", "4711", "19700214"})
      EXPECT_EQ(message.find(secret), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(in.parent_path() / "out"));
  // Another patient's values are not this patient's identity: only the source patient counts.
  options.pseudonym = imaging::Pseudonym{"ANON^BERT", "X-1"};
  EXPECT_EQ(AnonymizeJob(inventory, options).run(in.parent_path() / "out").kept, 1u);
}

TEST(TruthfulExport, PseudonymCheckUsesHarvestedValues) {
  imaging::Patient patient;
  patient.name = "Doe^Jane";
  patient.id = "P-77";
  patient.identifying_values.patient = {"555-0199", "Elm Street"};
  EXPECT_THROW(imaging::refuseIdentifyingPseudonym(patient, {"ANON^X", "TEL 555-0199"}), imaging::Error);
  EXPECT_THROW(imaging::refuseIdentifyingPseudonym(patient, {"elm street^x", "A-1"}), imaging::Error);
  EXPECT_THROW(imaging::refuseIdentifyingPseudonym(patient, {"JANE", "A-1"}), imaging::Error);
  EXPECT_THROW(imaging::refuseIdentifyingPseudonym(patient, {"ANON^A", "p-77"}), imaging::Error);
  EXPECT_NO_THROW(imaging::refuseIdentifyingPseudonym(patient, {"ANON^JANET", "A-1"}));
}

TEST(TruthfulExport, BurnedInImageOcrCannotReadStaysExcludedWithAHint) {
  const fs::path in = burnedInInput("truthful_redact");
  const imaging::Inventory inventory = imaging::scan(in);
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.redact_burned_in = true;
  const auto r = AnonymizeJob(inventory, options).run(in.parent_path() / "out");
  const imaging::FileResult& form = resultFor(r, "a/form");
  EXPECT_EQ(form.status, Status::Excluded);
  EXPECT_FALSE(form.redacted) << "exported byte-identical pixels as 'redacted'";
  EXPECT_TRUE(form.burned_in);
  EXPECT_EQ(form.code, imaging::OutcomeCode::BurnedInNoTextFound) << form.reason;
  EXPECT_NE(form.reason.find("--blackout x,y,w,h"), std::string::npos) << form.reason;
  EXPECT_EQ(r.kept, 1u);
  EXPECT_EQ(export_fixtures::readAll(r.report_json).find("\"redacted\""), std::string::npos);
}

TEST(TruthfulExport, BlackoutThatChangesPixelsIsRedacted) {
  const fs::path in = burnedInInput("truthful_blackout");
  const imaging::Inventory inventory = imaging::scan(in);
  AnonymizeOptions options = optionsFor(workflow_fixture::testKey());
  options.blackouts = {imaging::parseBlackoutRegion("0,0,8,8")};
  const auto r = AnonymizeJob(inventory, options).run(in.parent_path() / "out");
  const imaging::FileResult& form = resultFor(r, "a/form");
  EXPECT_EQ(form.status, Status::Kept) << form.reason;
  EXPECT_TRUE(form.redacted);
}

TEST(TruthfulExport, DamagedFilesAreNamedByTheirPathInTheInput) {
  const fs::path in = workflow_fixture::makeInput("truthful_damaged");
  export_fixtures::Spec spec;
  spec.sop_uid += ".99";
  export_fixtures::write(in / "disk2" / "SUB" / "IMG00001", spec);
  const std::string bytes = export_fixtures::readAll(in / "disk2" / "SUB" / "IMG00001");
  std::ofstream(in / "disk2" / "SUB" / "IMG00001", std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 3);
  const imaging::Inventory inventory = imaging::scan(in);
  const auto r = AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey())).run(in.parent_path() / "out");
  bool named = false;
  for (const auto& s : r.skipped) {
    EXPECT_NE(s.input_relative, "IMG00001") << "a bare file name: which of the disk's IMG00001?";
    named |= s.bad && s.input_relative == "disk2/SUB/IMG00001";
  }
  EXPECT_TRUE(named);
  EXPECT_NE(export_fixtures::readAll(r.report_json).find("disk2/SUB/IMG00001"), std::string::npos);
}

TEST(TruthfulExport, FilesAreNamedByTheirPathInTheInputWhenItIsGivenAsARelativePath) {
  // As a user types it: relative to the working folder. The report named each file by its bare
  // file name then, which cannot tell two series folders' IM000001 apart.
  const fs::path in = burnedInInput("truthful_relative");
  const fs::path relative = fs::relative(in);
  ASSERT_TRUE(relative.is_relative());
  const imaging::Inventory inventory = imaging::scan(relative);
  const auto r = AnonymizeJob(inventory, optionsFor(workflow_fixture::testKey())).run(in.parent_path() / "out");
  EXPECT_EQ(resultFor(r, "a/img1").status, Status::Kept);
  EXPECT_EQ(resultFor(r, "a/form").status, Status::Excluded);
}
