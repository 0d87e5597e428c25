#pragma once
// Extracts a CD image (ISO 9660, with or without Joliet / Rock Ridge) into a folder with
// libarchive, refusing entries that would land outside it and never creating links or devices.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "imaging/model/model.h"

namespace imaging::media {

// True when the file carries an ISO 9660 volume descriptor ("CD001" at byte 32769), whatever its name.
bool looksLikeIsoImage(const std::filesystem::path& path);

// True for a UDF-only disc image (UDF volume recognition at byte 32769, no ISO 9660 descriptor),
// which libarchive cannot read.
bool looksLikeUdfOnlyImage(const std::filesystem::path& path);

struct IsoExtraction {
  std::vector<Problem> problems;  // refused or failed entries (by entry name), or the image itself
};

// Throws Error when the image cannot be opened or read at all. A damaged image part way through
// becomes one Problem naming the image; what was extracted before it stays. Stops (with a Problem)
// once more than max_bytes would be written.
IsoExtraction extractIsoImage(const std::filesystem::path& image, const std::filesystem::path& into,
                              std::uint64_t max_bytes);

}  // namespace imaging::media
