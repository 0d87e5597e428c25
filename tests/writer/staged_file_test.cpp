// StagedFile: a report written whole or piece by piece appears only when published, and a failed
// or abandoned one leaves nothing behind.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "imaging/writer/staged_file.h"

namespace fs = std::filesystem;

namespace {

fs::path freshFolder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("scanshare-staged-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST(StagedFile, PiecesOfAnySizeMakeTheSameFileAsTheWholeContent) {
  const fs::path folder = freshFolder("pieces");
  std::string expected;
  {
    imaging::StagedFile file(
        folder / "report.json",
        [&](const imaging::StagedFile::Writer& write) {
          for (int i = 0; i < 5000; ++i) {  // small pieces, past the buffer many times
            const std::string piece = "line " + std::to_string(i) + "\n";
            expected += piece;
            write(piece);
          }
          const std::string big(200 * 1024, 'x');  // one piece larger than the buffer
          expected += big;
          write(big);
          expected += "end";
          write("end");
        },
        false);
    EXPECT_FALSE(fs::exists(folder / "report.json"));
    file.publish();
  }
  EXPECT_EQ(readAll(folder / "report.json"), expected);
  EXPECT_FALSE(fs::exists(folder / "report.json.partial"));
  fs::remove_all(folder);
}

TEST(StagedFile, AProducerThatThrowsLeavesNothing) {
  const fs::path folder = freshFolder("throws");
  EXPECT_THROW(imaging::StagedFile(folder / "report.txt",
                                   [](const imaging::StagedFile::Writer& write) {
                                     write("partial text");
                                     throw std::runtime_error("no more");
                                   },
                                   false),
               std::runtime_error);
  EXPECT_TRUE(fs::is_empty(folder));
  fs::remove_all(folder);
}

TEST(StagedFile, UnpublishedLeavesNothing) {
  const fs::path folder = freshFolder("unpublished");
  { imaging::StagedFile file(folder / "report.txt", std::string("text"), false); }
  EXPECT_TRUE(fs::is_empty(folder));
  fs::remove_all(folder);
}
