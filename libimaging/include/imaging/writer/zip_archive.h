#pragma once
// Zip output (and reading one back for verify), through libzip.
#include <filesystem>

namespace imaging {

// Writes every regular file under folder into zip_file (which must not exist), with '/'-separated
// relative names in sorted order, stored uncompressed (DICOM pixel data gains little from deflate
// and costs time) and a fixed modification time, so the same tree gives a byte-identical zip.
// Throws Error(Io) naming the file.
void writeZip(const std::filesystem::path& folder, const std::filesystem::path& zip_file);

// Extracts zip_file into folder (which must exist). Refuses entries with absolute paths or "..".
// Throws Error.
void extractZip(const std::filesystem::path& zip_file, const std::filesystem::path& folder);

}  // namespace imaging
