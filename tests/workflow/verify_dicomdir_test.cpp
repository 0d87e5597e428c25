// verify reads the export's DICOMDIR one directory record at a time (verify_dicomdir.h): it must
// see every text value a whole parse sees, at the same locations, converted the same way, and
// report a DICOMDIR that cannot be read that way exactly as before.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include "dataset_walk.h"
#include "dicom_mutation.h"
#include "files.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/verify.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "verify_dicomdir.h"
#include "verify_kept.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;
using imaging::workflow::VisitedValue;

namespace {

fs::path exportOf(const std::string& name) {
  const fs::path in = workflow_fixture::makeInput(name);
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  const fs::path out = in.parent_path() / "out";
  imaging::AnonymizeJob(imaging::scan(in), o).run(out);
  return out;
}

imaging::VerifyOptions against(const fs::path& out) {
  imaging::VerifyOptions options;
  options.against = out.parent_path() / "in";
  options.key = workflow_fixture::testKey();
  return options;
}

// Changes the DICOMDIR in place: `edit` gets its data set and its Directory Record Sequence.
template <typename Edit>
void editDicomdir(const fs::path& out, Edit edit) {
  const fs::path path = out / "DICOMDIR";
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(path.c_str()).good());
  DcmSequenceOfItems* records = nullptr;
  ASSERT_TRUE(file.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).good());
  ASSERT_GE(records->card(), 3u);
  edit(*file.getDataset(), *records);
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
}

// A sequence holding one item that holds `tag` = value; the item declares charset when given.
DcmSequenceOfItems* sequenceWith(const DcmTagKey& sequence, const DcmTagKey& tag, const char* value,
                                 const char* charset = nullptr) {
  auto* seq = new DcmSequenceOfItems(sequence);
  auto* item = new DcmItem();
  if (charset) item->putAndInsertString(DCM_SpecificCharacterSet, charset);
  item->putAndInsertString(tag, value);
  seq->append(item);
  return seq;
}

using Seen = std::tuple<std::string, int, int, std::string>;  // location, VR, depth, value

// The reference: the whole parse, converted to UTF-8, visited as verify visited it before.
std::vector<Seen> wholeParse(const fs::path& dicomdir, const imaging::workflow::ExportMarks& marks,
                             std::vector<std::string>& kept) {
  std::vector<Seen> seen;
  imaging::bridge::DicomFile file = imaging::bridge::DicomFile::open(dicomdir, imaging::bridge::ReadDepth::LazyValues);
  EXPECT_TRUE(file.ok());
  imaging::bridge::convertDatasetToUtf8(file.dataset());
  const auto note = [&seen](const VisitedValue& v) { seen.emplace_back(v.location, v.vr, v.depth, v.value); };
  imaging::workflow::visitStrings(file.meta(), note);
  imaging::workflow::visitStrings(file.dataset(), note);
  kept = imaging::workflow::unsafeKeptValues(file.dataset(), marks);
  std::sort(seen.begin(), seen.end());
  return seen;
}

std::vector<Seen> recordByRecord(const fs::path& dicomdir, const imaging::workflow::ExportMarks& marks,
                                 imaging::workflow::DicomdirStrings& strings) {
  std::vector<Seen> seen;
  strings = imaging::workflow::visitDicomdirStrings(
      dicomdir, marks, [&seen](const VisitedValue& v) { seen.emplace_back(v.location, v.vr, v.depth, v.value); });
  std::sort(seen.begin(), seen.end());
  return seen;
}

imaging::workflow::ExportMarks keepingPatientName() {
  imaging::workflow::ExportMarks marks;
  marks.unsafe_kept = {DCM_PatientName};
  marks.unsafe_kept_names = {"PatientName"};
  return marks;
}

}  // namespace

TEST(VerifyDicomdir, RecordByRecordSeesEveryValueAWholeParseSees) {
  const fs::path out = exportOf("verify_dicomdir_same");
  editDicomdir(out, [](DcmDataset&, DcmSequenceOfItems& records) {
    // A record in Latin-1 (as the writer declares non-ASCII text), with a nested item in it;
    // another record with a nested item that declares its own character set.
    DcmItem& latin = *records.getItem(1);
    latin.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
    latin.putAndInsertString(DCM_StudyDescription, "Sch\xE4" "del");
    latin.insert(sequenceWith(DCM_ProcedureCodeSequence, DCM_CodeMeaning, "R\xF6ntgen"));
    records.getItem(2)->insert(
        sequenceWith(DCM_OtherPatientIDsSequence, DCM_PatientName, "M\xFCller^Erna", "ISO_IR 100"));
  });
  const imaging::workflow::ExportMarks marks = keepingPatientName();
  std::vector<std::string> kept_whole;
  const std::vector<Seen> whole = wholeParse(out / "DICOMDIR", marks, kept_whole);
  imaging::workflow::DicomdirStrings strings;
  const std::vector<Seen> walked = recordByRecord(out / "DICOMDIR", marks, strings);
  ASSERT_TRUE(strings.complete);
  EXPECT_EQ(walked, whole);
  EXPECT_EQ(strings.unsafe_kept_values, kept_whole);
  EXPECT_FALSE(kept_whole.empty());
  // The Latin-1 text was converted, in the record and in the item nested in another.
  const auto has = [&walked](const std::string& value) {
    return std::any_of(walked.begin(), walked.end(), [&](const Seen& s) { return std::get<3>(s) == value; });
  };
  EXPECT_TRUE(has("Sch\xC3\xA4" "del"));
  EXPECT_TRUE(has("R\xC3\xB6ntgen"));
  EXPECT_TRUE(has("M\xC3\xBCller^Erna"));
}

TEST(VerifyDicomdir, OwnCharacterSetOrMarksLeaveTheDicomdirToTheWholeParse) {
  const fs::path out = exportOf("verify_dicomdir_whole");
  const fs::path dicomdir = out / "DICOMDIR";
  imaging::workflow::DicomdirStrings strings;
  recordByRecord(dicomdir, {}, strings);
  ASSERT_TRUE(strings.complete);
  // Its own character set applies to every record, and is only met after them.
  editDicomdir(out, [](DcmDataset& ds, DcmSequenceOfItems&) { ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100"); });
  recordByRecord(dicomdir, {}, strings);
  EXPECT_FALSE(strings.complete);
  // So do de-identification marks of its own.
  editDicomdir(out, [](DcmDataset& ds, DcmSequenceOfItems&) {
    ds.findAndDeleteElement(DCM_SpecificCharacterSet);
    ds.putAndInsertString(DCM_DeidentificationMethod, "Verbatim StudyDescription");
  });
  recordByRecord(dicomdir, {}, strings);
  EXPECT_FALSE(strings.complete);
  // A record whose text does not convert: the whole parse leaves everything as stored.
  editDicomdir(out, [](DcmDataset& ds, DcmSequenceOfItems& records) {
    ds.findAndDeleteElement(DCM_DeidentificationMethod);
    records.getItem(0)->putAndInsertString(DCM_SpecificCharacterSet, "NO SUCH CHARSET");
    records.getItem(0)->putAndInsertString(DCM_StudyDescription, "Sch\xE4" "del");
  });
  recordByRecord(dicomdir, {}, strings);
  EXPECT_FALSE(strings.complete);
}

TEST(VerifyDicomdir, AnIdentifierInASequenceNestedInARecordIsFound) {
  const fs::path out = exportOf("verify_dicomdir_nested");
  ASSERT_TRUE(imaging::verify(out, against(out)).clean());
  editDicomdir(out, [](DcmDataset&, DcmSequenceOfItems& records) {
    records.getItem(2)->insert(sequenceWith(DCM_OtherPatientIDsSequence, DCM_PatientID, workflow_fixture::kIdA));
  });
  const auto r = imaging::verify(out, against(out));
  bool found = false;
  for (const auto& f : r.findings)
    found |= f.kind == imaging::FindingKind::IdentifierInValue &&
             f.location == "DICOMDIR (0004,1220)[2].(0010,1002)[0].(0010,0020)";
  EXPECT_TRUE(found);
}

TEST(VerifyDicomdir, ADamagedDicomdirIsStillReported) {
  const fs::path out = exportOf("verify_dicomdir_damaged");
  const fs::path dicomdir = out / "DICOMDIR";
  fs::resize_file(dicomdir, fs::file_size(dicomdir) * 2 / 3);  // cut inside the records
  const auto r = imaging::verify(out);
  bool unreadable = false, missing = false;
  for (const auto& f : r.findings) {
    unreadable |= f.location == "DICOMDIR" &&
                  (f.kind == imaging::FindingKind::Truncated || f.kind == imaging::FindingKind::NotDicom ||
                   f.kind == imaging::FindingKind::UnsafeStructure);
    missing |= f.kind == imaging::FindingKind::NoDicomdir;
  }
  EXPECT_TRUE(unreadable);
  EXPECT_TRUE(missing);
}

// Damaged DICOMDIRs: whenever the record-by-record pass says it saw the whole DICOMDIR, the whole
// parse reads the file too and sees the same values; otherwise verify takes the whole parse.
TEST(VerifyDicomdir, OnDamagedDicomdirsTheWalkAgreesWithTheWholeParseOrLeavesItToIt) {
  const fs::path out = exportOf("verify_dicomdir_mutants");
  const std::string original = scanshare_test::readAll(out / "DICOMDIR");
  const fs::path dicomdir = out.parent_path() / "mutant" / "DICOMDIR";
  fs::create_directories(dicomdir.parent_path());
  const imaging::workflow::ExportMarks marks = keepingPatientName();
  std::mt19937 random(20261206);
  int complete = 0, left = 0;
  const int mutants = scanshare_test::mutantCount(300, 40);
  for (int m = 0; m < mutants; ++m) {
    scanshare_test::writeAll(dicomdir, scanshare_test::mutateDicom(original, random));
    imaging::workflow::DicomdirStrings strings;
    const std::vector<Seen> walked = recordByRecord(dicomdir, marks, strings);
    if (!strings.complete) {
      ++left;
      continue;
    }
    ++complete;
    imaging::bridge::DicomFile file = imaging::bridge::DicomFile::open(dicomdir, imaging::bridge::ReadDepth::LazyValues);
    ASSERT_TRUE(file.ok()) << "mutant " << m << ": the walk read what the whole parse refuses";
    std::vector<std::string> kept_whole;
    ASSERT_EQ(walked, wholeParse(dicomdir, marks, kept_whole)) << "mutant " << m;
    ASSERT_EQ(strings.unsafe_kept_values, kept_whole) << "mutant " << m;
  }
  // Both ways are exercised by the sample.
  EXPECT_GT(complete, 0);
  EXPECT_GT(left, 0);
}
