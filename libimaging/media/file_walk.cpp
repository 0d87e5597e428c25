#include "file_walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <utility>

namespace imaging::media {
namespace {

using FileId = std::pair<dev_t, ino_t>;

}  // namespace

std::vector<FilePath> listRegularFiles(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  // Held as text (FilePath): a list of every file, as std::filesystem::path, was 440 bytes a file.
  std::vector<std::pair<FilePath, FileId>> found;
  std::set<FileId> seen_dirs;
  std::vector<fs::path> pending{root};

  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    struct stat dir_stat {};
    // stat (not lstat): a symlinked folder is followed once, a loop back to a visited one is not.
    if (::stat(dir.c_str(), &dir_stat) != 0 || !seen_dirs.insert({dir_stat.st_dev, dir_stat.st_ino}).second) continue;

    std::error_code ec;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
      const fs::path& entry = it->path();
      struct stat entry_stat {};
      if (::stat(entry.c_str(), &entry_stat) != 0) continue;  // dangling symlink
      if (S_ISDIR(entry_stat.st_mode)) {
        pending.push_back(entry);
      } else if (S_ISREG(entry_stat.st_mode)) {
        found.emplace_back(entry, FileId{entry_stat.st_dev, entry_stat.st_ino});
      }
    }
  }
  // Sorted first so that of two names for one file the same one is kept on every run.
  std::sort(found.begin(), found.end());
  std::set<FileId> seen_files;
  std::vector<FilePath> files;
  files.reserve(found.size());
  for (auto& [path, id] : found)
    if (seen_files.insert(id).second) files.push_back(std::move(path));
  return files;
}

}  // namespace imaging::media
