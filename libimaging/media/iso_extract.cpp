#include "iso_extract.h"

#include <archive.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "imaging/core/error.h"
#include "archive_extract.h"

namespace imaging::media {
namespace {

namespace fs = std::filesystem;

// Volume descriptors start at sector 16 (2048-byte sectors); byte 0 is the type, 1..5 the identifier.
constexpr long kFirstDescriptorIdentifier = 16 * 2048 + 1;

bool identifierAtFirstDescriptor(const fs::path& path, const char* identifier) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file || std::fseek(file.get(), kFirstDescriptorIdentifier, SEEK_SET) != 0) return false;
  char found[5] = {};
  return std::fread(found, 1, sizeof found, file.get()) == sizeof found && std::memcmp(found, identifier, 5) == 0;
}

}  // namespace

bool looksLikeIsoImage(const std::filesystem::path& path) { return identifierAtFirstDescriptor(path, "CD001"); }

bool looksLikeUdfOnlyImage(const std::filesystem::path& path) { return identifierAtFirstDescriptor(path, "BEA01"); }

IsoExtraction extractIsoImage(const std::filesystem::path& image, const std::filesystem::path& into,
                              std::uint64_t max_bytes) {
  static const ArchiveFormat kIso{&archive_read_support_format_iso9660, "ISO image", "ISO entry", "ISO content",
                                  "cannot open the ISO image (damaged, truncated or not ISO 9660)"};
  return {extractArchive(image, into, max_bytes, kIso).problems};
}

}  // namespace imaging::media
