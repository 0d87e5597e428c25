// What the scan harvests as a patient's identifying values (bridge::collectIdentifyingValues, on
// both readers, and the DICOMDIR's records), and the patient identity it keys patients by.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <functional>

#include "dicom_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging_bridge/identifying_values.h"

namespace fs = std::filesystem;
using imaging::Inventory;
using imaging::Patient;

namespace {

bool holds(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool anyHoldsNul(const std::vector<std::string>& values) {
  return std::any_of(values.begin(), values.end(), [](const std::string& v) { return v.find('\0') != std::string::npos; });
}

// The fixture file with `fill` applied to its data set, saved again (explicit VR little endian).
void writeWith(const fs::path& path, const fixtures::InstanceSpec& spec, const std::function<void(DcmDataset&)>& fill) {
  fixtures::writeInstance(path, spec);
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(path.c_str()).good());
  fill(*file.getDataset());
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
}

// Every '#' of the file's bytes becomes NUL: padding DCMTK itself would not write.
void hashesToNul(const fs::path& path) {
  std::string bytes = fixtures::readBytes(path);
  std::replace(bytes.begin(), bytes.end(), '#', '\0');
  fixtures::writeBytes(path, bytes);
}

// Harvests the file both ways the scan may: DCMTK's tree, and scan() (its own reader for a plain file).
struct BothHarvests {
  std::vector<std::string> dcmtk, scanned;
};
BothHarvests harvestBoth(const fs::path& path) {
  BothHarvests both;
  DcmFileFormat file;
  EXPECT_TRUE(file.loadFile(path.c_str()).good());
  both.dcmtk = imaging::bridge::collectIdentifyingValues(*file.getDataset()).united(false, false);
  const Inventory inventory = imaging::scan(path);
  EXPECT_EQ(inventory.patients.size(), 1u);
  if (!inventory.patients.empty()) both.scanned = inventory.patients.front().identifying_values.united(false, false);
  return both;
}

const Patient* patientNamed(const Inventory& inventory, const std::string& name) {
  for (const Patient& p : inventory.patients)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

// Red team B F9: "MARTIN^Rose\0\0\0\0" was harvested with its NULs (so "MARTIN" in a description
// was never matched), and the same patient padded two ways became two patients.
TEST(HarvestRules, NulPaddedNameAndIdAreTrimmedAndNameOnePatient) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec spaces;
  spaces.patient_name = "MARTIN^Rose ";
  spaces.patient_id = "55501234";
  spaces.series_uid = "1.2.826.0.1.3680043.8.498.1.1";
  fixtures::writeInstance(dir / "a" / "IMG1", spaces);
  fixtures::InstanceSpec nuls = spaces;
  nuls.patient_name = "MARTIN^Rose#####";
  nuls.patient_id = "55501234##";
  nuls.series_uid = "1.2.826.0.1.3680043.8.498.1.2";
  fixtures::writeInstance(dir / "b" / "IMG1", nuls);
  hashesToNul(dir / "b" / "IMG1");
  fixtures::InstanceSpec family = spaces;
  family.patient_name = "MARTIN##";
  family.patient_id = "55501299";
  family.series_uid = "1.2.826.0.1.3680043.8.498.1.3";
  fixtures::writeInstance(dir / "c" / "IMG1", family);
  hashesToNul(dir / "c" / "IMG1");

  const Inventory inventory = imaging::scan(dir);
  ASSERT_EQ(inventory.patients.size(), 2u);  // 55501234 (padded two ways) and 55501299
  const Patient* rose = patientNamed(inventory, "MARTIN^Rose");
  ASSERT_NE(rose, nullptr);
  EXPECT_EQ(rose->id, "55501234");
  EXPECT_EQ(rose->studies.front().series.size(), 2u);
  const Patient* family_only = patientNamed(inventory, "MARTIN");
  ASSERT_NE(family_only, nullptr);
  for (const Patient& p : inventory.patients) {
    const std::vector<std::string> values = p.identifying_values.united(false, false);
    EXPECT_FALSE(anyHoldsNul(values)) << p.id;
    EXPECT_TRUE(holds(values, "MARTIN")) << p.id;
  }
  const std::vector<std::string> values = rose->identifying_values.united(false, false);
  for (const char* expected : {"MARTIN^Rose", "Rose", "55501234"}) EXPECT_TRUE(holds(values, expected)) << expected;

  // And the identity equals that of the space-padded spelling on its own.
  const Inventory spaced_alone = imaging::scan(dir / "a");
  ASSERT_EQ(spaced_alone.patients.size(), 1u);
  const Inventory nul_alone = imaging::scan(dir / "b");
  ASSERT_EQ(nul_alone.patients.size(), 1u);
  EXPECT_EQ(nul_alone.patients.front().identityKey(), spaced_alone.patients.front().identityKey());
}

// Red team A F4: staff named in PN attributes the list did not name survived in text. Every PN
// value is a name, at any depth.
TEST(HarvestRules, PersonNamesInUnlistedAttributesAndNestedSequencesAreHarvested) {
  const fs::path dir = fixtures::freshWorkDir();
  writeWith(dir / "IMG1", {}, [](DcmDataset& ds) {
    ds.putAndInsertString(DCM_ContentCreatorName, "BAKER^Rose");
    ds.putAndInsertString(DCM_ConsultingPhysicianName, "HUNTER^Faith");
    ds.putAndInsertString(DCM_NamesOfIntendedRecipientsOfResults, "GARDENER^May");
    DcmItem* request = nullptr;
    ASSERT_TRUE(ds.findOrCreateSequenceItem(DCM_RequestAttributesSequence, request, -2).good());
    DcmItem* performer = nullptr;
    ASSERT_TRUE(request->findOrCreateSequenceItem(DCM_ScheduledHumanPerformersSequence, performer, -2).good());
    performer->putAndInsertString(DCM_HumanPerformerName, "POTTER^Hope");
    DcmItem* person = nullptr;
    ASSERT_TRUE(ds.findOrCreateSequenceItem(DCM_IntendedRecipientsOfResultsIdentificationSequence, person, -2).good());
    person->putAndInsertString(DCM_PersonName, "TANNER^Joy");
  });
  const BothHarvests both = harvestBoth(dir / "IMG1");
  for (const auto* values : {&both.dcmtk, &both.scanned})
    for (const char* expected : {"BAKER^Rose", "BAKER", "HUNTER", "Faith", "GARDENER", "POTTER^Hope", "POTTER", "Hope",
                                 "TANNER"})
      EXPECT_TRUE(holds(*values, expected)) << expected << (values == &both.dcmtk ? " (DCMTK)" : " (scan)");
}

// Red team A F4: patient, visit and order IDs that were not harvested survived when typed into
// text. Each one of 3 characters or more is an ID now; shorter ones are not, as before.
TEST(HarvestRules, PatientVisitAndOrderIdsAreHarvested) {
  const fs::path dir = fixtures::freshWorkDir();
  const std::vector<std::pair<DcmTagKey, std::string>> ids = {
      {DCM_ClinicalTrialSubjectID, "QF-4471"},
      {DCM_ClinicalTrialSubjectReadingID, "QR-5512"},
      {DCM_ServiceEpisodeID, "EP-2231"},
      {DCM_PlacerOrderNumberImagingServiceRequest, "ORD-8812"},
      {DCM_FillerOrderNumberImagingServiceRequest, "FIL-9913"},
      {DCM_RETIRED_PlacerOrderNumberImagingServiceRequestRetired, "ORD-7001"},
      {DCM_RETIRED_FillerOrderNumberImagingServiceRequestRetired, "FIL-7002"},
      {DCM_RETIRED_PlacerOrderNumberProcedure, "ORD-7003"},
      {DCM_RETIRED_FillerOrderNumberProcedure, "FIL-7004"},
      {DCM_RETIRED_IssuerOfAdmissionID, "CITY-ADT"},
      {DCM_RETIRED_IssuerOfServiceEpisodeID, "CITY-EPI"},
      {DCM_ContainerIdentifier, "SLIDE-55-1"},
      {DCM_SpecimenIdentifier, "SPEC-55-1"},
      {DCM_RETIRED_SpecimenAccessionNumber, "SACC-4411"},
      {DCM_RETIRED_ResultsID, "RES-3301"},
      {DCM_RETIRED_InterpretationID, "INT-3302"},
      {DCM_PatientInstitutionResidence, "Foxglove Lodge"},
      {DCM_RETIRED_ScheduledPatientInstitutionResidence, "Primrose Court"},
      {DCM_PersonAddress, "9 Nettle Row"},
      {DCM_PersonTelephoneNumbers, "0161 496 0999"},
  };
  writeWith(dir / "IMG1", {}, [&](DcmDataset& ds) {
    for (const auto& [tag, value] : ids) ASSERT_TRUE(ds.putAndInsertString(tag, value.c_str()).good()) << value;
    DcmItem* person = nullptr;
    ASSERT_TRUE(ds.findOrCreateSequenceItem(DCM_ContentCreatorIdentificationCodeSequence, person, -2).good());
    DcmItem* code = nullptr;
    ASSERT_TRUE(person->findOrCreateSequenceItem(DCM_PersonIdentificationCodeSequence, code, -2).good());
    code->putAndInsertString(DCM_CodeValue, "DR-4417");
    code->putAndInsertString(DCM_CodingSchemeDesignator, "L");
    code->putAndInsertString(DCM_CodeMeaning, "staff code");
    ds.putAndInsertString(DCM_AdmissionID, "AB");  // too short to be matched safely: as before
  });
  const BothHarvests both = harvestBoth(dir / "IMG1");
  for (const auto* values : {&both.dcmtk, &both.scanned}) {
    const char* reader = values == &both.dcmtk ? " (DCMTK)" : " (scan)";
    for (const auto& [tag, value] : ids) EXPECT_TRUE(holds(*values, value)) << value << reader;
    for (const char* part : {"Foxglove", "Lodge", "Nettle", "01614960999", "DR-4417"})
      EXPECT_TRUE(holds(*values, part)) << part << reader;
    EXPECT_FALSE(holds(*values, "AB")) << reader;
    EXPECT_FALSE(holds(*values, "staff code")) << reader;  // a code's meaning is not an ID
  }
}

namespace {

DcmDirectoryRecord* addRecord(DcmDirectoryRecord& parent, E_DirRecType type,
                              const std::vector<std::pair<DcmTagKey, std::string>>& values) {
  auto* record = new DcmDirectoryRecord(type, nullptr, OFFilename());
  for (const auto& [tag, value] : values) record->putAndInsertString(tag, value.c_str());
  EXPECT_TRUE(parent.insertSub(record).good());
  return record;
}

// PATIENT > STUDY > SERIES > IMAGE, written by DCMTK with the offsets that link them.
void addPatientTree(DcmDirectoryRecord& root, const std::vector<std::pair<DcmTagKey, std::string>>& patient,
                    const std::vector<std::pair<DcmTagKey, std::string>>& study, const std::string& file_id) {
  DcmDirectoryRecord* p = addRecord(root, ERT_Patient, patient);
  DcmDirectoryRecord* st = addRecord(*p, ERT_Study, study);
  DcmDirectoryRecord* se = addRecord(*st, ERT_Series, {{DCM_Modality, "MR"}});
  if (!file_id.empty()) addRecord(*se, ERT_Image, {{DCM_ReferencedFileID, file_id}, {DCM_InstanceNumber, "1"}});
}

}  // namespace

// Red team B F2 / A F8: a name or ID only the DICOMDIR holds (a nickname in its PATIENT record) was
// never harvested. The records' values go to the patient whose files they reference; values of
// records above no file of the medium go to every patient.
TEST(HarvestRules, DicomdirRecordsAddTheirValuesToThePatientsTheyReference) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec quill;
  quill.patient_name = "QUILLFEATHER^Ottoline";
  quill.patient_id = "MRN-48213377";
  quill.study_uid = "1.2.826.0.1.3680043.8.498.10";
  quill.series_uid = "1.2.826.0.1.3680043.8.498.10.1";
  fixtures::writeInstance(dir / "QF" / "IMG1", quill);
  fixtures::InstanceSpec other;
  other.patient_name = "BRAMBLE^Tobias";
  other.patient_id = "MRN-11110000";
  other.study_uid = "1.2.826.0.1.3680043.8.498.20";
  other.series_uid = "1.2.826.0.1.3680043.8.498.20.1";
  fixtures::writeInstance(dir / "TB" / "IMG1", other);
  {
    DcmDicomDir dicomdir((dir / "DICOMDIR").c_str(), "TEST");
    DcmDirectoryRecord& root = dicomdir.getRootRecord();
    addPatientTree(root,
                   {{DCM_PatientName, "QUILLFEATHER^Sparrow"}, {DCM_PatientID, "MRN-66120987"},
                    {DCM_PatientBirthDate, "19550101"}},
                   {{DCM_StudyInstanceUID, quill.study_uid}, {DCM_StudyID, "ST9921"}, {DCM_AccessionNumber, "ACC77123901"},
                    {DCM_StudyDate, "20240102"}},
                   "QF\\IMG1");
    addPatientTree(root, {{DCM_PatientName, "BRAMBLE^Tobias"}, {DCM_PatientID, "MRN-11110000"}},
                   {{DCM_StudyInstanceUID, other.study_uid}, {DCM_StudyDate, "20240102"}}, "TB\\IMG1");
    // A patient whose files are not on the medium.
    addPatientTree(root, {{DCM_PatientName, "WOLLSTONE^Perpetua"}, {DCM_PatientID, "MRN-90045512"}},
                   {{DCM_StudyInstanceUID, "1.2.826.0.1.3680043.8.498.30"}, {DCM_StudyDate, "20240102"}}, "");
    ASSERT_TRUE(dicomdir.write(EXS_LittleEndianExplicit, EET_UndefinedLength, EGL_withoutGL).good());
  }

  const Inventory inventory = imaging::scan(dir);
  ASSERT_TRUE(inventory.used_dicomdir);
  ASSERT_EQ(inventory.patients.size(), 2u);
  const Patient* q = patientNamed(inventory, "QUILLFEATHER^Ottoline");
  const Patient* t = patientNamed(inventory, "BRAMBLE^Tobias");
  ASSERT_NE(q, nullptr);
  ASSERT_NE(t, nullptr);
  const std::vector<std::string> q_values = q->identifying_values.united(false, false);
  const std::vector<std::string> t_values = t->identifying_values.united(false, false);
  for (const char* expected : {"QUILLFEATHER^Sparrow", "Sparrow", "MRN-66120987", "19550101", "ST9921", "ACC77123901"}) {
    EXPECT_TRUE(holds(q_values, expected)) << expected;
    EXPECT_FALSE(holds(t_values, expected)) << expected << " is the other patient's";
  }
  for (const char* everyone : {"WOLLSTONE", "Perpetua", "MRN-90045512"}) {
    EXPECT_TRUE(holds(q_values, everyone)) << everyone;
    EXPECT_TRUE(holds(t_values, everyone)) << everyone;
  }
}

// The DICOMDIR's links, not the order of its records, say whose file is whose: a DICOMDIR whose
// records follow one another breadth first (patients, then studies, ...) is read the same.
TEST(HarvestRules, DicomdirRecordsAreLinkedByOffsetsNotByOrder) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec a;
  a.patient_name = "ALDER^Ann";
  a.patient_id = "PID-A1";
  a.study_uid = "1.2.826.0.1.3680043.8.498.40";
  a.series_uid = "1.2.826.0.1.3680043.8.498.40.1";
  fixtures::writeInstance(dir / "A" / "IMG1", a);
  fixtures::InstanceSpec b;
  b.patient_name = "BIRCH^Ben";
  b.patient_id = "PID-B2";
  b.study_uid = "1.2.826.0.1.3680043.8.498.50";
  b.series_uid = "1.2.826.0.1.3680043.8.498.50.1";
  fixtures::writeInstance(dir / "B" / "IMG1", b);
  // Written by hand: records PATIENT A, PATIENT B, IMAGE of B, IMAGE of A, each patient's lower
  // offset pointing at its image. Offsets are those of each item in the file, found by writing once
  // with placeholders and patching them in.
  DcmFileFormat file;
  file.getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPClassUID, UID_MediaStorageDirectoryStorage);
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertString(DCM_FileSetID, "TEST");
  const auto record = [&ds](const char* type) {
    DcmItem* item = nullptr;
    EXPECT_TRUE(ds.findOrCreateSequenceItem(DCM_DirectoryRecordSequence, item, -2).good());
    // DCMTK's own VR for offsets ("up") takes no value from putAndInsertUint32: written as UL.
    for (const DcmTagKey& offset : {DCM_OffsetOfTheNextDirectoryRecord, DCM_OffsetOfReferencedLowerLevelDirectoryEntity}) {
      auto* element = new DcmUnsignedLong(DcmTag(offset, EVR_UL));
      element->putUint32(0);
      EXPECT_TRUE(item->insert(element).good());
    }
    item->putAndInsertUint16(DCM_RecordInUseFlag, 0xFFFF);
    item->putAndInsertString(DCM_DirectoryRecordType, type);
    return item;
  };
  DcmItem* pa = record("PATIENT");
  pa->putAndInsertString(DCM_PatientName, "ALDER^Nightjar");
  pa->putAndInsertString(DCM_PatientID, "PID-A1");
  DcmItem* pb = record("PATIENT");
  pb->putAndInsertString(DCM_PatientName, "BIRCH^Kestrel");
  pb->putAndInsertString(DCM_PatientID, "PID-B2");
  record("IMAGE")->putAndInsertString(DCM_ReferencedFileID, "B\\IMG1");
  record("IMAGE")->putAndInsertString(DCM_ReferencedFileID, "A\\IMG1");
  const fs::path path = dir / "DICOMDIR";
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit, EET_ExplicitLength).good());
  // Where each record's item starts: items follow the sequence header, in order, with explicit lengths.
  std::string bytes = fixtures::readBytes(path);
  const std::string sequence_header("\x04\x00\x20\x12SQ\x00\x00", 8);
  std::size_t at = bytes.find(sequence_header);
  ASSERT_NE(at, std::string::npos);
  at += 12;
  std::vector<std::uint32_t> offsets;
  for (int i = 0; i < 4; ++i) {
    offsets.push_back(static_cast<std::uint32_t>(at));
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at + 4);
    at += 8 + (p[0] | p[1] << 8 | p[2] << 16 | static_cast<std::uint32_t>(p[3]) << 24);
  }
  // (0004,1420) of patient i := offsets[target]: the element's value follows "\x04\x00\x20\x14UL\x04\x00".
  const auto setLower = [&](int record_index, std::uint32_t target) {
    const std::string lower_tag("\x04\x00\x20\x14UL\x04\x00", 8);
    const std::size_t pos = bytes.find(lower_tag, offsets[static_cast<std::size_t>(record_index)]);
    ASSERT_NE(pos, std::string::npos);
    for (int k = 0; k < 4; ++k) bytes[pos + 8 + static_cast<std::size_t>(k)] = static_cast<char>(target >> (8 * k));
  };
  setLower(0, offsets[3]);  // patient A -> image of A
  setLower(1, offsets[2]);  // patient B -> image of B
  fixtures::writeBytes(path, bytes);

  const Inventory inventory = imaging::scan(dir);
  ASSERT_EQ(inventory.patients.size(), 2u);
  const Patient* pa_scanned = patientNamed(inventory, "ALDER^Ann");
  const Patient* pb_scanned = patientNamed(inventory, "BIRCH^Ben");
  ASSERT_NE(pa_scanned, nullptr);
  ASSERT_NE(pb_scanned, nullptr);
  const std::vector<std::string> a_values = pa_scanned->identifying_values.united(false, false);
  const std::vector<std::string> b_values = pb_scanned->identifying_values.united(false, false);
  EXPECT_TRUE(holds(a_values, "Nightjar"));
  EXPECT_FALSE(holds(a_values, "Kestrel"));
  EXPECT_TRUE(holds(b_values, "Kestrel"));
  EXPECT_FALSE(holds(b_values, "Nightjar"));
}
