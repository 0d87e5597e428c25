// Fuzz target: one file on disk, read as a whole medium (imaging::scan) and attribute by attribute
// (imaging::dumpFile with both renderings). Contract: scan never throws for a bad file inside a
// medium (it may throw imaging::Error when the path itself is unusable, e.g. a damaged zip), dump
// throws only imaging::Error; anything else (crash, leak, other exception) is a bug.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "imaging/core/error.h"
#include "imaging/media/dump.h"
#include "imaging/media/scan.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz_support::seedWithValidInstance();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = fuzz_support::scratchDir() / "input.dcm";
  fuzz_support::writeInput(input, data, size);

  imaging::ScanOptions options;
  options.threads = 1;
  try {
    (void)imaging::scan(input, options).instanceCount();
  } catch (const imaging::Error&) {
    // The path itself is unusable (e.g. a damaged zip): the documented outcome.
  }

  try {
    const imaging::DumpedFile dumped = imaging::dumpFile(input);
    (void)imaging::renderDumpText(dumped);
    (void)imaging::renderDumpJson(dumped);
  } catch (const imaging::Error&) {
    // The documented outcome for a damaged file.
  }
  return 0;
}
