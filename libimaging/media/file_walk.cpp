#include "file_walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "imaging/core/spill.h"

namespace imaging::media {
namespace {

namespace fs = std::filesystem;
using FileId = std::pair<dev_t, ino_t>;

constexpr std::size_t kListingBudget = std::size_t{2} << 20;  // a long listing's sort, in memory

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

class Walker {
 public:
  Walker(const fs::path& root, const WalkFileHandler& on_file, const WalkProblemHandler& on_problem,
         const WalkOptions& options)
      : root_(root), on_file_(on_file), on_problem_(on_problem), options_(options), stats_(options.stats) {
    std::error_code ec;
    real_root_ = fs::canonical(root, ec);
  }

  void run() {
    enter(root_, false);
    std::string name;
    while (!stack_.empty()) {
      Folder& folder = stack_.back();
      if (!nextName(folder, name)) {
        stack_.pop_back();
        continue;
      }
      const fs::path entry = folder.path / name;
      if (!visit(entry, folder.via_link)) return;  // `folder` may be gone: visit() can push
    }
  }

 private:
  struct Folder {
    fs::path path;
    std::vector<std::string> names;  // sorted; those from `next` on are still to visit
    std::size_t next = 0;
    bool via_link = false;  // reached through a symbolic link (its own or a folder's above it)
    FileId id;
    std::unique_ptr<ExternalSorter> sorted;  // a listing too long to hold: its names, sorted on disk
  };

  // The folder's next name in byte order, from its listing or its sort; false after the last.
  static bool nextName(Folder& folder, std::string& name) {
    if (folder.sorted) {
      std::string unused;
      return folder.sorted->next(name, unused);
    }
    if (folder.next == folder.names.size()) return false;
    name = std::move(folder.names[folder.next++]);
    return true;
  }

  void problem(const fs::path& path, ProblemKind kind, std::string reason) {
    on_problem_({relativeTo(path, root_), kind, std::move(reason)});
  }

  // A folder can be met twice only through a symbolic link (a bind mount aside): below a link, or
  // as a link's target. visit() skips a link to a folder whose own place comes earlier in the walk
  // (walked there already, or above the link: a loop), so only folders met through a link are
  // remembered, and the walk's memory does not grow with the number of plain folders (one a
  // patient in an archive). The folders open now are checked too: a bind mount of one of them.
  void enter(const fs::path& dir, bool via_link) {
    struct stat dir_stat {};
    // stat (not lstat): a symlinked folder is followed once, a loop back to a visited one is not.
    if (::stat(dir.c_str(), &dir_stat) != 0) return;
    const FileId id{dir_stat.st_dev, dir_stat.st_ino};
    if (seen_dirs_.count(id) != 0) return;
    for (const Folder& open : stack_)
      if (open.id == id) return;
    if (via_link) seen_dirs_.insert(id);
    noteRemembered();
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      problem(dir, ProblemKind::Unreadable, "cannot list the folder (" + ec.message() + "); its files were not scanned");
      return;
    }
    Folder folder{dir, {}, 0, via_link, id, nullptr};
    for (; !ec && it != end; it.increment(ec)) {
      folder.names.push_back(it->path().filename().native());
      if (folder.names.size() >= options_.names_in_memory && !options_.spill_folder.empty()) spillNames(folder);
    }
    if (ec) problem(dir, ProblemKind::Unreadable, "cannot list the whole folder (" + ec.message() + ")");
    // Byte order of names (std::string compares as unsigned char), as FilePath compares components;
    // the sort's keys compare alike.
    if (folder.sorted) spillNames(folder);
    else std::sort(folder.names.begin(), folder.names.end());
    stack_.push_back(std::move(folder));
    if (stats_ != nullptr) {
      std::size_t held = 0;
      for (const Folder& open : stack_) held += open.names.size();
      stats_->most_names_held = std::max(stats_->most_names_held, held);
    }
  }

  void noteRemembered() {
    if (stats_ != nullptr) stats_->most_remembered = std::max(stats_->most_remembered, seen_dirs_.size() + seen_files_.size());
  }

  // A folder of more names than names_in_memory (an archive of one folder a patient, all in one
  // folder) would hold them all while it is walked: past that, they go to an external sort
  // (encrypted, unlinked spill files in spill_folder) and come back in the same order.
  void spillNames(Folder& folder) {
    if (!folder.sorted) folder.sorted = std::make_unique<ExternalSorter>(options_.spill_folder, kListingBudget);
    for (const std::string& name : folder.names) folder.sorted->add(name, {});
    std::vector<std::string>().swap(folder.names);
  }

  // false: on_file asked to stop.
  bool visit(const fs::path& entry, bool via_link) {
    struct stat link_stat {};
    if (::lstat(entry.c_str(), &link_stat) != 0) {
      if (errno == ENAMETOOLONG) problem(entry, ProblemKind::Unreadable, "path too long to open");
      return true;
    }
    fs::path target;
    if (S_ISLNK(link_stat.st_mode)) {
      target = linkTarget(entry);
      if (target.empty()) return true;  // dangling: nothing to read
      if (real_root_.empty() || !isWithin(target, real_root_)) {
        problem(entry, ProblemKind::Unsupported, "symbolic link leads outside the input; not followed");
        return true;
      }
      via_link = true;
    }
    // What lstat said is what stat would say of anything but a link: one call a file, not two.
    struct stat entry_stat = link_stat;
    if (S_ISLNK(link_stat.st_mode) && ::stat(entry.c_str(), &entry_stat) != 0) return true;
    if (S_ISDIR(entry_stat.st_mode)) {
      // A link to a folder whose own place comes first: walked there (or it holds the link).
      if (!target.empty() && FilePath(target.lexically_relative(real_root_)) < FilePath(entry.lexically_relative(root_)))
        return true;
      enter(entry, via_link);
      return true;
    }
    if (!S_ISREG(entry_stat.st_mode) || !firstName(entry, entry_stat, via_link, target)) return true;
    return on_file_(entry);
  }

  // Whether this is the first name met for its file. To stay bounded only files that may be met
  // again are remembered: hard links, and files reached through a symbolic link. A plain file's
  // other names are links to it, which tell by their target's place whether it was met before.
  bool firstName(const fs::path& entry, const struct stat& st, bool via_link, const fs::path& link_target) {
    const FileId id{st.st_dev, st.st_ino};
    if (seen_files_.count(id) != 0) return false;
    // The target's own path sorts before the link's: it was met there (or, below a folder met
    // through a link, remembered above).
    if (!link_target.empty() &&
        FilePath(link_target.lexically_relative(real_root_)) < FilePath(entry.lexically_relative(root_)))
      return false;
    if (st.st_nlink > 1 || via_link) {
      seen_files_.insert(id);
      noteRemembered();
    }
    return true;
  }

  const fs::path& root_;
  const WalkFileHandler& on_file_;
  const WalkProblemHandler& on_problem_;
  const WalkOptions& options_;
  WalkStats* stats_;
  fs::path real_root_;
  std::vector<Folder> stack_;
  std::set<FileId> seen_dirs_;
  std::set<FileId> seen_files_;
};

}  // namespace

fs::path relativeTo(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return rel.empty() ? path.filename() : rel;
}

void walkRegularFiles(const fs::path& root, const WalkFileHandler& on_file, const WalkProblemHandler& on_problem,
                      const WalkOptions& options) {
  Walker(root, on_file, on_problem, options).run();
}

FileListing listRegularFiles(const fs::path& root) {
  FileListing listing;
  // Held as text (FilePath): a list of every file, as std::filesystem::path, was 440 bytes a file.
  // The walk's order is the sorted order.
  walkRegularFiles(
      root,
      [&](const fs::path& file) {
        listing.files.emplace_back(file);
        return true;
      },
      [&](Problem problem) { listing.problems.push_back(std::move(problem)); });
  return listing;
}

}  // namespace imaging::media
