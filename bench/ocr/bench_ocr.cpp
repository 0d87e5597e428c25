// Burned-in text: OCR time per frame (both looks, and the single windowed look), and the time to
// redact and rewrite a file (without the OCR re-check); the screening of projection X-ray images
// whose header says nothing (CR 2000x2500, DX 1024x1024, and a 512x512 CT slice for comparison).
#include <benchmark/benchmark.h>

#include "imaging/ocr/redaction.h"
#include "imaging/ocr/screening.h"
#include "imaging/ocr/text_detection.h"
#include "ocr_scenes.h"
#include "xray_fixtures.h"

namespace {

const ocr_test::FakePatient kPatient;

const std::filesystem::path& ultrasound() {
  static const std::filesystem::path file =
      ocr_test::writeUltrasound(ocr_test::freshDir("bench_us") / "us.dcm", kPatient, 1).file;
  return file;
}

const std::filesystem::path& form() {
  static const std::filesystem::path file = ocr_test::writeForm(ocr_test::freshDir("bench_form") / "form.dcm", kPatient).file;
  return file;
}

void detect(benchmark::State& state, const std::filesystem::path& file, bool second_variant) {
  imaging::DetectTextOptions options;
  options.second_variant = second_variant;
  imaging::detectText(file, 0, kPatient.identifiers(), options);  // starts this thread's engine
  for (auto _ : state) {
    const auto detection = imaging::detectText(file, 0, kPatient.identifiers(), options);
    if (detection.verdict != imaging::BurnedInVerdict::Identifying) state.SkipWithError("name not found");
    benchmark::DoNotOptimize(detection.words.data());
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_DetectUltrasound512(benchmark::State& state) { detect(state, ultrasound(), true); }
void BM_DetectUltrasound512WindowedOnly(benchmark::State& state) { detect(state, ultrasound(), false); }
void BM_DetectForm512x384(benchmark::State& state) { detect(state, form(), true); }

void BM_RedactUltrasound512NoRecheck(benchmark::State& state) {
  imaging::RedactionRegions regions;
  regions.every_frame.push_back({10, 6, 300, 40});
  imaging::RedactOptions options;
  options.recheck = false;
  const auto out = ultrasound().parent_path() / "redacted.dcm";
  for (auto _ : state) benchmark::DoNotOptimize(imaging::redactRegions(ultrasound(), out, regions, options).pixels_blacked);
}

// What the export does for one screened image: detect as anonymize does (OCR of up to 8 frames,
// lines by layout and strokes, second reads of unsure lines) and decide.
void screen(benchmark::State& state, int width, int height, const std::string& modality, bool name_line) {
  ocr_test::XraySpec spec;
  spec.width = width;
  spec.height = height;
  spec.modality = modality;
  if (modality == "DX") spec.sop_class = "1.2.840.10008.5.1.4.1.1.1.1";
  if (modality == "CT") spec.sop_class = "1.2.840.10008.5.1.4.1.1.2";
  const auto file = ocr_test::freshDir("bench_screen_" + modality + std::to_string(width) + (name_line ? "n" : "m")) / "x.dcm";
  std::vector<ocr_test::XrayText> texts = {ocr_test::leadMarker(spec)};
  if (name_line) texts.push_back(ocr_test::nameLine(spec));
  ocr_test::writeXray(file, spec, texts);
  imaging::DetectTextOptions options;
  options.max_frames = 8;
  imaging::detectText(file, 0, kPatient.identifiers(), options);  // starts this thread's engine
  for (auto _ : state) {
    const auto result = imaging::screenDetection(imaging::detectText(file, imaging::kAllFrames, kPatient.identifiers(), options));
    if (result.textFound() != name_line) state.SkipWithError("wrong screening decision");
  }
}

void BM_ScreenCr2000x2500Marker(benchmark::State& state) { screen(state, 2000, 2500, "CR", false); }
void BM_ScreenCr2000x2500Name(benchmark::State& state) { screen(state, 2000, 2500, "CR", true); }
void BM_ScreenDx1024Marker(benchmark::State& state) { screen(state, 1024, 1024, "DX", false); }
void BM_ScreenDx1024Name(benchmark::State& state) { screen(state, 1024, 1024, "DX", true); }
void BM_ScreenCt512Marker(benchmark::State& state) { screen(state, 512, 512, "CT", false); }

}  // namespace

BENCHMARK(BM_ScreenCr2000x2500Marker)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ScreenCr2000x2500Name)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ScreenDx1024Marker)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ScreenDx1024Name)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ScreenCt512Marker)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_DetectUltrasound512)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_DetectUltrasound512WindowedOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_DetectForm512x384)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_RedactUltrasound512NoRecheck)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
