#include "file_walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>


namespace imaging::media {
namespace {

namespace fs = std::filesystem;
using FileId = std::pair<dev_t, ino_t>;

// Where a symbolic link finally leads, or empty when it leads nowhere.
fs::path linkTarget(const fs::path& link) {
  std::error_code ec;
  fs::path target = fs::canonical(link, ec);
  return ec ? fs::path() : target;
}

bool isWithin(const fs::path& path, const fs::path& folder) {
  const std::string p = path.native(), f = folder.native();
  return p == f || (p.size() > f.size() && p.compare(0, f.size(), f) == 0 && (f.back() == '/' || p[f.size()] == '/'));
}

}  // namespace

fs::path relativeTo(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return rel.empty() ? path.filename() : rel;
}

FileListing listRegularFiles(const fs::path& root) {
  FileListing listing;
  // Held as text (FilePath): a list of every file, as std::filesystem::path, was 440 bytes a file.
  std::vector<std::pair<FilePath, FileId>> found;
  std::set<FileId> seen_dirs;
  std::vector<fs::path> pending{root};
  std::error_code root_ec;
  const fs::path real_root = fs::canonical(root, root_ec);
  const auto problem = [&](const fs::path& path, ProblemKind kind, std::string reason) {
    listing.problems.push_back({relativeTo(path, root), kind, std::move(reason)});
  };

  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    struct stat dir_stat {};
    // stat (not lstat): a symlinked folder is followed once, a loop back to a visited one is not.
    if (::stat(dir.c_str(), &dir_stat) != 0 || !seen_dirs.insert({dir_stat.st_dev, dir_stat.st_ino}).second) continue;

    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      problem(dir, ProblemKind::Unreadable, "cannot list the folder (" + ec.message() + "); its files were not scanned");
      continue;
    }
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path& entry = it->path();
      struct stat link_stat {};
      if (::lstat(entry.c_str(), &link_stat) != 0) {
        if (errno == ENAMETOOLONG) problem(entry, ProblemKind::Unreadable, "path too long to open");
        continue;
      }
      if (S_ISLNK(link_stat.st_mode)) {
        const fs::path target = linkTarget(entry);
        if (target.empty()) continue;  // dangling: nothing to read
        if (real_root.empty() || !isWithin(target, real_root)) {
          problem(entry, ProblemKind::Unsupported, "symbolic link leads outside the input; not followed");
          continue;
        }
      }
      struct stat entry_stat {};
      if (::stat(entry.c_str(), &entry_stat) != 0) continue;
      if (S_ISDIR(entry_stat.st_mode)) {
        pending.push_back(entry);
      } else if (S_ISREG(entry_stat.st_mode)) {
        found.emplace_back(entry, FileId{entry_stat.st_dev, entry_stat.st_ino});
      }
    }
    if (ec) problem(dir, ProblemKind::Unreadable, "cannot list the whole folder (" + ec.message() + ")");
  }
  // Sorted first so that of two names for one file the same one is kept on every run.
  std::sort(found.begin(), found.end());
  std::set<FileId> seen_files;
  listing.files.reserve(found.size());
  for (auto& [path, id] : found)
    if (seen_files.insert(id).second) listing.files.push_back(std::move(path));
  return listing;
}

}  // namespace imaging::media
