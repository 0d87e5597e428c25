// scanshare-consumer PATH: scans PATH with the installed libimaging and prints what it found.
#include <cstdio>

#include "imaging/about/components.h"
#include "imaging/core/error.h"
#include "imaging/core/version.h"
#include "imaging/media/scan.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: scanshare-consumer PATH\n");
    return 2;
  }
  std::printf("ScanShare %s (commit %s)\n", imaging::versionString(), imaging::buildCommit());
  for (const auto& c : imaging::componentVersions({"VTK", "none", ""}, {"Qt", "none", ""}))
    std::printf("%s %s\n", c.name.c_str(), c.version.c_str());
  try {
    const imaging::Inventory inventory = imaging::scan(argv[1]);
    std::printf("patients %zu\n", inventory.patients.size());
  } catch (const imaging::Error& e) {
    std::fprintf(stderr, "scanshare-consumer: %s\n", e.what());
    return 1;
  }
  return 0;
}
