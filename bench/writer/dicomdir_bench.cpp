// How long regenerating the DICOMDIR takes for a tree of N images: from the tree (reads every
// file's header first) and from header facts already in hand (what `anonymize` does: its workers
// read each header right after writing it). Both include the read-back check.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "export_fixtures.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/media_layout.h"

namespace fs = std::filesystem;

static fs::path makeTree(std::size_t images) {
  const fs::path root = export_fixtures::freshDir("bench_dicomdir_" + std::to_string(images));
  export_fixtures::Spec spec;
  for (std::size_t i = 1; i <= images; ++i) {
    spec.sop_uid = "1.2.826.0.1.3680043.8.498.7001.1." + std::to_string(i);
    spec.instance_number = static_cast<int>(i);
    export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1 + (i - 1) / 100, 1 + (i - 1) % 100), spec);
  }
  return root;
}

static void BM_WriteDicomdir(benchmark::State& state) {
  const fs::path root = makeTree(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    fs::remove(root / "DICOMDIR");
    imaging::writeDicomdir(root);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WriteDicomdir)->Arg(100)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond);

static void BM_WriteDicomdirFromFacts(benchmark::State& state) {
  const fs::path root = makeTree(static_cast<std::size_t>(state.range(0)));
  std::vector<imaging::DicomdirEntry> entries;
  for (std::size_t i = 1; i <= static_cast<std::size_t>(state.range(0)); ++i)
    entries.push_back(imaging::readDicomdirEntry(root, imaging::mediaInstancePath(1, 1, 1 + (i - 1) / 100, 1 + (i - 1) % 100).generic_string()));
  for (auto _ : state) imaging::writeDicomdir(root, entries);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WriteDicomdirFromFacts)->Arg(100)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
