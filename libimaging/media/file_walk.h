#pragma once
// Lists every regular file under a folder, following symlinks that stay inside it without looping
// and without listing one file twice (two names for one inode count once).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "imaging/core/file_path.h"
#include "imaging/model/model.h"

namespace imaging::media {

// What the walk could not or would not go through, paths relative to the root: a symbolic link
// that leads outside the root (a mounted stick's link to / would otherwise pull in the
// workstation's files, other patients' among them), a folder that cannot be listed, a name too
// long to open.
using WalkProblemHandler = std::function<void(Problem)>;
// Given each regular file's path (root / relative path); returns false to stop the walk.
using WalkFileHandler = std::function<bool(const std::filesystem::path&)>;

// What a walk held, for tests: the most folder and file identities remembered at once (those met
// through a symbolic link, and hard-linked files), which must not grow with plain folders or files,
// and the most names of listings held in memory at once.
struct WalkStats {
  std::size_t most_remembered = 0;
  std::size_t most_names_held = 0;
};

struct WalkOptions {
  // Where a folder listing of more than names_in_memory names is sorted on disk (encrypted spill
  // files, unlinked: names identify); empty: every listing is held in memory.
  std::filesystem::path spill_folder;
  std::size_t names_in_memory = 65536;
  WalkStats* stats = nullptr;
};

// Visits every regular file under root in FilePath order (the order listRegularFiles sorts by):
// depth first, each folder's entries sorted by name. A FilePath compares component by component,
// so "b/c" comes before "b-" and "b.x", as the subtree of a folder named b comes before its
// siblings named b-, b.x. Holds one folder's listing at a time (past options.names_in_memory, on
// disk), besides the names still to visit in the folders above it. Of two names for one file or
// folder, the first met is kept.
void walkRegularFiles(const std::filesystem::path& root, const WalkFileHandler& on_file,
                      const WalkProblemHandler& on_problem, const WalkOptions& options = {});

struct FileListing {
  std::vector<FilePath> files;    // sorted by path
  std::vector<Problem> problems;  // see WalkProblemHandler
};

// walkRegularFiles, collected.
FileListing listRegularFiles(const std::filesystem::path& root);

// A path as the scan reports it: relative to the root, or its file name when it is not below it.
std::filesystem::path relativeTo(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace imaging::media
