#pragma once
// Extraction of an archive read with libarchive (a CD image, a zip read without its central
// directory) into a folder: entries that would land outside it are refused, links and devices are
// never created, and a damaged archive keeps what was extracted before the damage.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "imaging/model/model.h"

struct archive;

namespace imaging::media {

struct ArchiveFormat {
  int (*enable)(struct archive*);  // archive_read_support_format_...
  const char* what;                // "ISO image", "zip archive": in problems and errors
  const char* entry;               // "ISO entry", "zip entry"
  const char* entries;             // "ISO content", "zip content"
  const char* cannot_open;         // the error when the archive cannot be opened at all
};

struct ArchiveExtraction {
  std::vector<Problem> problems;  // refused or failed entries (by entry name), or the archive itself
  std::size_t entries_read = 0;   // entries whose header could be read (extracted or not)
};

// Throws Error when the archive cannot be opened or no entry of it can be read. A damaged archive
// part way through becomes one Problem naming it; what was extracted before stays. Stops (with a
// Problem) once more than max_bytes would be written. Names are read as UTF-8.
ArchiveExtraction extractArchive(const std::filesystem::path& file, const std::filesystem::path& into,
                                 std::uint64_t max_bytes, const ArchiveFormat& format);

}  // namespace imaging::media
