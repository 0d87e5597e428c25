#include "imaging/writer/staged_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "imaging/core/error.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

// Plain write(2)/fsync(2), so that the reason of a failure is the system's own (errno), which a
// C++ stream does not keep.
int writeWhole(const fs::path& file, const std::string& content, bool flush_to_disk) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  const char* p = content.data();
  std::size_t left = content.size();
  int err = 0;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      break;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (err == 0 && flush_to_disk && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;  // NFS and others report a full disk only here
  return err;
}

}  // namespace

StagedFile::StagedFile(fs::path path, const std::string& content, bool flush_to_disk)
    : path_(std::move(path)), partial_(path_.string() + ".partial") {
  const int err = writeWhole(partial_, content, flush_to_disk);
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

}  // namespace imaging
