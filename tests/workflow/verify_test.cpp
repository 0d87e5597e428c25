#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <set>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include "imaging/media/scan.h"
#include "imaging_bridge/plain_directory.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/recipe.h"
#include "imaging/workflow/send_export.h"
#include "imaging/workflow/verify.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;

namespace {

bool hasKind(const imaging::VerifyResult& r, imaging::FindingKind kind) {
  for (const auto& f : r.findings)
    if (f.kind == kind) return true;
  return false;
}

fs::path exportOf(const fs::path& in, const std::string& name) {
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  const fs::path out = in.parent_path() / name;
  imaging::AnonymizeJob(imaging::scan(in), o).run(out);
  return out;
}

}  // namespace

TEST(Verify, ExportIsCleanAgainstItsSource) {
  const fs::path in = workflow_fixture::makeInput("verify_clean");
  const fs::path out = exportOf(in, "out");
  imaging::VerifyOptions options;
  options.against = in;
  options.key = workflow_fixture::testKey();
  const auto r = imaging::verify(out, options);
  for (const auto& f : r.findings) ADD_FAILURE() << imaging::toString(f.kind) << " " << f.location << " " << f.detail;
  EXPECT_EQ(r.files_checked, 5u);
  EXPECT_GT(r.source_identifiers, 0u);
  EXPECT_GT(r.source_uids, 0u);
}

TEST(Verify, SourceItselfFails) {
  const fs::path in = workflow_fixture::makeInput("verify_source");
  imaging::VerifyOptions options;
  options.against = in;
  const auto r = imaging::verify(in, options);
  EXPECT_FALSE(r.clean());
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::IdentityNotRemoved));
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::IdentifierInValue));
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::IdentifierInPath));
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::IdentifierInBytes));
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::SourceUid));
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::NotDicom));  // README.TXT
  for (const auto& f : r.findings) EXPECT_EQ(f.detail.find("Alice"), std::string::npos) << "a finding shows the value";
}

TEST(Verify, ReferencesToImagesLeftOutOnPurposeAreNotes) {
  const fs::path in = workflow_fixture::makeInput("verify_left_out");
  const fs::path out = exportOf(in, "out");
  fs::remove(out / "DICOM/P0000001/S0000001/E0000001/I0000001");
  imaging::VerifyOptions options;
  options.against = in;
  options.key = workflow_fixture::testKey();
  // Every source instance counts as left out on purpose (as the images of unticked series would).
  for (const auto& patient : imaging::scan(in).patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series)
        for (const auto& instance : series.instances) options.left_out.push_back(instance.sop_instance_uid);
  const auto r = imaging::verify(out, options);
  EXPECT_FALSE(hasKind(r, imaging::FindingKind::DanglingReference));
  bool noted = false;
  for (const auto& note : r.notes) noted = noted || note.find("left out of the export on purpose") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(Verify, MissingReferencedFileIsDanglingAndBreaksDicomdir) {
  const fs::path in = workflow_fixture::makeInput("verify_dangling");
  const fs::path out = exportOf(in, "out");
  // The first image of patient A's first series is the target of the second image's reference.
  fs::remove(out / "DICOM/P0000001/S0000001/E0000001/I0000001");
  imaging::VerifyOptions options;
  options.against = in;
  options.key = workflow_fixture::testKey();
  const auto r = imaging::verify(out, options);
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::DanglingReference));
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::DicomdirMissingFile));
  // Structural checks alone still see the DICOMDIR problem.
  EXPECT_TRUE(hasKind(imaging::verify(out), imaging::FindingKind::DicomdirMissingFile));
}

TEST(Verify, ADicomdirWhoseOffsetsSkipARecordIsABrokenTree) {
  const fs::path in = workflow_fixture::makeInput("verify_broken_tree");
  const fs::path out = exportOf(in, "out");
  EXPECT_FALSE(hasKind(imaging::verify(out), imaging::FindingKind::DicomdirBrokenTree));
  // The first image record with a next record: its next offset set to 0, so that a viewer
  // following the offsets never reaches the images after it; every file is still listed.
  std::vector<imaging::bridge::PlainDirectoryRecord> records;
  ASSERT_TRUE(imaging::bridge::readDirectoryRecordsPlain(out / "DICOMDIR", [&](const auto&, const auto& r) {
                records.push_back(r);
              }).ok);
  const auto image = std::find_if(records.begin(), records.end(), [](const auto& r) { return !r.file_id.empty() && r.next != 0; });
  ASSERT_NE(image, records.end());
  std::fstream dicomdir(out / "DICOMDIR", std::ios::in | std::ios::out | std::ios::binary);
  dicomdir.seekp(static_cast<std::streamoff>(image->offset + 16));  // (0004,1400)'s value in the item
  const char zero[4] = {0, 0, 0, 0};
  dicomdir.write(zero, 4);
  dicomdir.close();
  const auto r = imaging::verify(out);
  EXPECT_TRUE(hasKind(r, imaging::FindingKind::DicomdirBrokenTree));
  EXPECT_FALSE(hasKind(r, imaging::FindingKind::DicomdirMissingFile));
  EXPECT_FALSE(hasKind(r, imaging::FindingKind::DicomdirUnlistedFile));
}

// Issue 13: one rule decides what stops a send, in the CLI (send, anonymize --send) and the
// viewer. anonymize --send used to let person-name and unsafe-text findings through.
TEST(SendRule, EveryFindingThatMayIdentifySomeoneStopsASendStructureDoesNot) {
  using K = imaging::FindingKind;
  const K structural[] = {K::DanglingReference, K::DicomdirMissingFile, K::DicomdirUnlistedFile, K::DicomdirBrokenTree,
                          K::NoDicomdir};
  // Every kind, by its enum value: a kind added later refuses unless it is listed as structural.
  for (int k = 0; k <= static_cast<int>(K::NoDicomdir); ++k) {
    const K kind = static_cast<K>(k);
    const bool is_structural = std::find(std::begin(structural), std::end(structural), kind) != std::end(structural);
    imaging::CheckedSend checked;
    checked.verdict.findings.push_back({kind, "DICOM/I1", "detail"});
    EXPECT_EQ(checked.refused(), !is_structural) << imaging::toString(kind);
    EXPECT_NE(imaging::refusalLine(checked.verdict).find(imaging::toString(kind)), std::string::npos);
  }
  for (K kind : {K::PersonName, K::UnsafeText, K::UidNotReplaced, K::IdentifierInValue, K::SourceUid, K::NotDicom,
                 K::Truncated, K::UnsafeStructure, K::BurnedInText})
    EXPECT_TRUE(imaging::isPrivacyFinding(kind)) << imaging::toString(kind);
}

// A recipe's unsafe keep of PatientName (issue 16): the names are in the copy on purpose, so
// verify against the source notes them instead of reporting leaks; everything else is checked.
TEST(Verify, RecipeUnsafeKeepIsANoteNotALeak) {
  const fs::path in = workflow_fixture::makeInput("verify_unsafe_keep");
  const imaging::Recipe recipe =
      imaging::parseRecipe(R"j({"attributes":[{"attribute":"PatientName","action":"keep","unsafe":true}]})j");
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  recipe.applyTo(o);
  const fs::path out = in.parent_path() / "out";
  imaging::AnonymizeJob(imaging::scan(in), o).run(out);
  imaging::VerifyOptions options;
  options.against = in;
  options.key = workflow_fixture::testKey();
  const auto r = imaging::verify(out, options);
  for (const auto& f : r.findings) ADD_FAILURE() << imaging::toString(f.kind) << " " << f.location << " " << f.detail;
  bool noted = false;
  for (const auto& n : r.notes) noted |= n.find("kept on purpose by recipe: PatientName") != std::string::npos;
  EXPECT_TRUE(noted);
  // The names really are there: verified without the marks they would be findings.
  const auto source = imaging::scan(in);
  const auto copy = imaging::scan(out);
  ASSERT_FALSE(copy.patients.empty());
  std::set<std::string> source_names, copy_names;
  for (const auto& p : source.patients) source_names.insert(p.name);
  for (const auto& p : copy.patients) copy_names.insert(p.name);
  EXPECT_EQ(copy_names, source_names);
}

TEST(Verify, ASourceUidInsideTextIsFound) {
  const fs::path in = workflow_fixture::makeInput("verify_uid_in_text");
  const fs::path out = exportOf(in, "out");
  imaging::VerifyOptions options;
  options.against = in;
  options.key = workflow_fixture::testKey();
  ASSERT_TRUE(imaging::verify(out, options).clean());
  // A source Study Instance UID typed into a comment, among other words.
  const std::string uid = imaging::scan(in).patients.at(0).studies.at(0).study_instance_uid;
  ASSERT_GE(uid.size(), 10u);
  const fs::path file = out / "DICOM/P0000001/S0000001/E0000001/I0000001";
  DcmFileFormat written;
  ASSERT_TRUE(written.loadFile(file.c_str()).good());
  ASSERT_TRUE(written.getDataset()->putAndInsertString(DCM_ImageComments, ("compared with " + uid + " (prior)").c_str()).good());
  ASSERT_TRUE(written.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
  const auto r = imaging::verify(out, options);
  bool found = false;
  for (const auto& f : r.findings)
    found |= f.kind == imaging::FindingKind::SourceUid && f.detail == "a UID of the source survives in text";
  EXPECT_TRUE(found);
}
