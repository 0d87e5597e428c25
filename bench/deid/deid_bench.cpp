// deid_bench: how long one instance takes to de-identify (read, apply the table, write with the
// original transfer syntax), and the cost of the keyed parts called per attribute.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <vector>

#include "imaging/deid/deidentifier.h"
#include "imaging/deid/key.h"
#include "imaging/deid/parts.h"
#include "imaging_bridge/dcmtk.h"

namespace {

const std::filesystem::path kWork = SCANSHARE_BENCH_WORK_DIR;

imaging::Key benchKey() { return imaging::Key(std::vector<std::uint8_t>(32, 0x5a)); }

// A 512x512 16-bit MR slice with a typical header (about 0.5 MB, like one image of a knee study).
std::filesystem::path makeMrFile() {
  imaging::bridge::ensureDcmtkReady();
  std::filesystem::create_directories(kWork);
  const auto path = kWork / "mr512.dcm";
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  auto put = [&](const DcmTagKey& tag, const char* value) { ds.putAndInsertString(tag, value); };
  put(DCM_SpecificCharacterSet, "ISO_IR 100");
  put(DCM_ImageType, "ORIGINAL\\PRIMARY\\M\\ND");
  put(DCM_SOPClassUID, UID_MRImageStorage);
  put(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.9.1234.1.2.3");
  put(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.9.1234.1");
  put(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.9.1234.1.2");
  put(DCM_FrameOfReferenceUID, "1.2.826.0.1.3680043.9.1234.1.9");
  put(DCM_StudyDate, "20240105");
  put(DCM_SeriesDate, "20240105");
  put(DCM_ContentDate, "20240105");
  put(DCM_StudyTime, "101010");
  put(DCM_Modality, "MR");
  put(DCM_PatientName, "Bench^Patient");
  put(DCM_PatientID, "BENCH0001");
  put(DCM_PatientBirthDate, "19700101");
  put(DCM_PatientSex, "F");
  put(DCM_StudyDescription, "Knee MRI Bench");
  put(DCM_SeriesDescription, "PD FS COR");
  put(DCM_InstitutionName, "Bench Hospital");
  put(DCM_ReferringPhysicianName, "Doctor^Bench");
  put(DCM_AccessionNumber, "ACC0001");
  put(DCM_StudyID, "1001");
  put(DCM_SeriesNumber, "3");
  put(DCM_InstanceNumber, "1");
  put(DCM_ImagePositionPatient, "0\\0\\0");
  put(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  put(DCM_PixelSpacing, "0.3\\0.3");
  put(DCM_SliceThickness, "3");
  put(DCM_PhotometricInterpretation, "MONOCHROME2");
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertUint16(DCM_Rows, 512);
  ds.putAndInsertUint16(DCM_Columns, 512);
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, 12);
  ds.putAndInsertUint16(DCM_HighBit, 11);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  DcmItem* ref = nullptr;
  ds.findOrCreateSequenceItem(DCM_ReferencedImageSequence, ref, -2);
  ref->putAndInsertString(DCM_ReferencedSOPClassUID, UID_MRImageStorage);
  ref->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.9.1234.1.2.4");
  std::vector<Uint16> pixels(512 * 512);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<Uint16>((i * 7) % 4096);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
  return path;
}

void BM_DeidentifyOneMrInstance(benchmark::State& state) {
  const auto input = makeMrFile();
  const auto output = kWork / "out.dcm";
  const imaging::Key key = benchKey();
  imaging::DeidConfig config;
  config.uids = imaging::makeHmacUidMapper(key);
  config.dates = imaging::makeHmacDateShifter(key);
  config.pseudonyms = imaging::makeHmacPseudonyms(key);
  const imaging::Deidentifier deidentifier(config);
  imaging::PatientContext patient;
  patient.identity_key = "BENCH0001";
  patient.pseudonym = config.pseudonyms->forPatient(patient.identity_key);
  patient.date_offset_days = config.dates->offsetDays(patient.identity_key);
  patient.identifiers = imaging::harvestIdentifiers(input);
  const bool record = state.range(0) != 0;
  for (auto _ : state) {
    // A fresh file each time, as in a real export (overwriting an ext4 file forces a flush).
    state.PauseTiming();
    std::filesystem::remove(output);
    state.ResumeTiming();
    const auto outcome = deidentifier.deidentifyFile(input, output, patient, record);
    if (outcome.status != imaging::InstanceOutcome::Status::Kept) state.SkipWithError(outcome.reason.c_str());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(std::filesystem::file_size(input)));
}
BENCHMARK(BM_DeidentifyOneMrInstance)->Arg(0)->Arg(1)->ArgName("record_changes")->Unit(benchmark::kMicrosecond);

void BM_HarvestIdentifiers(benchmark::State& state) {
  const auto input = makeMrFile();
  for (auto _ : state) benchmark::DoNotOptimize(imaging::harvestIdentifiers(input));
}
BENCHMARK(BM_HarvestIdentifiers)->Unit(benchmark::kMicrosecond);

void BM_UidHashing(benchmark::State& state) {
  const auto mapper = imaging::makeHmacUidMapper(benchKey());
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(mapper->map("1.2.826.0.1.3680043.9.1234.1.2." + std::to_string(i++)));
}
BENCHMARK(BM_UidHashing);

void BM_TextScrub(benchmark::State& state) {
  const auto scrubber = imaging::makeTextScrubber();
  for (const char* id : {"Bench^Patient", "BENCH0001", "19700101", "ACC0001", "Doctor^Bench", "Bench Hospital"})
    scrubber->addIdentifier(id);
  const std::string text = "Knee MRI, follow-up after arthroscopy; compare with prior study of 2023";
  for (auto _ : state) benchmark::DoNotOptimize(scrubber->scrub(text));
}
BENCHMARK(BM_TextScrub);

}  // namespace

BENCHMARK_MAIN();
