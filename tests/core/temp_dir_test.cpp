#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "imaging/core/temp_dir.h"

namespace fs = std::filesystem;

TEST(TempDir, IsRemovedWithItsContents) {
  fs::path where;
  {
    imaging::TempDir dir;
    where = dir.path();
    ASSERT_TRUE(fs::is_directory(where));
    std::ofstream(where / "f") << "x";
  }
  EXPECT_FALSE(fs::exists(where));
}

TEST(TempDir, ReleasedDirectoryStays) {
  fs::path where;
  {
    imaging::TempDir dir;
    where = dir.path();
    dir.release();
  }
  EXPECT_TRUE(fs::exists(where));
  fs::remove_all(where);
}
