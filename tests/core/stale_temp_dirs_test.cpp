// A process killed before it removed its TempDir (SIGKILL, a lost display) leaves a patient's
// unpacked CD image behind; sweepStaleTempDirs removes such folders and nothing else.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "imaging/core/temp_dir.h"

namespace fs = std::filesystem;

namespace {

fs::path freshParent(const std::string& name) {
  const fs::path parent = fs::temp_directory_path() / ("ss-sweep-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(parent);
  fs::create_directories(parent);
  return parent;
}

// A child makes a TempDir under parent, writes a file into it and ends without destructors (as a
// killed process does); returns the folder it left.
fs::path leftByDeadProcess(const fs::path& parent, const char* prefix) {
  int channel[2];
  EXPECT_EQ(::pipe(channel), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(channel[0]);
    imaging::TempDir dir(parent, prefix);
    std::ofstream(dir.path() / "IMG1") << "PENDLEWORTH^Araminta";
    const std::string name = dir.path().filename().string();
    [[maybe_unused]] const ssize_t n = ::write(channel[1], name.data(), name.size());
    ::_exit(0);
  }
  ::close(channel[1]);
  char buffer[512];
  const ssize_t n = ::read(channel[0], buffer, sizeof buffer);
  ::close(channel[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return n > 0 ? parent / std::string(buffer, static_cast<std::size_t>(n)) : fs::path();
}

TEST(StaleTempDirs, FolderOfADeadProcessIsRemoved) {
  const fs::path parent = freshParent("dead");
  const fs::path left = leftByDeadProcess(parent, "scanshare-iso-");
  ASSERT_TRUE(fs::exists(left / "IMG1"));
  EXPECT_EQ(imaging::sweepStaleTempDirs(parent), 1u);
  EXPECT_FALSE(fs::exists(left));
  fs::remove_all(parent);
}

TEST(StaleTempDirs, NextTempDirSweepsItsParent) {
  const fs::path parent = freshParent("next");
  const fs::path left = leftByDeadProcess(parent, "scanshare-dicomweb-");
  ASSERT_TRUE(fs::exists(left));
  {
    const imaging::TempDir mine(parent, "scanshare-iso-");
    EXPECT_FALSE(fs::exists(left));
  }
  fs::remove_all(parent);
}

TEST(StaleTempDirs, LiveOwnersOthersAndLinksAreKept) {
  const fs::path parent = freshParent("kept");
  const imaging::TempDir mine(parent, "scanshare-iso-");  // this process: alive
  std::ofstream(mine.path() / "IMG1") << "x";
  const fs::path plain = parent / "scanshare-iso-Ab12Cd";  // no owner in the name: not ours to judge
  fs::create_directories(plain);
  // A link named like a dead owner's folder, pointing at a folder that must survive.
  const fs::path dead = leftByDeadProcess(parent, "scanshare-zip-");
  const fs::path target = parent / "target";
  fs::create_directories(target);
  std::ofstream(target / "keep") << "y";
  fs::remove_all(dead);
  fs::create_directory_symlink(target, dead);

  EXPECT_EQ(imaging::sweepStaleTempDirs(parent), 0u);
  EXPECT_TRUE(fs::exists(mine.path() / "IMG1"));
  EXPECT_TRUE(fs::exists(plain));
  EXPECT_TRUE(fs::is_symlink(dead));
  EXPECT_TRUE(fs::exists(target / "keep"));
  fs::remove(dead);
  fs::remove_all(parent / "target");
  fs::remove_all(plain);
}

TEST(StaleTempDirs, ReusedProcessIdIsNotAnOwner) {
  // Our own id with another start time: a process that had this id before us, now gone.
  const fs::path parent = freshParent("reused");
  std::string name;
  {
    imaging::TempDir probe(parent, "scanshare-iso-");
    name = probe.path().filename().string();
  }
  // "scanshare-iso-o<pid>.<start>.<ns>-XXXXXX": bump <start>.
  const std::size_t first_dot = name.find('.'), second_dot = name.find('.', first_dot + 1);
  ASSERT_NE(second_dot, std::string::npos) << name;
  const unsigned long long start = std::stoull(name.substr(first_dot + 1, second_dot - first_dot - 1));
  const std::string older = name.substr(0, first_dot + 1) + std::to_string(start + 1) + name.substr(second_dot);
  fs::create_directories(parent / older);
  EXPECT_EQ(imaging::sweepStaleTempDirs(parent), 1u);
  EXPECT_FALSE(fs::exists(parent / older));
  fs::remove_all(parent);
}

}  // namespace
