#include "imaging/writer/atomic_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "imaging/core/error.h"
#include "imaging/writer/zip_archive.h"
#include "file_sync.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

fs::path absoluteCanonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

// True when inner equals outer or lies below it.
bool isWithin(const fs::path& inner, const fs::path& outer) {
  auto o = outer.begin();
  auto i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

// rename(2) that never replaces an existing file or non-empty folder.
void renameNoReplace(const fs::path& from, const fs::path& to, bool allow_empty_dir) {
  int rc = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  if (rc != 0 && errno == EEXIST && allow_empty_dir) {
    // rename(2) replaces an empty folder atomically and fails with ENOTEMPTY otherwise.
    rc = ::rename(from.c_str(), to.c_str());
  }
  if (rc != 0) {
    const int err = errno;
    if (err == EEXIST || err == ENOTEMPTY)
      throw Error(ErrorCode::OutputNotEmpty, "output appeared while writing; nothing was replaced", to.string());
    throw Error(ErrorCode::Io, std::string("cannot move the result into place: ") + std::strerror(err), to.string());
  }
}

}  // namespace

void checkOutputTarget(const fs::path& target, const fs::path& input, OutputKind kind) {
  if (target.empty()) throw Error(ErrorCode::InvalidArgument, "no output path given");
  std::error_code ec;
  const auto status = fs::symlink_status(target, ec);
  if (fs::exists(status)) {
    if (kind == OutputKind::Zip)
      throw Error(ErrorCode::OutputNotEmpty, "output file already exists", target.string());
    if (!fs::is_directory(status) || !fs::is_empty(target, ec))
      throw Error(ErrorCode::OutputNotEmpty, "output exists and is not an empty folder", target.string());
  }
  const fs::path out = absoluteCanonical(target);
  const fs::path parent = out.parent_path();
  if (!fs::is_directory(parent, ec))
    throw Error(ErrorCode::InvalidArgument, "the folder that should hold the output does not exist", parent.string());
  // The staging folder and the rename both need write and search permission on the parent.
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    throw Error(ErrorCode::InvalidArgument, std::string("the folder that should hold the output is not writable: ") +
                                                std::strerror(errno), parent.string());
  if (!input.empty()) {
    const fs::path in = absoluteCanonical(input);
    if (isWithin(out, in)) throw Error(ErrorCode::InvalidArgument, "output must not be inside the input", target.string());
    if (isWithin(in, out)) throw Error(ErrorCode::InvalidArgument, "input must not be inside the output", target.string());
  }
}

AtomicOutput::AtomicOutput(fs::path target, const fs::path& input, OutputKind kind, bool flush_to_disk)
    : target_(absoluteCanonical(target)), kind_(kind), flush_to_disk_(flush_to_disk) {
  checkOutputTarget(target_, input, kind);
  std::error_code ec;
  target_was_empty_folder_ = fs::is_directory(fs::symlink_status(target_, ec));
  std::string pattern = (target_.parent_path() / ("." + target_.filename().string() + ".partial-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw Error(ErrorCode::Io, std::string("cannot create the staging folder: ") + std::strerror(errno),
                target_.parent_path().string());
  staging_ = pattern;
}

AtomicOutput::~AtomicOutput() {
  if (early_flush_.joinable()) early_flush_.join();
  std::error_code ec;
  if (!committed_ || kind_ == OutputKind::Zip) fs::remove_all(staging_, ec);
  if (!zip_temp_.empty() && !committed_) fs::remove(zip_temp_, ec);
}

namespace {

// One syncfs(2) writes back every dirty page and inode of the file system that holds the staging
// folder (data, folders, DICOMDIR) in one pass; measured faster than an fsync per file, even from
// two worker threads (docs/benchmarks.md, "Anonymize").
void syncFilesystemOf(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorCode::Io, std::string("cannot open to flush: ") + std::strerror(errno), folder.string());
  const int rc = ::syncfs(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw Error(ErrorCode::Io, std::string("cannot flush to disk: ") + std::strerror(err), folder.string());
}

}  // namespace

void AtomicOutput::fileWritten(const fs::path& file, std::uint64_t size) noexcept {
  if (flush_to_disk_) startWriteback(file, size);
}

void AtomicOutput::startFlush() noexcept {
  if (!flush_to_disk_ || kind_ != OutputKind::Folder || early_flush_.joinable()) return;
  try {
    early_flush_ = std::thread([folder = staging_] {
      // Errors are left to commit()'s own flush, which reports them.
      const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0) return;
      ::syncfs(fd);
      ::close(fd);
    });
  } catch (...) {
    // No thread: commit() flushes everything anyway.
  }
}

bool AtomicOutput::flushCovers(const fs::path& file) const {
  if (!flush_to_disk_ || kind_ != OutputKind::Folder) return false;
  struct stat staging_stat {}, folder_stat {};
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  return ::stat(staging_.c_str(), &staging_stat) == 0 && ::stat(folder.c_str(), &folder_stat) == 0 &&
         staging_stat.st_dev == folder_stat.st_dev;
}

void AtomicOutput::commit() {
  if (committed_) return;
  if (early_flush_.joinable()) early_flush_.join();
  if (kind_ == OutputKind::Folder) {
    if (flush_to_disk_) syncFilesystemOf(staging_);  // everything is on disk before the rename makes it visible
    renameNoReplace(staging_, target_, /*allow_empty_dir=*/true);
  } else {
    zip_temp_ = staging_.string() + ".zip";
    writeZip(staging_, zip_temp_);
    if (flush_to_disk_) syncPath(zip_temp_, false);
    renameNoReplace(zip_temp_, target_, /*allow_empty_dir=*/false);
  }
  committed_ = true;
  if (flush_to_disk_) syncPath(target_.parent_path(), true);
}

void AtomicOutput::withdraw() noexcept {
  if (!committed_) return;
  std::error_code ec;
  if (kind_ == OutputKind::Folder) {
    // Back under the staging name (free: it was moved away), so that the target disappears at once.
    if (::rename(target_.c_str(), staging_.c_str()) == 0) fs::remove_all(staging_, ec);
    else fs::remove_all(target_, ec);
    if (target_was_empty_folder_) fs::create_directory(target_, ec);
  } else {
    fs::remove(target_, ec);
  }
  committed_ = false;
  if (flush_to_disk_) {
    const int fd = ::open(target_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
}

void startWriteback(const fs::path& file, std::uint64_t size) noexcept {
  // Small files are left to the one syncfs at commit, which writes them out in large batches:
  // starting each one's write-back on its own made 4000 small files 20-30% slower on ext4, while
  // for images of half a megabyte and more it overlaps the disk with the work on the next files.
  constexpr off_t kWorthStartingAlone = 256 * 1024;
  if (size != 0 && size < static_cast<std::uint64_t>(kWorthStartingAlone)) return;
  struct stat st {};
  if (size == 0 && (::stat(file.c_str(), &st) != 0 || st.st_size < kWorthStartingAlone)) return;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  ::close(fd);
}

void syncTree(const fs::path& root) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) throw Error(ErrorCode::Io, "cannot list the staging folder", root.string());
    const auto st = it->symlink_status();
    if (fs::is_regular_file(st)) syncPath(it->path(), false);
    else if (fs::is_directory(st)) syncPath(it->path(), true);
  }
  if (ec) throw Error(ErrorCode::Io, "cannot list the staging folder", root.string());
  syncPath(root, true);
}

}  // namespace imaging
