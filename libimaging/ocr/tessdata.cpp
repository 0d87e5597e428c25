// Finding Tesseract's English model. Debian 12 installs it under /usr/share/tesseract-ocr/5/tessdata;
// older and other distributions use 4.00/, /usr/share/tessdata or /usr/local. An installation that
// brings its own model (cmake -DSCANSHARE_INSTALL_TESSDATA=ON) has it in <prefix>/share/scanshare/tessdata,
// found from the running program's own path, so the prefix can move.
#include <cstdlib>
#include <system_error>

#include "imaging/ocr/text_detection.h"

namespace imaging {
namespace {

bool hasEnglish(const std::filesystem::path& dir) {
  std::error_code ec;
  return !dir.empty() && std::filesystem::is_regular_file(dir / "eng.traineddata", ec);
}

// <prefix>/share/scanshare/tessdata for the program running from <prefix>/bin (Linux: /proc/self/exe).
std::filesystem::path besideProgram() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return exe.parent_path().parent_path() / "share" / "scanshare" / "tessdata";
}

}  // namespace

std::filesystem::path tessdataDirectory() {
  if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix != nullptr && *prefix != '\0') {
    const std::filesystem::path given(prefix);
    // TESSDATA_PREFIX names the tessdata folder itself in Tesseract 4+, its parent in 3.x.
    if (hasEnglish(given)) return given;
    if (hasEnglish(given / "tessdata")) return given / "tessdata";
  }
  if (const auto own = besideProgram(); hasEnglish(own)) return own;
  for (const char* candidate : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                                "/usr/share/tessdata", "/usr/local/share/tessdata", "/usr/local/share/tesseract-ocr/5/tessdata",
                                "/opt/homebrew/share/tessdata"}) {
    if (hasEnglish(candidate)) return candidate;
  }
  return {};
}

}  // namespace imaging
