// The DICOMDIR built from header facts: record types by SOP class, Type 1/2 keys, character set,
// missing keys, and independence from the order the pipeline hands the facts over.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>

#include "export_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/media_layout.h"

namespace fs = std::filesystem;

namespace {

// A minimal Comprehensive SR document (no pixel data) with the keys an SR DOCUMENT record needs.
void writeStructuredReport(const fs::path& path) {
  DcmFileFormat file;
  DcmDataset* d = file.getDataset();
  d->putAndInsertString(DCM_SOPClassUID, UID_ComprehensiveSRStorage);
  d->putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.8.498.7001.5.1");
  d->putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.8.498.7001");
  d->putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.8.498.7001.5");
  d->putAndInsertString(DCM_Modality, "SR");
  d->putAndInsertString(DCM_PatientName, "Fixture^Alice");
  d->putAndInsertString(DCM_PatientID, "FIX-4711");
  d->putAndInsertString(DCM_StudyDate, "20230405");
  d->putAndInsertString(DCM_StudyTime, "101500");
  d->putAndInsertString(DCM_SeriesNumber, "5");
  d->putAndInsertString(DCM_InstanceNumber, "3");
  d->putAndInsertString(DCM_ContentDate, "20230406");
  d->putAndInsertString(DCM_ContentTime, "120000");
  d->putAndInsertString(DCM_CompletionFlag, "COMPLETE");
  d->putAndInsertString(DCM_VerificationFlag, "UNVERIFIED");
  d->putAndInsertString(DCM_ValueType, "CONTAINER");
  DcmItem* code = nullptr;
  d->findOrCreateSequenceItem(DCM_ConceptNameCodeSequence, code, -2);
  code->putAndInsertString(DCM_CodeValue, "18748-4");
  code->putAndInsertString(DCM_CodingSchemeDesignator, "LN");
  code->putAndInsertString(DCM_CodeMeaning, "Diagnostic Imaging Report");
  fs::create_directories(path.parent_path());
  if (file.saveFile(path.c_str(), EXS_LittleEndianExplicit).bad()) throw std::runtime_error("cannot write SR fixture");
}

// Record type -> the records of that type, read back with DCMTK's own DICOMDIR reader.
std::multimap<std::string, DcmDirectoryRecord*> recordsByType(DcmDicomDir& dir) {
  std::multimap<std::string, DcmDirectoryRecord*> out;
  std::vector<DcmDirectoryRecord*> stack{&dir.getRootRecord()};
  while (!stack.empty()) {
    DcmDirectoryRecord* r = stack.back();
    stack.pop_back();
    for (unsigned long i = 0; i < r->cardSub(); ++i) {
      DcmDirectoryRecord* sub = r->getSub(i);
      OFString type;
      sub->findAndGetOFString(DCM_DirectoryRecordType, type);
      out.emplace(type.c_str(), sub);
      stack.push_back(sub);
    }
  }
  return out;
}

std::string value(DcmItem* item, const DcmTagKey& tag) {
  OFString v;
  if (item->findAndGetOFStringArray(tag, v).bad()) return "<absent>";
  return v.c_str();
}

}  // namespace

TEST(DicomdirRecords, StructuredReportGetsAnSrDocumentRecordWithItsKeys) {
  const fs::path root = export_fixtures::freshDir("dicomdir_sr");
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 1));
  writeStructuredReport(root / imaging::mediaInstancePath(1, 1, 2, 1));
  imaging::writeDicomdir(root);
  DcmDicomDir dir((root / "DICOMDIR").c_str());
  ASSERT_TRUE(dir.error().good());
  const auto records = recordsByType(dir);
  EXPECT_EQ(records.count("PATIENT"), 1u);
  EXPECT_EQ(records.count("STUDY"), 1u);
  EXPECT_EQ(records.count("SERIES"), 2u);
  EXPECT_EQ(records.count("IMAGE"), 1u);
  ASSERT_EQ(records.count("SR DOCUMENT"), 1u);
  DcmDirectoryRecord* sr = records.find("SR DOCUMENT")->second;
  EXPECT_EQ(value(sr, DCM_CompletionFlag), "COMPLETE");
  EXPECT_EQ(value(sr, DCM_VerificationFlag), "UNVERIFIED");
  EXPECT_EQ(value(sr, DCM_ContentDate), "20230406");
  EXPECT_EQ(value(sr, DCM_InstanceNumber), "3");
  EXPECT_EQ(value(sr, DCM_ReferencedSOPClassUIDInFile), UID_ComprehensiveSRStorage);
  DcmItem* code = nullptr;
  ASSERT_TRUE(sr->findAndGetSequenceItem(DCM_ConceptNameCodeSequence, code, 0).good());
  EXPECT_EQ(value(code, DCM_CodeValue), "18748-4");
}

TEST(DicomdirRecords, EveryRequiredKeyIsPresentAndMissingOnesAreNotInventedFromTheClock) {
  const fs::path root = export_fixtures::freshDir("dicomdir_keys");
  export_fixtures::Spec spec;
  spec.missing_type1 = true;  // no StudyDate, StudyTime, StudyID, SeriesNumber
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 1), spec);
  imaging::writeDicomdir(root);
  DcmDicomDir dir((root / "DICOMDIR").c_str());
  const auto records = recordsByType(dir);
  DcmDirectoryRecord* patient = records.find("PATIENT")->second;
  DcmDirectoryRecord* study = records.find("STUDY")->second;
  DcmDirectoryRecord* series = records.find("SERIES")->second;
  DcmDirectoryRecord* image = records.find("IMAGE")->second;
  EXPECT_EQ(value(patient, DCM_PatientID), spec.patient_id);
  EXPECT_EQ(value(patient, DCM_PatientName), spec.patient_name);
  // Type 1: a valid dummy (dciodvfy rejects an empty one), never today's date.
  EXPECT_EQ(value(study, DCM_StudyDate), "19000101");
  EXPECT_EQ(value(study, DCM_StudyTime), "000000");
  EXPECT_EQ(value(study, DCM_StudyID), "1");   // the study's position
  EXPECT_EQ(value(study, DCM_AccessionNumber), "ACC778899");
  EXPECT_EQ(value(study, DCM_StudyDescription), "");
  EXPECT_EQ(value(study, DCM_StudyInstanceUID), spec.study_uid);
  EXPECT_EQ(value(series, DCM_SeriesNumber), "1");
  EXPECT_EQ(value(series, DCM_Modality), "MR");
  EXPECT_EQ(value(series, DCM_SeriesInstanceUID), spec.series_uid);
  EXPECT_EQ(value(image, DCM_InstanceNumber), "1");
  EXPECT_EQ(value(image, DCM_ReferencedFileID), "DICOM\\P0000001\\S0000001\\E0000001\\I0000001");
  EXPECT_EQ(value(image, DCM_ReferencedSOPInstanceUIDInFile), spec.sop_uid);
  EXPECT_EQ(value(image, DCM_ReferencedTransferSyntaxUIDInFile), UID_LittleEndianExplicitTransferSyntax);
}

TEST(DicomdirRecords, Type1KeysAreValidWhateverTheFileHolds) {
  const fs::path root = export_fixtures::freshDir("dicomdir_type1");
  export_fixtures::Spec spec;
  const fs::path image = root / imaging::mediaInstancePath(1, 1, 1, 1);
  export_fixtures::write(image, spec);
  {  // an ACR-NEMA style time and an empty Instance Number, as old systems write them
    DcmFileFormat f;
    ASSERT_TRUE(f.loadFile(image.c_str()).good());
    f.loadAllDataIntoMemory();
    f.getDataset()->putAndInsertString(DCM_StudyTime, "10:15:00");
    f.getDataset()->putAndInsertString(DCM_InstanceNumber, "");
    ASSERT_TRUE(f.saveFile(image.c_str(), EXS_LittleEndianExplicit).good());
  }
  // A verified SR whose Verification DateTime sits in the Verifying Observer Sequence.
  const fs::path sr_path = root / imaging::mediaInstancePath(1, 1, 2, 1);
  writeStructuredReport(sr_path);
  {
    DcmFileFormat f;
    ASSERT_TRUE(f.loadFile(sr_path.c_str()).good());
    DcmDataset& d = *f.getDataset();
    d.putAndInsertString(DCM_VerificationFlag, "VERIFIED");
    DcmItem* observer = nullptr;
    d.findOrCreateSequenceItem(DCM_VerifyingObserverSequence, observer, -2);
    observer->putAndInsertString(DCM_VerificationDateTime, "20230407120000");
    ASSERT_TRUE(f.saveFile(sr_path.c_str(), EXS_LittleEndianExplicit).good());
  }
  imaging::writeDicomdir(root);
  DcmDicomDir dir((root / "DICOMDIR").c_str());
  const auto records = recordsByType(dir);
  EXPECT_EQ(value(records.find("STUDY")->second, DCM_StudyTime), "101500");
  EXPECT_EQ(value(records.find("IMAGE")->second, DCM_InstanceNumber), "1");
  EXPECT_EQ(value(records.find("SR DOCUMENT")->second, DCM_VerificationDateTime), "20230407120000");
}

TEST(DicomdirRecords, NonAsciiTextNamesItsCharacterSetInTheRecord) {
  const fs::path root = export_fixtures::freshDir("dicomdir_charset");
  export_fixtures::Spec spec;
  spec.patient_name = "M\xfcller^J\xfcrgen";  // ISO_IR 100 bytes, as the fixture declares
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 1), spec);
  imaging::writeDicomdir(root);
  DcmDicomDir dir((root / "DICOMDIR").c_str());
  const auto records = recordsByType(dir);
  DcmDirectoryRecord* patient = records.find("PATIENT")->second;
  EXPECT_EQ(value(patient, DCM_PatientName), spec.patient_name);
  EXPECT_EQ(value(patient, DCM_SpecificCharacterSet), "ISO_IR 100");
  EXPECT_EQ(value(records.find("SERIES")->second, DCM_SpecificCharacterSet), "<absent>");  // plain ASCII
}

TEST(DicomdirRecords, FactsInAnyOrderGiveTheSameBytesAsReadingTheTree) {
  const fs::path root = export_fixtures::freshDir("dicomdir_order");
  export_fixtures::Spec spec;
  std::vector<std::string> files;
  for (int se = 1; se <= 3; ++se)
    for (int in = 1; in <= 4; ++in) {
      spec.series_uid = "1.2.826.0.1.3680043.8.498.7001." + std::to_string(se);
      spec.series_number = se;
      spec.sop_uid = spec.series_uid + "." + std::to_string(in);
      spec.instance_number = in;
      const fs::path rel = imaging::mediaInstancePath(1, 1, se, in);
      export_fixtures::write(root / rel, spec);
      files.push_back(rel.generic_string());
    }
  imaging::writeDicomdir(root);
  const std::string from_tree = export_fixtures::readAll(root / "DICOMDIR");

  std::vector<imaging::DicomdirEntry> entries;
  for (const auto& f : files) entries.push_back(imaging::readDicomdirEntry(root, f));
  std::shuffle(entries.begin(), entries.end(), std::mt19937(7));
  fs::remove(root / "DICOMDIR");
  imaging::writeDicomdir(root, entries);
  EXPECT_EQ(export_fixtures::readAll(root / "DICOMDIR"), from_tree);
  const auto check = imaging::checkDicomdir(root);
  EXPECT_TRUE(check.complete());
  EXPECT_EQ(check.records, files.size());
}

TEST(DicomdirRecords, AFileLeftOutOfTheFactsIsCaughtByTheReadBack) {
  const fs::path root = export_fixtures::freshDir("dicomdir_forgotten");
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 1));
  export_fixtures::Spec other;
  other.sop_uid += ".2";
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 2), other);
  std::vector<imaging::DicomdirEntry> entries{
      imaging::readDicomdirEntry(root, imaging::mediaInstancePath(1, 1, 1, 1).generic_string())};
  EXPECT_THROW(imaging::writeDicomdir(root, entries), imaging::Error);
}

TEST(DicomdirRecords, NotDicomIsUnlistableWithAReason) {
  const fs::path root = export_fixtures::freshDir("dicomdir_notdicom");
  fs::create_directories(root / "DICOM");
  std::ofstream(root / "DICOM" / "X0000001") << "plain text";
  const imaging::DicomdirEntry e = imaging::readDicomdirEntry(root, "DICOM/X0000001");
  EXPECT_FALSE(e.unlistable_reason.empty());
}

namespace {
bool sameEntry(const imaging::DicomdirEntry& a, const imaging::DicomdirEntry& b) {
  return a.file == b.file && a.sop_class_uid == b.sop_class_uid && a.sop_instance_uid == b.sop_instance_uid &&
         a.study_instance_uid == b.study_instance_uid && a.series_instance_uid == b.series_instance_uid &&
         a.modality == b.modality && a.instance_keys == b.instance_keys && a.unlistable_reason == b.unlistable_reason;
}
}  // namespace

// The pipeline names the SOP class it wrote so the file is parsed once at the right depth: the
// entry must equal the one read without the hint, for an SR (keys beyond group 0028) and an image.
TEST(DicomdirRecords, AKnownSopClassGivesTheSameEntryFromOneRead) {
  const fs::path root = export_fixtures::freshDir("dicomdir_hint");
  const std::string image = imaging::mediaInstancePath(1, 1, 1, 1).generic_string();
  const std::string report = imaging::mediaInstancePath(1, 1, 2, 1).generic_string();
  export_fixtures::write(root / image);
  writeStructuredReport(root / report);
  const auto sr_plain = imaging::readDicomdirEntry(root, report);
  const auto sr_hinted = imaging::readDicomdirEntry(root, report, UID_ComprehensiveSRStorage);
  EXPECT_TRUE(sr_plain.unlistable_reason.empty()) << sr_plain.unlistable_reason;
  EXPECT_FALSE(sr_plain.instance_keys.empty());
  EXPECT_TRUE(sameEntry(sr_plain, sr_hinted));
  EXPECT_TRUE(sameEntry(imaging::readDicomdirEntry(root, image),
                        imaging::readDicomdirEntry(root, image, UID_MRImageStorage)));
}

// The writer keeps only the current patient's node in memory (the others spilled): a patient met
// again after another one is found again, its study under its first record, as DCMTK lists it.
TEST(DicomdirRecords, APatientMetAgainIsFoundAgainFromTheSpill) {
  const fs::path root = export_fixtures::freshDir("dicomdir_patients_apart");
  export_fixtures::Spec a, b;
  b.patient_name = "Other^Bert";
  b.patient_id = "OTHER-1";
  b.study_uid = "1.2.826.0.1.3680043.8.498.8001";
  b.series_uid = b.study_uid + ".1";
  b.sop_uid = b.series_uid + ".1";
  export_fixtures::Spec a2 = a;
  a2.study_uid += ".3";
  a2.series_uid = a2.study_uid + ".1";
  a2.sop_uid = a2.series_uid + ".1";
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 1), a);
  export_fixtures::write(root / imaging::mediaInstancePath(2, 1, 1, 1), b);
  export_fixtures::write(root / imaging::mediaInstancePath(3, 1, 1, 1), a2);
  imaging::writeDicomdir(root);
  EXPECT_TRUE(imaging::checkDicomdir(root).complete());
  DcmDicomDir dicomdir((root / "DICOMDIR").c_str());
  DcmDirectoryRecord& top = dicomdir.getRootRecord();
  EXPECT_EQ(top.cardSub(), 2u);  // two patient records, not three
  EXPECT_EQ(top.getSub(0)->cardSub(), 2u);  // the first patient's two studies
}
