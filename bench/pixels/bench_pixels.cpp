// Decode + render frames/s for a 512x512 16-bit MR slice: uncompressed, JPEG lossless, JPEG 2000
// lossless and lossy (encoded here with OpenJPEG), and pydicom's small JPEG 2000 sample. The
// fixtures are written here with DCMTK.
#include <benchmark/benchmark.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpeg/djrplol.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "imaging/pixels/decode.h"
#include "imaging/pixels/render.h"
#include "jpeg2000_fixture.h"

namespace fs = std::filesystem;

namespace {

fs::path benchDir() {
  const fs::path dir = fs::temp_directory_path() / "scanshare-bench-pixels";
  fs::create_directories(dir);
  return dir;
}

// A 512x512 MR-like slice: smooth anatomy-like blobs plus noise, 12 bits stored.
void writeMr(const fs::path& path, E_TransferSyntax syntax, int slice = 0) {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, ("1.2.826.0.1.3680043.10.1001.1." + std::to_string(slice)).c_str());
  ds.putAndInsertString(DCM_InstanceNumber, std::to_string(slice + 1).c_str());
  ds.putAndInsertString(DCM_ImagePositionPatient, ("-128\\-128\\" + std::to_string(slice * 3)).c_str());
  ds.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  ds.putAndInsertString(DCM_PixelSpacing, "0.5\\0.5");
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1001.2");
  ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.10.1001.3");
  ds.putAndInsertString(DCM_Modality, "MR");
  ds.putAndInsertUint16(DCM_Rows, 512);
  ds.putAndInsertUint16(DCM_Columns, 512);
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, 12);
  ds.putAndInsertUint16(DCM_HighBit, 11);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  std::vector<Uint16> pixels(512 * 512);
  unsigned noise = 12345;
  for (int y = 0; y < 512; ++y)
    for (int x = 0; x < 512; ++x) {
      noise = noise * 1103515245u + 12345u;
      const double r = std::hypot(x - 256.0, y - 256.0) + slice * 2.0;
      const double value = (r < 200 ? 1500.0 + 800.0 * std::sin(x / 23.0) * std::cos(y / 31.0) : 50.0) + (noise >> 24) % 40;
      pixels[static_cast<std::size_t>(y) * 512 + x] = static_cast<Uint16>(value);
    }
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  if (syntax == EXS_JPEG2000LosslessOnly || syntax == EXS_JPEG2000) {
    const bool lossless = syntax == EXS_JPEG2000LosslessOnly;
    bench_pixels::putEncapsulated(ds, bench_pixels::encodeJpeg2000(pixels, 512, 512, 12, lossless ? 1.0 : 10.0), lossless);
  } else if (syntax != EXS_LittleEndianExplicit) {
    DJ_RPLossless params;
    ds.chooseRepresentation(syntax, &params);
  }
  file.saveFile(path.c_str(), syntax);
}

const fs::path& mrNative() {
  static const fs::path path = [] {
    auto p = benchDir() / "mr512-native.dcm";
    writeMr(p, EXS_LittleEndianExplicit);
    return p;
  }();
  return path;
}

const fs::path& mrJpegLossless() {
  static const fs::path path = [] {
    DJEncoderRegistration::registerCodecs();
    auto p = benchDir() / "mr512-jpegll.dcm";
    writeMr(p, EXS_JPEGProcess14SV1);
    return p;
  }();
  return path;
}

const fs::path& mrJpeg2000(bool lossless) {
  static const fs::path lossless_path = [] {
    auto p = benchDir() / "mr512-j2k-lossless.dcm";
    writeMr(p, EXS_JPEG2000LosslessOnly);
    return p;
  }();
  static const fs::path lossy_path = [] {
    auto p = benchDir() / "mr512-j2k-lossy.dcm";
    writeMr(p, EXS_JPEG2000);
    return p;
  }();
  return lossless ? lossless_path : lossy_path;
}

void decodeAndRender(benchmark::State& state, const fs::path& path) {
  for (auto _ : state) {
    const auto frame = imaging::decodeFrame(path);
    auto image = imaging::renderFrame(frame);
    benchmark::DoNotOptimize(image.pixels.data());
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Mr512Native(benchmark::State& state) { decodeAndRender(state, mrNative()); }
void BM_Mr512JpegLossless(benchmark::State& state) { decodeAndRender(state, mrJpegLossless()); }
void BM_Mr512Jpeg2000Lossless(benchmark::State& state) {
  // The fixture must round-trip exactly, or the numbers would time something else.
  if (imaging::decodeFrame(mrJpeg2000(true)).values != imaging::decodeFrame(mrNative()).values) {
    state.SkipWithError("JPEG 2000 lossless fixture does not decode to the original pixels");
    return;
  }
  decodeAndRender(state, mrJpeg2000(true));
}
void BM_Mr512Jpeg2000Lossy(benchmark::State& state) { decodeAndRender(state, mrJpeg2000(false)); }
void BM_Jpeg2000PydicomSample(benchmark::State& state) {
  decodeAndRender(state, fs::path("/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small_jp2klossless.dcm"));
}
void BM_RenderOnly512(benchmark::State& state) {
  const auto frame = imaging::decodeFrame(mrNative());
  for (auto _ : state) {
    auto image = imaging::renderFrame(frame);
    benchmark::DoNotOptimize(image.pixels.data());
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_Mr512Native)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mr512JpegLossless)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mr512Jpeg2000Lossless)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mr512Jpeg2000Lossy)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Jpeg2000PydicomSample)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderOnly512)->Unit(benchmark::kMillisecond);
// `bench_pixels --write-series DIR [N]` writes an N-slice (default 40) 512x512 MR series for the
// viewer's --benchmark; otherwise runs the benchmarks.
int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--write-series") {
    const fs::path dir(argv[2]);
    fs::create_directories(dir);
    const int count = argc >= 4 ? std::stoi(argv[3]) : 40;
    for (int k = 0; k < count; ++k) writeMr(dir / ("mr" + std::to_string(k) + ".dcm"), EXS_LittleEndianExplicit, k);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
