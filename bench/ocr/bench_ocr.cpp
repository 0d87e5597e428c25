// Burned-in text: OCR time per frame (both looks, and the single windowed look), and the time to
// redact and rewrite a file (without the OCR re-check).
#include <benchmark/benchmark.h>

#include "imaging/ocr/redaction.h"
#include "imaging/ocr/text_detection.h"
#include "ocr_scenes.h"

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

}  // namespace

BENCHMARK(BM_DetectUltrasound512)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_DetectUltrasound512WindowedOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_DetectForm512x384)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_RedactUltrasound512NoRecheck)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
