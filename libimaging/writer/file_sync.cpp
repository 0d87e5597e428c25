#include "file_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "imaging/core/error.h"

namespace fs = std::filesystem;

namespace imaging {

void syncPath(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorCode::Io, std::string("cannot open to flush: ") + std::strerror(errno), p.string());
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw Error(ErrorCode::Io, std::string("cannot flush to disk: ") + std::strerror(err), p.string());
}

}  // namespace imaging
