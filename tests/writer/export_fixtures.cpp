#include "export_fixtures.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dctk.h>

#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace fs = std::filesystem;

namespace export_fixtures {

void write(const fs::path& path, const Spec& s) {
  static std::once_flag once;
  std::call_once(once, [] { DcmRLEEncoderRegistration::registerCodecs(); });
  DcmFileFormat file;
  DcmDataset* d = file.getDataset();
  d->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
  d->putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  d->putAndInsertString(DCM_SOPInstanceUID, s.sop_uid.c_str());
  d->putAndInsertString(DCM_StudyInstanceUID, s.study_uid.c_str());
  d->putAndInsertString(DCM_SeriesInstanceUID, s.series_uid.c_str());
  d->putAndInsertString(DCM_FrameOfReferenceUID, (s.study_uid + ".9").c_str());
  d->putAndInsertString(DCM_PatientName, s.patient_name.c_str());
  d->putAndInsertString(DCM_PatientID, s.patient_id.c_str());
  d->putAndInsertString(DCM_PatientBirthDate, s.birth_date.c_str());
  d->putAndInsertString(DCM_PatientSex, "F");
  d->putAndInsertString(DCM_AccessionNumber, "ACC778899");
  d->putAndInsertString(DCM_ReferringPhysicianName, "Referrer^Bob");
  d->putAndInsertString(DCM_SeriesDescription, s.series_description.c_str());
  d->putAndInsertString(DCM_InstanceNumber, std::to_string(s.instance_number).c_str());
  d->putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY");
  if (!s.missing_type1) {
    d->putAndInsertString(DCM_StudyDate, "20230405");
    d->putAndInsertString(DCM_StudyTime, "101500");
    d->putAndInsertString(DCM_StudyID, "77");
    d->putAndInsertString(DCM_SeriesNumber, std::to_string(s.series_number).c_str());
  }
  if (!s.no_modality) d->putAndInsertString(DCM_Modality, s.modality.c_str());
  if (!s.referenced_sop_uid.empty()) {
    DcmItem* item = nullptr;
    d->findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, -2);
    item->putAndInsertString(DCM_ReferencedSOPClassUID, UID_MRImageStorage);
    item->putAndInsertString(DCM_ReferencedSOPInstanceUID, s.referenced_sop_uid.c_str());
  }
  if (s.burned_in) d->putAndInsertString(DCM_BurnedInAnnotation, "YES");
  d->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  d->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  d->putAndInsertUint16(DCM_Rows, 16);
  d->putAndInsertUint16(DCM_Columns, 16);
  d->putAndInsertUint16(DCM_BitsAllocated, 16);
  d->putAndInsertUint16(DCM_BitsStored, 12);
  d->putAndInsertUint16(DCM_HighBit, 11);
  d->putAndInsertUint16(DCM_PixelRepresentation, 0);
  std::vector<Uint16> pixels(16 * 16);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<Uint16>((i * 37) % 4096);
  d->putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  E_TransferSyntax xfer = EXS_LittleEndianExplicit;
  if (s.rle) {
    xfer = EXS_RLELossless;
    if (d->chooseRepresentation(xfer, nullptr).bad()) throw std::runtime_error("RLE encoding failed");
  }
  fs::create_directories(path.parent_path());
  if (file.saveFile(path.c_str(), xfer).bad()) throw std::runtime_error("cannot write fixture " + path.string());
}

fs::path freshDir(const std::string& name) {
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "export" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace export_fixtures
