#include "imaging/writer/zip_archive.h"

#include <zip.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "imaging/core/error.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

// 1980-01-02 00:00 UTC: zip's epoch plus a day, so every time zone stays inside the format's range.
constexpr time_t kFixedMtime = 315619200;

std::string zipErrorText(zip_t* archive) {
  const char* t = zip_strerror(archive);
  return t ? t : "unknown zip error";
}

}  // namespace

void writeZip(const fs::path& folder, const fs::path& zip_file) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(folder).generic_string());
  }
  if (ec) throw Error(ErrorCode::Io, "cannot list the folder to zip", folder.string());
  std::sort(files.begin(), files.end());

  int err = 0;
  zip_t* archive = zip_open(zip_file.c_str(), ZIP_CREATE | ZIP_EXCL, &err);
  if (archive == nullptr) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    const std::string text = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(ErrorCode::Io, "cannot create zip: " + text, zip_file.string());
  }
  auto fail = [&](const std::string& what, const std::string& path) {
    const std::string text = zipErrorText(archive);
    zip_discard(archive);
    std::error_code rm;
    fs::remove(zip_file, rm);
    return Error(ErrorCode::Io, what + ": " + text, path);
  };
  for (const auto& rel : files) {
    // zip_source_file opens the file only while the archive is written at zip_close, one at a
    // time, so memory stays bounded whatever the number of files.
    zip_source_t* source = zip_source_file(archive, (folder / rel).c_str(), 0, -1);
    if (source == nullptr) throw fail("cannot add to zip", rel);
    const zip_int64_t index = zip_file_add(archive, rel.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      throw fail("cannot add to zip", rel);
    }
    if (zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0 ||
        zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), kFixedMtime, 0) != 0)
      throw fail("cannot set zip entry attributes", rel);
  }
  if (zip_close(archive) != 0) throw fail("cannot write zip", zip_file.string());
}

void extractZip(const fs::path& zip_file, const fs::path& folder) {
  int err = 0;
  zip_t* archive = zip_open(zip_file.c_str(), ZIP_RDONLY, &err);
  if (archive == nullptr) throw Error(ErrorCode::Io, "cannot open zip", zip_file.string());
  std::unique_ptr<zip_t, int (*)(zip_t*)> guard(archive, zip_close);
  const zip_int64_t n = zip_get_num_entries(archive, 0);
  std::vector<char> buffer(1 << 16);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* raw = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (raw == nullptr) continue;
    const std::string name(raw);
    if (name.empty() || name.back() == '/') continue;
    const fs::path rel = fs::path(name).lexically_normal();
    if (rel.is_absolute() || rel.empty() || *rel.begin() == "..")
      throw Error(ErrorCode::Corrupt, "zip entry escapes the extraction folder", zip_file.string());
    const fs::path dest = folder / rel;
    fs::create_directories(dest.parent_path());
    zip_file_t* entry = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (entry == nullptr) throw Error(ErrorCode::Corrupt, "cannot read zip entry", zip_file.string());
    std::ofstream out(dest, std::ios::binary);
    zip_int64_t got = 0;
    while ((got = zip_fread(entry, buffer.data(), buffer.size())) > 0) out.write(buffer.data(), got);
    zip_fclose(entry);
    if (got < 0 || !out) throw Error(ErrorCode::Io, "cannot extract zip entry", dest.string());
  }
}

}  // namespace imaging
