#include "imaging/writer/staged_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "imaging/core/error.h"
#include "file_sync.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

// Plain write(2)/fsync(2), so that the reason of a failure is the system's own (errno), which a
// C++ stream does not keep. The first error is kept and later writes are skipped.
class PartialFile {
 public:
  explicit PartialFile(const fs::path& file) : fd_(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
    if (fd_ < 0) err_ = errno;
  }
  ~PartialFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  void write(const char* p, std::size_t left) {
    while (err_ == 0 && left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        err_ = n < 0 ? errno : EIO;
        break;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

  // Flushes to disk when asked and closes; the first error of all, or 0.
  int close(bool flush_to_disk) {
    if (err_ == 0 && flush_to_disk && ::fsync(fd_) != 0) err_ = errno;
    if (fd_ >= 0 && ::close(fd_) != 0 && err_ == 0) err_ = errno;  // NFS and others report a full disk only here
    fd_ = -1;
    return err_;
  }

 private:
  int fd_;
  int err_ = 0;
};

}  // namespace

StagedFile::StagedFile(fs::path path, const std::string& content, bool flush_to_disk)
    : StagedFile(std::move(path), [&content](const Writer& write) { write(content); }, flush_to_disk) {}

StagedFile::StagedFile(fs::path path, const std::function<void(const Writer& write)>& produce, bool flush_to_disk)
    : path_(std::move(path)), partial_(path_.string() + ".partial") {
  int err = 0;
  {
    PartialFile file(partial_);
    constexpr std::size_t kBufferSize = 64 * 1024;
    std::string buffer;
    buffer.reserve(kBufferSize);
    try {
      produce([&](std::string_view piece) {
        if (buffer.size() + piece.size() > kBufferSize) {
          file.write(buffer.data(), buffer.size());
          buffer.clear();
        }
        if (piece.size() >= kBufferSize) file.write(piece.data(), piece.size());
        else buffer.append(piece.data(), piece.size());
      });
    } catch (...) {
      file.close(false);
      std::error_code ec;
      fs::remove(partial_, ec);
      throw;
    }
    file.write(buffer.data(), buffer.size());
    err = file.close(flush_to_disk);
  }
  if (err != 0) {
    std::error_code ec;
    fs::remove(partial_, ec);
    throw Error(ErrorCode::Io, std::string("cannot write the report: ") + std::strerror(err), path_.string());
  }
}

StagedFile::~StagedFile() {
  if (published_) return;
  std::error_code ec;
  fs::remove(partial_, ec);
}

void StagedFile::publish() {
  if (published_) return;
  if (std::rename(partial_.c_str(), path_.c_str()) != 0)
    throw Error(ErrorCode::Io, std::string("cannot put the report in place: ") + std::strerror(errno), path_.string());
  published_ = true;
}

void StagedFile::syncFolder() const { syncPath(path_.has_parent_path() ? path_.parent_path() : fs::path("."), true); }

}  // namespace imaging
