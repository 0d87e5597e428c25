#include "fixtures.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "imaging/core/error.h"
#include "imaging/deid/parts.h"
#include "plain_tree.h"
#include "imaging_bridge/dcmtk.h"

namespace deidtest {

namespace {

void put(DcmItem& item, const DcmTagKey& tag, const char* value) { item.putAndInsertString(tag, value); }

DcmItem* addItem(DcmItem& parent, const DcmTagKey& seq) {
  DcmItem* item = nullptr;
  parent.findOrCreateSequenceItem(seq, item, -2);
  return item;
}

void putPrivate(DcmItem& item, Uint16 group, Uint16 element, DcmEVR vr, const char* value) {
  // Built by VR class: the dictionary does not know these private tags, so newDicomElement would
  // make UN elements.
  const DcmTag tag(group, element, vr);
  DcmElement* elem = nullptr;
  switch (vr) {
    case EVR_IS: elem = new DcmIntegerString(tag); break;
    case EVR_CS: elem = new DcmCodeString(tag); break;
    default: elem = new DcmLongString(tag); break;
  }
  elem->putString(value);
  item.insert(elem, true);
}

}  // namespace

std::unique_ptr<DcmFileFormat> makeMr() {
  imaging::bridge::ensureDcmtkReady();
  auto file = std::make_unique<DcmFileFormat>();
  DcmDataset& ds = *file->getDataset();
  put(ds, DCM_SpecificCharacterSet, "ISO_IR 100");
  put(ds, DCM_ImageType, "ORIGINAL\\PRIMARY\\OTHER");
  put(ds, DCM_SOPClassUID, kMrClass);
  put(ds, DCM_SOPInstanceUID, kSopUid);
  put(ds, DCM_StudyDate, "20240105");
  put(ds, DCM_SeriesDate, "20240105");
  put(ds, DCM_AcquisitionDate, "20240105");
  put(ds, DCM_ContentDate, "20240105");
  put(ds, DCM_StudyTime, "101010");
  put(ds, DCM_SeriesTime, "101500");
  put(ds, DCM_AcquisitionTime, "101600");
  put(ds, DCM_ContentTime, "101700");
  put(ds, DCM_AcquisitionDateTime, "20240105101600.5+0100");
  put(ds, DCM_InstanceCreationDate, "20240106");
  put(ds, DCM_AccessionNumber, kAccession);
  put(ds, DCM_Modality, "MR");
  put(ds, DCM_Manufacturer, "ACME Medical");
  put(ds, DCM_InstitutionName, "St Elsewhere Hospital");
  put(ds, DCM_InstitutionAddress, "1 Hospital Road, Springfield");
  put(ds, DCM_ReferringPhysicianName, "House^Gregory");
  put(ds, DCM_StationName, "MRSCAN01");
  put(ds, DCM_StudyDescription, "Knee MRI for John Doe");
  put(ds, DCM_SeriesDescription, "T1 SAG DOE");
  put(ds, DCM_InstitutionalDepartmentName, "Radiology");
  put(ds, DCM_OperatorsName, "Smith^Anna");
  put(ds, DCM_ManufacturerModelName, "Model 3T");
  put(ds, DCM_PatientName, kPatientName);
  put(ds, DCM_PatientID, kPatientId);
  put(ds, DCM_IssuerOfPatientID, "STELSE");
  put(ds, DCM_PatientBirthDate, kBirthDate);
  put(ds, DCM_PatientSex, "M");
  put(ds, DCM_RETIRED_OtherPatientIDs, "OTHER-4711");
  put(ds, DCM_PatientAge, "043Y");
  put(ds, DCM_PatientWeight, "80");
  put(ds, DCM_PatientAddress, "12 Elm Street, Springfield");
  put(ds, DCM_PatientTelephoneNumbers, "+1 555 0100 42");
  put(ds, DCM_PatientComments, "Patient Doe prefers morning slots");
  put(ds, DCM_ScanningSequence, "SE");
  put(ds, DCM_SequenceVariant, "NONE");
  put(ds, DCM_ScanOptions, "");
  put(ds, DCM_MRAcquisitionType, "2D");
  put(ds, DCM_SliceThickness, "3");
  put(ds, DCM_RepetitionTime, "500");
  put(ds, DCM_EchoTime, "15");
  put(ds, DCM_EchoTrainLength, "1");
  put(ds, DCM_MagneticFieldStrength, "3");
  put(ds, DCM_DeviceSerialNumber, "SN-55501");
  put(ds, DCM_SoftwareVersions, "VX1");
  put(ds, DCM_ProtocolName, "KNEE DOE ROUTINE");
  put(ds, DCM_StudyInstanceUID, kStudyUid);
  put(ds, DCM_SeriesInstanceUID, kSeriesUid);
  put(ds, DCM_StudyID, "S777");
  put(ds, DCM_SeriesNumber, "3");
  put(ds, DCM_Laterality, "R");
  put(ds, DCM_PatientPosition, "HFS");
  put(ds, DCM_InstanceNumber, "1");
  put(ds, DCM_PatientOrientation, "A\\F");
  put(ds, DCM_ImagePositionPatient, "0\\0\\0");
  put(ds, DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  put(ds, DCM_FrameOfReferenceUID, kFrameOfRefUid);
  put(ds, DCM_PositionReferenceIndicator, "");
  put(ds, DCM_ImageComments, "born 15.02.1980, ID PID12345, called John");
  put(ds, DCM_SamplesPerPixel, "1");
  put(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
  ds.putAndInsertUint16(DCM_Rows, 8);
  ds.putAndInsertUint16(DCM_Columns, 8);
  put(ds, DCM_PixelSpacing, "0.5\\0.5");
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, 12);
  ds.putAndInsertUint16(DCM_HighBit, 11);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  Uint16 pixels[64];
  for (int i = 0; i < 64; ++i) pixels[i] = static_cast<Uint16>(i * 61 % 4096);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels, 64);

  // References at depth 1 and a depth-3 chain.
  DcmItem* ref = addItem(ds, DCM_ReferencedImageSequence);
  put(*ref, DCM_ReferencedSOPClassUID, kMrClass);
  put(*ref, DCM_ReferencedSOPInstanceUID, kReferencedUid);
  DcmItem* source = addItem(ds, DCM_SourceImageSequence);
  put(*source, DCM_ReferencedSOPClassUID, kMrClass);
  put(*source, DCM_ReferencedSOPInstanceUID, kReferencedUid);
  DcmItem* level1 = addItem(ds, DCM_ReferencedSeriesSequence);
  put(*level1, DCM_SeriesInstanceUID, kSeriesUid);
  DcmItem* level2 = addItem(*level1, DCM_ReferencedInstanceSequence);
  put(*level2, DCM_ReferencedSOPClassUID, kMrClass);
  put(*level2, DCM_ReferencedSOPInstanceUID, kReferencedUid);
  DcmItem* level3 = addItem(*level2, DCM_PurposeOfReferenceCodeSequence);
  put(*level3, DCM_CodeValue, "121311");
  put(*level3, DCM_CodingSchemeDesignator, "DCM");
  put(*level3, DCM_CodeMeaning, "Localizer for Doe");
  put(*level3, DCM_ContentDate, "20240104");
  put(*level3, DCM_PatientName, kPatientName);

  // Private groups: one unknown creator, one with a safe-list element.
  putPrivate(ds, 0x0009, 0x0010, EVR_LO, "ACME 1.0");
  putPrivate(ds, 0x0009, 0x1001, EVR_LO, "Doe^John");
  putPrivate(ds, 0x0019, 0x0010, EVR_LO, "SIEMENS MR HEADER");
  putPrivate(ds, 0x0019, 0x100C, EVR_IS, "1000");
  putPrivate(ds, 0x0019, 0x1008, EVR_CS, "IMAGE NUM 4");

  // A retired curve and an overlay with a comment.
  ds.putAndInsertUint16(DcmTagKey(0x5000, 0x0005), 2);
  put(ds, DcmTagKey(0x5000, 0x0022), "curve of Doe");
  ds.putAndInsertUint16(DcmTagKey(0x6000, 0x0010), 8);
  ds.putAndInsertUint16(DcmTagKey(0x6000, 0x0011), 8);
  put(ds, DcmTagKey(0x6000, 0x0040), "G");
  ds.putAndInsertSint16Array(DcmTagKey(0x6000, 0x0050), std::vector<Sint16>{1, 1}.data(), 2);
  ds.putAndInsertUint16(DcmTagKey(0x6000, 0x0100), 1);
  ds.putAndInsertUint16(DcmTagKey(0x6000, 0x0102), 0);
  Uint16 overlay[4] = {0xFFFF, 0, 0xFFFF, 0};
  ds.putAndInsertUint16Array(DcmTagKey(0x6000, 0x3000), overlay, 4);
  put(ds, DcmTagKey(0x6000, 0x4000), "drawn for Doe");
  return file;
}

namespace {

// ctest runs each test in its own process, two at a time: each process gets its own folder and
// removes it when it ends.
std::filesystem::path processRoot() {
  return std::filesystem::path(SCANSHARE_TEST_WORK_DIR) / "deid" / ("p" + std::to_string(::getpid()));
}

class RemoveWorkFolder : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    if (!std::getenv("SCANSHARE_KEEP_TEST_WORK")) std::filesystem::remove_all(processRoot(), ec);
  }
};
[[maybe_unused]] ::testing::Environment* const kCleanup = ::testing::AddGlobalTestEnvironment(new RemoveWorkFolder);

}  // namespace

std::filesystem::path workDir(const std::string& name) {
  const std::filesystem::path dir = processRoot() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

imaging::Key testKey(char fill) { return imaging::Key(std::vector<std::uint8_t>(32, static_cast<std::uint8_t>(fill))); }

imaging::DeidConfig makeConfig(const imaging::Profile& profile, const imaging::Key& key) {
  imaging::DeidConfig config;
  config.profile = profile;
  config.uids = imaging::makeHmacUidMapper(key);
  config.dates = imaging::makeHmacDateShifter(key);
  config.pseudonyms = imaging::makeHmacPseudonyms(key);
  return config;
}

namespace {

std::uint64_t fixtures_compared = 0, fixtures_plain = 0;

// The comparison above proves something only if the plain engine took most fixtures.
class PlainEngineTally : public ::testing::Environment {
 public:
  void TearDown() override {
    if (std::getenv("PLAIN_ENGINE_VERBOSE") != nullptr)
      std::fprintf(stderr, "plain engine: %llu of %llu fixtures\n", static_cast<unsigned long long>(fixtures_plain),
                   static_cast<unsigned long long>(fixtures_compared));
    if (fixtures_compared >= 20) {
      EXPECT_GE(fixtures_plain * 3, fixtures_compared)
          << fixtures_plain << " of " << fixtures_compared << " fixtures took the plain engine";
    }
  }
};
[[maybe_unused]] ::testing::Environment* const plain_engine_tally =
    ::testing::AddGlobalTestEnvironment(new PlainEngineTally);

std::string outcomeText(const imaging::InstanceOutcome& o) {
  std::string text = std::to_string(static_cast<int>(o.status)) + "|" + std::to_string(static_cast<int>(o.code)) +
                     "|" + o.reason + "|" + o.new_sop_instance_uid + "|" + o.new_series_instance_uid + "|" +
                     o.new_study_instance_uid + "|" + o.written.sop_class_uid + "|" + o.written.patient_name + "|" +
                     o.written.specific_character_set + "|" + o.written.instance_number + "|" +
                     std::to_string(o.written.file_size) + "|" + std::to_string(o.pixel_data_streamed);
  for (const auto& [action, n] : o.action_counts) text += "|" + action + "=" + std::to_string(n);
  for (const auto& [tag, value] : o.written.record_keys) text += "|" + std::to_string(tag) + "=" + value;
  return text;
}

}  // namespace

// Every fixture also runs as the pipeline runs files (with the patient's shared scrubber), once by
// the plain engine and once by DCMTK's path: the two must agree byte for byte and in every count.
// So each engine test here is also a test of the plain engine (libimaging/deid/plain_tree.h).
void expectPlainEngineAgrees(const imaging::Deidentifier& deidentifier, const Result& r, const std::filesystem::path& dir) {
  imaging::PatientContext patient = r.patient;
  std::shared_ptr<imaging::TextScrubber> scrubber = imaging::makeTextScrubber();
  try {
    for (const std::string& id : imaging::harvestIdentifiers(r.input, deidentifier.config().profile))
      scrubber->addIdentifier(id);
  } catch (const imaging::Error&) {
    return;  // a file the scan refuses never reaches the engine with a shared scrubber
  }
  patient.scrubber = std::move(scrubber);
  const std::filesystem::path plain_out = dir / "plain.dcm", dcmtk_out = dir / "dcmtk.dcm";
  std::filesystem::remove(plain_out);
  std::filesystem::remove(dcmtk_out);
  const std::uint64_t uses = imaging::deid::plainEngineUses();
  const imaging::InstanceOutcome plain = deidentifier.deidentifyFile(r.input, plain_out, patient, false);
  ++fixtures_compared;
  fixtures_plain += imaging::deid::plainEngineUses() - uses;
  imaging::deid::setPlainEngine(false);
  const imaging::InstanceOutcome dcmtk = deidentifier.deidentifyFile(r.input, dcmtk_out, patient, false);
  imaging::deid::setPlainEngine(true);
  EXPECT_EQ(outcomeText(plain), outcomeText(dcmtk)) << "plain engine and DCMTK's path disagree on " << r.input;
  EXPECT_EQ(std::filesystem::exists(plain_out), std::filesystem::exists(dcmtk_out));
  if (std::filesystem::exists(dcmtk_out)) {
    EXPECT_TRUE(fileBytes(plain_out) == fileBytes(dcmtk_out))
        << "plain engine and DCMTK's path wrote different bytes for " << r.input;
  }
}

Result run(DcmFileFormat& input, const imaging::DeidConfig& config, const std::string& test_name,
           bool record_changes, E_TransferSyntax xfer, bool dry_run) {
  Result r;
  const auto dir = workDir(test_name);
  r.input = dir / "in.dcm";
  r.output = dry_run ? std::filesystem::path() : dir / "out.dcm";
  const OFCondition saved = input.saveFile(r.input.c_str(), xfer);
  if (saved.bad()) throw std::runtime_error(std::string("fixture save failed: ") + saved.text());

  DcmDataset& ds = *input.getDataset();
  const std::string identity = str(ds, DCM_PatientID) + '\x1f' + str(ds, DCM_IssuerOfPatientID) + '\x1f' +
                               str(ds, DCM_PatientName);
  r.patient.identity_key = identity;
  r.patient.pseudonym = config.pseudonyms->forPatient(identity);
  r.patient.date_offset_days = config.dates->offsetDays(identity);
  r.patient.identifiers = imaging::harvestIdentifiers(r.input);

  const imaging::Deidentifier deidentifier(config);
  r.outcome = deidentifier.deidentifyFile(r.input, r.output, r.patient, record_changes);
  if (!record_changes && !dry_run) expectPlainEngineAgrees(deidentifier, r, dir);
  if (!dry_run && std::filesystem::exists(r.output)) {
    r.file = std::make_unique<DcmFileFormat>();
    if (r.file->loadFile(r.output.c_str()).bad()) r.file.reset();
    else r.file->loadAllDataIntoMemory();
  }
  return r;
}

std::string str(DcmItem& item, const DcmTagKey& tag) { return imaging::bridge::getString(item, tag); }

bool has(DcmItem& item, const DcmTagKey& tag) { return item.tagExists(tag, OFFalse); }

std::string allText(DcmItem& item) {
  std::string out;
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* elem = static_cast<DcmElement*>(obj);
    if (elem->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(elem);
      for (unsigned long i = 0; i < seq->card(); ++i) out += allText(*seq->getItem(i));
    } else if (elem->getTag() != DCM_PixelData && elem->getLength() < 65536) {
      OFString value;
      if (elem->getOFStringArray(value).good()) out += std::string(value.c_str()) + "\n";
    }
  }
  return out;
}

std::string fileBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace deidtest
