#include "imaging/core/temp_dir.h"

#include <stdlib.h>

#include <string>
#include <system_error>

#include "imaging/core/error.h"

namespace imaging {

TempDir::TempDir(const std::filesystem::path& parent, const char* prefix) {
  std::filesystem::path base = parent.empty() ? std::filesystem::temp_directory_path() : parent;
  std::string pattern = (base / (std::string(prefix) + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw Error(ErrorCode::Io, "cannot create a temporary folder", base.string());
  path_ = pattern;
}

TempDir::~TempDir() {
  if (released_) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace imaging
