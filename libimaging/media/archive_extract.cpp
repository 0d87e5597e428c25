#include "archive_extract.h"

#include <locale.h>

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "imaging/core/error.h"
#include "zip_extract.h"

namespace imaging::media {
namespace {

namespace fs = std::filesystem;

// Entry names as UTF-8 where libarchive can convert them (Joliet names are UTF-16 on the disc).
std::string entryName(archive_entry* entry) {
  if (const char* utf8 = archive_entry_pathname_utf8(entry)) return utf8;
  const char* native = archive_entry_pathname(entry);
  return native ? native : "";
}

std::string hardlinkTarget(archive_entry* entry) {
  if (const char* utf8 = archive_entry_hardlink_utf8(entry)) return utf8;
  const char* native = archive_entry_hardlink(entry);
  return native ? native : "";
}

std::string withoutTrailingSlashes(std::string name) {
  while (name.size() > 1 && (name.back() == '/' || name.back() == '\\')) name.pop_back();
  return name;
}

class ArchiveExtractor {
 public:
  ArchiveExtractor(const fs::path& image, const fs::path& into, std::uint64_t max_bytes, const ArchiveFormat& format)
      : image_(image), into_(into), max_bytes_(max_bytes), format_(format) {}

  ArchiveExtraction run() {
    std::unique_ptr<archive, int (*)(archive*)> reader(archive_read_new(), &archive_read_free);
    if (!reader) throw Error(ErrorCode::Internal, std::string("cannot start the reader of the ") + format_.what, image_.string());
    format_.enable(reader.get());
    if (archive_read_open_filename(reader.get(), image_.c_str(), 1 << 16) != ARCHIVE_OK)
      throw Error(ErrorCode::Corrupt, format_.cannot_open, image_.string());

    bool read_any = false;
    int retries = 0;
    for (;;) {
      archive_entry* entry = nullptr;
      const int status = archive_read_next_header(reader.get(), &entry);
      if (status == ARCHIVE_EOF) break;
      if (status == ARCHIVE_RETRY && ++retries < 16) continue;
      if (status < ARCHIVE_WARN) {  // FATAL, FAILED or a RETRY that keeps failing
        if (!read_any)
          throw Error(ErrorCode::Corrupt, std::string("cannot read the ") + format_.what + " (damaged or truncated)", image_.string());
        imageProblem(std::string(format_.what) + " damaged or truncated; the rest was not extracted");
        break;
      }
      read_any = true;
      ++result_.entries_read;
      if (!extractEntry(reader.get(), entry, status == ARCHIVE_WARN)) break;
    }
    return std::move(result_);
  }

 private:
  void imageProblem(const std::string& reason) {
    result_.problems.push_back({image_.filename(), ProblemKind::Unreadable, reason});
  }
  void entryProblem(const std::string& name, ProblemKind kind, const std::string& reason) {
    result_.problems.push_back({fs::path(name), kind, reason});
  }
  void limitProblem() {
    result_.problems.push_back({image_.filename(), ProblemKind::Unsupported,
                                std::string(format_.entries) + " larger than the extraction limit; the rest was not extracted"});
  }

  // False when extraction must stop (limit reached or the image became unreadable).
  bool extractEntry(archive* reader, archive_entry* entry, bool warned) {
    const std::string name = withoutTrailingSlashes(entryName(entry));
    const auto type = archive_entry_filetype(entry);
    if (warned && type == 0) {  // libarchive gave up on this entry before describing it
      entryProblem(name, ProblemKind::Unreadable, std::string(format_.entry) + " lies outside the archive (damaged), not extracted");
      return true;
    }
    if (isUnsafeEntryName(name)) {
      entryProblem(name, ProblemKind::Unsupported, std::string(format_.entry) + " with an absolute or '..' path refused, not extracted");
      return true;
    }
    const fs::path target = into_ / fs::path(name).lexically_normal();
    std::error_code ec;
    if (type == AE_IFDIR) {
      fs::create_directories(target, ec);
      return true;
    }
    if (type == AE_IFLNK) {
      entryProblem(name, ProblemKind::Unsupported, std::string("symbolic link in the ") + format_.what + " not followed");
      return true;
    }
    const std::string link_target = hardlinkTarget(entry);
    if (link_target.empty() && type != AE_IFREG) {
      entryProblem(name, ProblemKind::Unsupported, std::string("special file (device, pipe or socket) in the ") + format_.what + " not extracted");
      return true;
    }
    fs::create_directories(target.parent_path(), ec);
    if (fs::exists(fs::symlink_status(target, ec))) {
      entryProblem(name, ProblemKind::Unsupported, std::string(format_.entry) + " name repeated, kept the first");
      return true;
    }
    return link_target.empty() ? writeData(reader, entry, name, target) : copyEarlier(link_target, name, target);
  }

  // Two directory records sharing one extent come back as a "hard link" to the first: copy the
  // bytes already extracted for it, so no link is ever created on disk.
  bool copyEarlier(const std::string& link_target, const std::string& name, const fs::path& target) {
    const auto earlier = extracted_.find(withoutTrailingSlashes(link_target));
    std::error_code ec;
    const std::uintmax_t size = earlier == extracted_.end() ? 0 : fs::file_size(earlier->second, ec);
    if (earlier == extracted_.end() || ec) {
      entryProblem(name, ProblemKind::Unreadable, std::string(format_.entry) + " shares data with an entry that was not extracted");
      return true;
    }
    if (written_ + size > max_bytes_) {
      limitProblem();
      return false;
    }
    if (!fs::copy_file(earlier->second, target, ec) || ec) {
      fs::remove(target, ec);
      entryProblem(name, ProblemKind::Unreadable, std::string("cannot extract ") + format_.entry + " (disk full?)");
      return true;
    }
    written_ += size;
    extracted_.emplace(name, target);
    return true;
  }

  bool writeData(archive* reader, archive_entry* entry, const std::string& name, const fs::path& target) {
    if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) >= 0 &&
        written_ + static_cast<std::uint64_t>(archive_entry_size(entry)) > max_bytes_) {
      limitProblem();
      return false;
    }
    std::error_code ec;
    std::ofstream out(target, std::ios::binary);
    if (!out) {
      entryProblem(name, ProblemKind::Unreadable, std::string("cannot extract ") + format_.entry + " (cannot create the file)");
      return true;
    }
    for (;;) {
      const la_ssize_t n = archive_read_data(reader, buffer_.data(), buffer_.size());
      if (n == 0) break;
      if (n < 0) {
        out.close();
        fs::remove(target, ec);
        if (n == ARCHIVE_WARN || n == ARCHIVE_RETRY) {
          entryProblem(name, ProblemKind::Unreadable, std::string("cannot read ") + format_.entry + " (damaged)");
          return true;
        }
        imageProblem(std::string(format_.what) + " damaged or truncated; the rest was not extracted");
        return false;
      }
      written_ += static_cast<std::uint64_t>(n);
      if (written_ > max_bytes_) {
        out.close();
        fs::remove(target, ec);
        limitProblem();
        return false;
      }
      out.write(static_cast<const char*>(buffer_.data()), n);
      if (!out) {
        out.close();
        fs::remove(target, ec);
        entryProblem(name, ProblemKind::Unreadable, std::string("cannot extract ") + format_.entry + " (disk full?)");
        return true;
      }
    }
    extracted_.emplace(name, target);
    return true;
  }

  const fs::path& image_;
  const fs::path& into_;
  const std::uint64_t max_bytes_;
  const ArchiveFormat& format_;
  ArchiveExtraction result_;
  std::uint64_t written_ = 0;
  std::map<std::string, fs::path> extracted_;  // entry name -> the file written for it
  std::vector<char> buffer_ = std::vector<char>(1 << 16);
};

// libarchive converts Joliet names (UTF-16) through the calling thread's character set; in the
// "C" locale every non-ASCII name failed and came out empty (found with xorriso-made images: a
// folder "Bilder Müller" was refused as an unsafe path). For the extraction, this thread uses
// C.UTF-8; nothing else of the program's locale changes.
class Utf8NamesOnThisThread {
 public:
  Utf8NamesOnThisThread() : utf8_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (utf8_ != static_cast<locale_t>(nullptr)) previous_ = uselocale(utf8_);
  }
  ~Utf8NamesOnThisThread() {
    if (utf8_ == static_cast<locale_t>(nullptr)) return;
    uselocale(previous_);
    freelocale(utf8_);
  }
  Utf8NamesOnThisThread(const Utf8NamesOnThisThread&) = delete;
  Utf8NamesOnThisThread& operator=(const Utf8NamesOnThisThread&) = delete;

 private:
  locale_t utf8_;
  locale_t previous_ = static_cast<locale_t>(nullptr);
};

}  // namespace

ArchiveExtraction extractArchive(const std::filesystem::path& file, const std::filesystem::path& into,
                                 std::uint64_t max_bytes, const ArchiveFormat& format) {
  const Utf8NamesOnThisThread utf8_names;
  return ArchiveExtractor(file, into, max_bytes, format).run();
}

}  // namespace imaging::media
