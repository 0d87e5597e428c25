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
  d->putAndInsertString(DCM_SOPClassUID, s.sop_class_uid.empty() ? UID_MRImageStorage : s.sop_class_uid.c_str());
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
  if (!s.transfer_syntax_override.empty()) overrideTransferSyntax(path, s.transfer_syntax_override);
}

void overrideTransferSyntax(const fs::path& path, const std::string& uid) {
  std::string bytes = readAll(path);
  const std::string tag("\x02\x00\x10\x00UI", 6);
  const std::size_t at = bytes.find(tag, 132);
  if (bytes.size() < 144 || at == std::string::npos) throw std::runtime_error("no transfer syntax in " + path.string());
  const std::size_t old_length = static_cast<unsigned char>(bytes[at + 6]) | static_cast<unsigned char>(bytes[at + 7]) << 8;
  std::string value = uid;
  if (value.size() % 2) value.push_back('\0');
  const std::string header = tag + static_cast<char>(value.size() & 0xFF) + static_cast<char>(value.size() >> 8);
  bytes.replace(at, 8 + old_length, header + value);
  // (0002,0000) UL at offset 132: its value at 140.
  std::uint32_t group = 0;
  for (int i = 3; i >= 0; --i) group = group << 8 | static_cast<unsigned char>(bytes[140 + i]);
  group = group - static_cast<std::uint32_t>(old_length) + static_cast<std::uint32_t>(value.size());
  for (int i = 0; i < 4; ++i) bytes[140 + i] = static_cast<char>((group >> (8 * i)) & 0xFF);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
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
