#include "imaging/writer/write_failure.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace fs = std::filesystem;

namespace imaging {
namespace {

// Writes and flushes 64 KiB into a new file in folder and removes it; returns the errno of the
// first failure (0 when it all fit).
int probeWrite(const fs::path& folder) {
  std::string name = (folder / ".space-probe-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return errno;
  const std::vector<char> block(64 * 1024, '\0');
  int err = 0;
  std::size_t done = 0;
  while (done < block.size()) {
    const ssize_t n = ::write(fd, block.data() + done, block.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  ::close(fd);
  ::unlink(name.c_str());
  return err;
}

}  // namespace

bool isNoRoomError(int err) noexcept { return err == ENOSPC || err == EDQUOT || err == EFBIG; }

std::string noRoomReason(const fs::path& folder, int last_errno) {
  if (isNoRoomError(last_errno)) return std::strerror(last_errno);
  const int probed = probeWrite(folder);
  if (isNoRoomError(probed)) return std::strerror(probed);
  return {};
}

}  // namespace imaging
