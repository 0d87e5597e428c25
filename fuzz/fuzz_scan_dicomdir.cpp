// Fuzz target: the input bytes become the DICOMDIR of a folder that also holds two valid images
// (IMG1, IMG2, which the seed DICOMDIR references). imaging::scan of the folder must never throw
// for a bad DICOMDIR (it falls back to scanning every file) and must still find both images.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>

#include "fuzz_support.h"
#include "imaging/media/scan.h"

namespace {
std::filesystem::path mediumDir() { return fuzz_support::scratchDir() / "medium"; }
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const auto dir = mediumDir();
  std::filesystem::create_directories(dir);
  fuzz_support::writeValidInstance(dir / "IMG1", 1);
  fuzz_support::writeValidInstance(dir / "IMG2", 2);
  const auto seed = fuzz_support::scratchDir() / "DICOMDIR.seed";
  fuzz_support::writeValidDicomdir(dir / "DICOMDIR");
  std::filesystem::copy_file(dir / "DICOMDIR", seed, std::filesystem::copy_options::overwrite_existing);
  fuzz_support::exportSeed(seed, "valid-dicomdir");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz_support::writeInput(mediumDir() / "DICOMDIR", data, size);
  imaging::ScanOptions options;
  options.threads = 1;
  const imaging::Inventory inventory = imaging::scan(mediumDir(), options);
  // Whatever the DICOMDIR says, the two real images are on the disk and must be found.
  if (inventory.instanceCount() != 2) {
    std::fprintf(stderr, "fuzz_scan_dicomdir: found %zu instances instead of the 2 on disk\n",
                 static_cast<std::size_t>(inventory.instanceCount()));
    std::abort();
  }
  return 0;
}
