#pragma once
// A private temporary directory removed (recursively) when the object dies.
//
// Its name carries its owner, "PREFIX" "o<pid>.<start>.<pidns>-XXXXXX" (the creating process's
// id, its start time in clock ticks since boot and its PID namespace), so that the folder of a
// process killed before it could remove it (SIGKILL, a lost X display) is recognised and removed
// by a later ScanShare run (sweepStaleTempDirs). The marker is in the name, not in a file inside,
// because the folder's contents are scanned as the input (an unpacked CD image).
#include <cstddef>
#include <filesystem>

namespace imaging {

class TempDir {
 public:
  // Creates a fresh directory (mode 0700) under parent, or under the system temp dir if empty.
  explicit TempDir(const std::filesystem::path& parent = {}, const char* prefix = "scanshare-");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }
  // Stop owning the directory (after it was renamed into place).
  void release() noexcept { released_ = true; }

 private:
  std::filesystem::path path_;
  bool released_ = false;
};

// Removes, under parent (the system temp dir if empty), the TempDir folders whose owner process no
// longer exists: only names TempDir makes ("scanshare-...o<pid>.<start>.<pidns>-XXXXXX"), only real
// directories (never a symbolic link, never followed), only the current user's, only of this PID
// namespace. A folder whose owner cannot be told dead is kept. Returns how many were removed;
// never throws (a sweep that fails leaves things as they were).
std::size_t sweepStaleTempDirs(const std::filesystem::path& parent = {}) noexcept;

}  // namespace imaging
