// Warm header scan of 5000 small DICOM files written (once) into a temporary folder.
#include <benchmark/benchmark.h>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <filesystem>
#include <string>
#include <vector>

#include "imaging/core/temp_dir.h"
#include "imaging/media/scan.h"

namespace {

constexpr int kFiles = 5000;

// 50 series of 100 instances, 64x64 16-bit, in a CD-like DICOM/Sxx/Ixxx layout.
const std::filesystem::path& generatedStudy() {
  static imaging::TempDir dir({}, "scanshare-bench-scan-");
  static bool written = false;
  if (written) return dir.path();
  char uid[100];
  const std::string study_uid = dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT);
  std::vector<Uint16> pixels(64 * 64, 512);
  std::string series_uid;
  for (int i = 0; i < kFiles; ++i) {
    if (i % 100 == 0) series_uid = dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT);
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    ds->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
    ds->putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds->putAndInsertString(DCM_PatientName, "Bench^M\xFCller");
    ds->putAndInsertString(DCM_PatientID, "BENCH1");
    ds->putAndInsertString(DCM_StudyInstanceUID, study_uid.c_str());
    ds->putAndInsertString(DCM_SeriesInstanceUID, series_uid.c_str());
    ds->putAndInsertString(DCM_Modality, "MR");
    ds->putAndInsertString(DCM_SeriesDescription, "T2 \xE9tude");
    ds->putAndInsertString(DCM_SeriesNumber, std::to_string(i / 100 + 1).c_str());
    ds->putAndInsertString(DCM_InstanceNumber, std::to_string(i % 100 + 1).c_str());
    ds->putAndInsertString(DCM_ImagePositionPatient, "0\\0\\1");
    ds->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    ds->putAndInsertString(DCM_PixelSpacing, "0.5\\0.5");
    ds->putAndInsertUint16(DCM_Rows, 64);
    ds->putAndInsertUint16(DCM_Columns, 64);
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, 12);
    ds->putAndInsertUint16(DCM_HighBit, 11);
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
    char name[32];
    std::snprintf(name, sizeof name, "S%02d/I%04d", i / 100, i % 100);
    const std::filesystem::path path = dir.path() / "DICOM" / name;
    std::filesystem::create_directories(path.parent_path());
    file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
  }
  written = true;
  return dir.path();
}

void BM_WarmHeaderScan5000(benchmark::State& state) {
  const std::filesystem::path& root = generatedStudy();
  imaging::ScanOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  (void)imaging::scan(root, options);  // warm the page cache
  for (auto _ : state) {
    const imaging::Inventory inventory = imaging::scan(root, options);
    if (inventory.dicom_files != kFiles) state.SkipWithError("not every file became an instance");
    benchmark::DoNotOptimize(inventory.patients.data());
  }
  state.SetItemsProcessed(state.iterations() * kFiles);
}
BENCHMARK(BM_WarmHeaderScan5000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
