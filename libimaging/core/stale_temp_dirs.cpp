// sweepStaleTempDirs: the folders of TempDir owners that died without removing them (SIGKILL, a
// lost X display, a crash) would keep a patient's unpacked CD in $TMPDIR for good.
#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include "imaging/core/temp_dir.h"
#include "temp_owner.h"

namespace imaging {

std::size_t sweepStaleTempDirs(const std::filesystem::path& parent) noexcept {
  std::size_t removed = 0;
  try {
    std::error_code ec;
    const std::filesystem::path base = parent.empty() ? std::filesystem::temp_directory_path(ec) : parent;
    if (ec) return 0;
    for (std::filesystem::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
      const std::filesystem::path path = it->path();
      const auto owner = temp_owner::parse(path.filename().string());
      if (!owner) continue;
      // lstat: a symbolic link (to anything) is never ours to follow or remove; nor another user's folder.
      struct stat st {};
      if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) continue;
      if (!temp_owner::isGone(*owner)) continue;
      std::error_code remove_ec;
      // remove_all removes links inside as links, never what they point to.
      if (std::filesystem::remove_all(path, remove_ec) > 0 && !remove_ec) ++removed;
    }
  } catch (...) {
  }
  return removed;
}

}  // namespace imaging
