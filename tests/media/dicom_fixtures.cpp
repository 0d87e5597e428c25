#include "dicom_fixtures.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fixtures {

std::string writeInstance(const std::filesystem::path& path, const InstanceSpec& spec) {
  DcmFileFormat file;
  DcmDataset* ds = file.getDataset();
  char uid[100];
  const std::string sop_uid = spec.sop_uid.empty() ? dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT) : spec.sop_uid;
  if (!spec.charset.empty()) ds->putAndInsertString(DCM_SpecificCharacterSet, spec.charset.c_str());
  ds->putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  ds->putAndInsertString(DCM_SOPInstanceUID, sop_uid.c_str());
  ds->putAndInsertString(DCM_StudyDate, "20240102");
  ds->putAndInsertString(DCM_Modality, "MR");
  if (!spec.patient_identity_removed.empty())
    ds->putAndInsertString(DCM_PatientIdentityRemoved, spec.patient_identity_removed.c_str());
  ds->putAndInsertOFStringArray(DCM_PatientName, OFString(spec.patient_name.data(), spec.patient_name.size()));
  ds->putAndInsertString(DCM_PatientID, spec.patient_id.c_str());
  ds->putAndInsertString(DCM_PatientSex, "F");
  ds->putAndInsertString(DCM_StudyInstanceUID, spec.study_uid.c_str());
  ds->putAndInsertString(DCM_SeriesInstanceUID, spec.series_uid.c_str());
  ds->putAndInsertOFStringArray(DCM_SeriesDescription,
                                OFString(spec.series_description.data(), spec.series_description.size()));
  ds->putAndInsertString(DCM_SeriesNumber, std::to_string(spec.series_number).c_str());
  ds->putAndInsertString(DCM_InstanceNumber, std::to_string(spec.instance_number).c_str());
  ds->putAndInsertString(DCM_ImagePositionPatient, "0\\0\\1.5");
  ds->putAndInsertString(DCM_PixelSpacing, "0.5\\0.5");
  if (spec.with_sequence) {
    DcmItem* item = nullptr;
    ds->findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, -2);
    item->putAndInsertString(DCM_ReferencedSOPClassUID, UID_MRImageStorage);
    item->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5");
  }
  if (spec.with_small_ob) {
    const Uint8 bytes[] = {1, 2, 3, 250};
    ds->putAndInsertString(DcmTag(0x0009, 0x0010, EVR_LO), "ScanShareTest");
    ds->putAndInsertUint8Array(DcmTag(0x0009, 0x1001, EVR_OB), bytes, sizeof bytes);
  }
  ds->putAndInsertUint16(DCM_Rows, spec.rows);
  ds->putAndInsertUint16(DCM_Columns, spec.columns);
  ds->putAndInsertUint16(DCM_BitsAllocated, 16);
  ds->putAndInsertUint16(DCM_BitsStored, 12);
  ds->putAndInsertUint16(DCM_HighBit, 11);
  ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  std::vector<Uint16> pixels(static_cast<std::size_t>(spec.rows) * spec.columns, 100);
  ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  std::filesystem::create_directories(path.parent_path());
  const OFCondition saved = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
  if (saved.bad()) throw std::runtime_error(std::string("fixture not written: ") + saved.text());
  return sop_uid;
}

void writeDicomdir(const std::filesystem::path& path, const std::vector<std::string>& referenced_file_ids) {
  DcmFileFormat file;
  DcmDataset* ds = file.getDataset();
  file.getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPClassUID, UID_MediaStorageDirectoryStorage);
  ds->putAndInsertString(DCM_FileSetID, "TEST");
  for (std::size_t i = 0; i < referenced_file_ids.size(); ++i) {
    DcmItem* record = nullptr;
    ds->findOrCreateSequenceItem(DCM_DirectoryRecordSequence, record, -2);
    record->putAndInsertString(DCM_DirectoryRecordType, "IMAGE");
    record->putAndInsertString(DCM_ReferencedFileID, referenced_file_ids[i].c_str());
  }
  std::filesystem::create_directories(path.parent_path());
  const OFCondition saved = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
  if (saved.bad()) throw std::runtime_error(std::string("DICOMDIR fixture not written: ") + saved.text());
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::filesystem::path freshWorkDir(const std::string& suffix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(SCANSHARE_TEST_WORK_DIR) / "media" /
                              (std::string(info->test_suite_name()) + "." + info->name() + suffix);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace fixtures
