#pragma once
// Lists every regular file under a folder, following symlinks that stay inside it without looping
// and without listing one file twice (two names for one inode count once).
#include <filesystem>
#include <vector>

#include "imaging/core/file_path.h"
#include "imaging/model/model.h"

namespace imaging::media {

struct FileListing {
  std::vector<FilePath> files;    // sorted by path
  // What the walk could not or would not go through, paths relative to the root: a symbolic link
  // that leads outside the root (a mounted stick's link to / would otherwise pull in the
  // workstation's files, other patients' among them), a folder that cannot be listed, a name too
  // long to open.
  std::vector<Problem> problems;
};

FileListing listRegularFiles(const std::filesystem::path& root);

// A path as the scan reports it: relative to the root, or its file name when it is not below it.
std::filesystem::path relativeTo(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace imaging::media
