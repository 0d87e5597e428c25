#pragma once
// Lists every regular file under a folder, following symlinks without looping and without
// listing one file twice (two names for one inode count once).
#include <filesystem>
#include <vector>

#include "imaging/core/file_path.h"

namespace imaging::media {

// Sorted by path. Unreadable sub-folders are skipped silently (their files cannot be scanned).
std::vector<FilePath> listRegularFiles(const std::filesystem::path& root);

}  // namespace imaging::media
