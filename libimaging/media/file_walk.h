#pragma once
// Lists every regular file under a folder, following symlinks without looping and without
// listing one file twice (two names for one inode count once).
#include <filesystem>
#include <vector>

namespace imaging::media {

// Sorted by path. Unreadable sub-folders are skipped silently (their files cannot be scanned).
std::vector<std::filesystem::path> listRegularFiles(const std::filesystem::path& root);

}  // namespace imaging::media
