#pragma once
// A private temporary directory removed (recursively) when the object dies.
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

}  // namespace imaging
