#include "zip_extract.h"

#include <archive.h>
#include <zip.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "archive_extract.h"
#include "imaging/core/error.h"

namespace imaging::media {

bool looksLikeZip(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return false;
  char magic[4] = {};
  return std::fread(magic, 1, 4, file.get()) == 4 &&
         (std::memcmp(magic, "PK\x03\x04", 4) == 0 || std::memcmp(magic, "PK\x05\x06", 4) == 0);
}

bool isUnsafeEntryName(const std::string& name) {
  if (name.empty() || name[0] == '/' || name[0] == '\\') return true;
  if (name.size() >= 2 && name[1] == ':') return true;  // "C:..."
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("/\\", start);
    if (end == std::string::npos) end = name.size();
    if (name.compare(start, end - start, "..") == 0 && end - start == 2) return true;
    start = end + 1;
  }
  return name.find('\0') != std::string::npos;
}

namespace {

bool startsWithLocalHeader(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  char magic[4] = {};
  return file && std::fread(magic, 1, 4, file.get()) == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

ZipExtraction extractWithoutDirectory(const std::filesystem::path& zip_path, const std::filesystem::path& into,
                                      std::uint64_t max_bytes) {
  static const ArchiveFormat kStreamedZip{&archive_read_support_format_zip_streamable, "zip archive", "zip entry",
                                          "zip content", "cannot open the zip archive"};
  ArchiveExtraction streamed = extractArchive(zip_path, into, max_bytes, kStreamedZip);
  ZipExtraction result{std::move(streamed.problems)};
  result.problems.push_back({zip_path.filename(), ProblemKind::Truncated,
                             "the zip archive has no central directory (cut short?): " +
                                 std::to_string(streamed.entries_read) + " entries were read from its start"});
  return result;
}

}  // namespace

ZipExtraction extractZip(const std::filesystem::path& zip_path, const std::filesystem::path& into,
                         std::uint64_t max_bytes) {
  namespace fs = std::filesystem;
  int error_code = 0;
  std::unique_ptr<zip_t, void (*)(zip_t*)> archive(zip_open(zip_path.c_str(), ZIP_RDONLY, &error_code),
                                                   [](zip_t* z) { zip_discard(z); });
  if (!archive) {
    // No central directory (a download cut short, a copy that stopped): the entries before the
    // damage are still whole, each behind its own local header; they are read in order.
    if (!startsWithLocalHeader(zip_path)) throw Error(ErrorCode::Corrupt, "cannot open the zip archive", zip_path.string());
    return extractWithoutDirectory(zip_path, into, max_bytes);
  }

  ZipExtraction result;
  std::uint64_t written = 0;
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  std::vector<char> buffer(1 << 16);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* raw_name = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    const std::string name = raw_name ? raw_name : "";
    if (isUnsafeEntryName(name)) {
      result.problems.push_back({fs::path(name), ProblemKind::Unsupported,
                                 "zip entry with an absolute or '..' path refused, not extracted"});
      continue;
    }
    const fs::path target = into / fs::path(name).lexically_normal();
    std::error_code ec;
    if (name.back() == '/' || name.back() == '\\') {
      fs::create_directories(target, ec);
      continue;
    }
    fs::create_directories(target.parent_path(), ec);
    if (fs::exists(fs::symlink_status(target, ec))) {
      result.problems.push_back({fs::path(name), ProblemKind::Unsupported, "zip entry name repeated, kept the first"});
      continue;
    }
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> entry(zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0),
                                                            &zip_fclose);
    if (!entry) {
      result.problems.push_back({fs::path(name), ProblemKind::Unreadable, "cannot read zip entry (encrypted or unsupported compression)"});
      continue;
    }
    std::ofstream out(target, std::ios::binary);
    bool failed = !out;
    zip_int64_t n = 0;
    while (!failed && (n = zip_fread(entry.get(), buffer.data(), buffer.size())) > 0) {
      written += static_cast<std::uint64_t>(n);
      if (written > max_bytes) {
        out.close();
        fs::remove(target, ec);
        result.problems.push_back({zip_path.filename(), ProblemKind::Unsupported,
                                   "zip content larger than the extraction limit; the rest was not extracted"});
        return result;
      }
      out.write(buffer.data(), n);
      failed = !out;
    }
    if (failed || n < 0) {
      out.close();
      fs::remove(target, ec);
      result.problems.push_back({fs::path(name), ProblemKind::Unreadable, "cannot extract zip entry (damaged archive or disk full)"});
    }
  }
  return result;
}

}  // namespace imaging::media
