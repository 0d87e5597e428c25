#include "fuzz_support.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace fs = std::filesystem;

namespace fuzz_support {
namespace {

const char* kStudyUid = "1.2.826.0.1.3680043.10.1234.1";
const char* kSeriesUid = "1.2.826.0.1.3680043.10.1234.1.1";

std::string instanceUid(int instance_number) {
  return std::string(kSeriesUid) + "." + std::to_string(instance_number);
}

void putCommonAttributes(DcmItem& item) {
  item.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
  item.putAndInsertString(DCM_PatientName, "Fuzz^Patient");
  item.putAndInsertString(DCM_PatientID, "FUZZ-1");
}

}  // namespace

const fs::path& scratchDir() {
  static const fs::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    fs::path d = fs::path(tmp && *tmp ? tmp : "/tmp") / ("scanshare-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

void writeInput(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) throw std::runtime_error("fuzz: cannot write " + path.string());
}

void writeValidInstance(const fs::path& path, int instance_number) {
  DcmFileFormat file;
  DcmDataset* ds = file.getDataset();
  putCommonAttributes(*ds);
  ds->putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  ds->putAndInsertString(DCM_SOPInstanceUID, instanceUid(instance_number).c_str());
  ds->putAndInsertString(DCM_StudyInstanceUID, kStudyUid);
  ds->putAndInsertString(DCM_SeriesInstanceUID, kSeriesUid);
  ds->putAndInsertString(DCM_StudyDate, "20240102");
  ds->putAndInsertString(DCM_StudyTime, "101500");
  ds->putAndInsertString(DCM_StudyID, "1");
  ds->putAndInsertString(DCM_AccessionNumber, "ACC1");
  ds->putAndInsertString(DCM_Modality, "MR");
  ds->putAndInsertString(DCM_SeriesNumber, "1");
  ds->putAndInsertString(DCM_InstanceNumber, std::to_string(instance_number).c_str());
  ds->putAndInsertString(DCM_ImagePositionPatient, ("0\\0\\" + std::to_string(instance_number)).c_str());
  ds->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  ds->putAndInsertString(DCM_PixelSpacing, "0.5\\0.5");
  ds->putAndInsertUint16(DCM_Rows, 4);
  ds->putAndInsertUint16(DCM_Columns, 4);
  ds->putAndInsertUint16(DCM_BitsAllocated, 16);
  ds->putAndInsertUint16(DCM_BitsStored, 12);
  ds->putAndInsertUint16(DCM_HighBit, 11);
  ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  std::vector<Uint16> pixels(16);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<Uint16>(i * 200);
  ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  fs::create_directories(path.parent_path());
  const OFCondition saved = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
  if (saved.bad()) throw std::runtime_error(std::string("fuzz fixture not written: ") + saved.text());
}

void writeValidDicomdir(const fs::path& path) {
  fs::remove(path);
  DcmDicomDir dicomdir(path.c_str(), "FUZZ");
  DcmDirectoryRecord& root = dicomdir.getRootRecord();
  auto* patient = new DcmDirectoryRecord(ERT_Patient, nullptr, OFFilename());
  putCommonAttributes(*patient);
  auto* study = new DcmDirectoryRecord(ERT_Study, nullptr, OFFilename());
  study->putAndInsertString(DCM_StudyInstanceUID, kStudyUid);
  study->putAndInsertString(DCM_StudyDate, "20240102");
  study->putAndInsertString(DCM_StudyTime, "101500");
  study->putAndInsertString(DCM_StudyID, "1");
  study->putAndInsertString(DCM_AccessionNumber, "ACC1");
  auto* series = new DcmDirectoryRecord(ERT_Series, nullptr, OFFilename());
  series->putAndInsertString(DCM_SeriesInstanceUID, kSeriesUid);
  series->putAndInsertString(DCM_Modality, "MR");
  series->putAndInsertString(DCM_SeriesNumber, "1");
  for (int n = 1; n <= 2; ++n) {
    auto* image = new DcmDirectoryRecord(ERT_Image, nullptr, OFFilename());
    image->putAndInsertString(DCM_ReferencedFileID, ("IMG" + std::to_string(n)).c_str());
    image->putAndInsertString(DCM_ReferencedSOPClassUIDInFile, UID_MRImageStorage);
    image->putAndInsertString(DCM_ReferencedSOPInstanceUIDInFile, instanceUid(n).c_str());
    image->putAndInsertString(DCM_ReferencedTransferSyntaxUIDInFile, UID_LittleEndianExplicitTransferSyntax);
    image->putAndInsertString(DCM_InstanceNumber, std::to_string(n).c_str());
    series->insertSub(image);
  }
  study->insertSub(series);
  patient->insertSub(study);
  root.insertSub(patient);
  const OFCondition written = dicomdir.write();
  if (written.bad()) throw std::runtime_error(std::string("fuzz DICOMDIR not written: ") + written.text());
}

void exportSeed(const fs::path& source, const std::string& name) {
  const char* out = std::getenv("SCANSHARE_FUZZ_SEED_OUT");
  if (out == nullptr || *out == '\0') return;
  fs::create_directories(out);
  fs::copy_file(source, fs::path(out) / name, fs::copy_options::overwrite_existing);
}

void seedWithValidInstance() {
  const auto seed = scratchDir() / "seed.dcm";
  writeValidInstance(seed, 1);
  exportSeed(seed, "valid-instance.dcm");
}

}  // namespace fuzz_support
