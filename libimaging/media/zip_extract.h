#pragma once
// Extracts a zip into a folder, refusing entries that would land outside it.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "imaging/model/model.h"

namespace imaging::media {

bool looksLikeZip(const std::filesystem::path& path);

struct ZipExtraction {
  std::vector<Problem> problems;  // refused or failed entries, by entry name
};

// Throws Error when the zip cannot be opened at all. Stops (with a Problem) once more than
// max_bytes would be written.
ZipExtraction extractZip(const std::filesystem::path& zip, const std::filesystem::path& into, std::uint64_t max_bytes);

// True for entry names that are absolute, have a drive letter, or contain a ".." component
// (with either slash).
bool isUnsafeEntryName(const std::string& name);

}  // namespace imaging::media
