// writeBoth (libimaging/bridge/fd_streams.h): the engine writes a small file's new header and its
// pixel data, as the door read them, with one writev instead of joining them first.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "imaging_bridge/fd_streams.h"

namespace {

// What writeBoth leaves in a new file.
std::string writtenBy(const std::string& first, const std::string& second) {
  char name[] = "/tmp/scanshare-writeboth-XXXXXX";
  const int fd = ::mkstemp(name);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(imaging::bridge::writeBoth(fd, first.data(), first.size(), second.data(), second.size()), 0);
  std::string back(first.size() + second.size() + 16, '\0');
  const long got = imaging::bridge::readAt(fd, back.data(), back.size(), 0);
  ::close(fd);
  ::unlink(name);
  back.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return back;
}

}  // namespace

TEST(WriteBoth, WritesBothPartsInOrderIncludingEmptyOnes) {
  const std::string header(300, 'h'), pixels(1 << 20, 'p');  // larger than one pipe or page
  EXPECT_EQ(writtenBy(header, pixels), header + pixels);
  EXPECT_EQ(writtenBy("", pixels), pixels);
  EXPECT_EQ(writtenBy(header, ""), header);
  EXPECT_EQ(writtenBy("", ""), "");
}

TEST(WriteBoth, ReportsTheErrorOfAFailedWrite) {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);  // not open for writing
  ASSERT_GE(fd, 0);
  EXPECT_EQ(imaging::bridge::writeBoth(fd, "a", 1, "b", 1), EBADF);
  ::close(fd);
}
