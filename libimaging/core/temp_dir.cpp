#include "imaging/core/temp_dir.h"

#include <stdlib.h>

#include <mutex>
#include <set>
#include <string>
#include <system_error>

#include "imaging/core/error.h"
#include "temp_owner.h"

namespace imaging {
namespace {

// Each parent is swept once per process, at its first TempDir: a run that unpacks a CD image
// removes what an earlier, killed run left there.
void sweepOnce(const std::filesystem::path& base) {
  static std::mutex mutex;
  static std::set<std::string> swept;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!swept.insert(base.string()).second) return;
  }
  sweepStaleTempDirs(base);
}

}  // namespace

TempDir::TempDir(const std::filesystem::path& parent, const char* prefix) {
  std::filesystem::path base = parent.empty() ? std::filesystem::temp_directory_path() : parent;
  sweepOnce(base);
  std::string pattern = (base / (std::string(prefix) + temp_owner::tag(temp_owner::self()) + "XXXXXX")).string();
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
