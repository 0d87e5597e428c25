#include "viewer_fixture.h"

#include <unistd.h>

#include <cstdlib>

#include "run.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;

namespace viewer_test {

WorkDir::WorkDir(const std::string& prefix) : root(pixels_test::freshDir(prefix + std::to_string(getpid()))) {}

WorkDir::~WorkDir() {
  std::error_code ec;
  fs::remove_all(root, ec);
}

fs::path makeStudy(const fs::path& root) {
#ifdef SCANSHARE_MAKE_SAMPLE
  const std::string command = scanshare_test::quoted(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " +
                              scanshare_test::quoted((root / "cd").string()) + " >/dev/null 2>&1";
  if (std::system(command.c_str()) == 0) return root / "cd";
#endif
  return pixels_test::writeSeries(root / "series", 16, 128);
}

}  // namespace viewer_test
