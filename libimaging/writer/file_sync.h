#pragma once
// Private to the writer: fsync of one file or folder by its path, for the atomic output's flushes
// and the reports' folder.
#include <filesystem>

namespace imaging {

// Throws Error(Io) naming the path and the system's reason.
void syncPath(const std::filesystem::path& path, bool directory);

}  // namespace imaging
