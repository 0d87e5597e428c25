#include "imaging/core/file_path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace {

using imaging::FilePath;
namespace fs = std::filesystem;

int sign(int v) { return (v > 0) - (v < 0); }

// Paths as walks and DICOMDIR references make them: components of bytes that sort on both sides
// of '/' ('-', '.', ' ' below it; letters, '_' and UTF-8 bytes above), no repeated separators.
std::string randomPath(std::mt19937& random) {
  static const std::string bytes = "-. 0aAbB_z\xc3\xa9";
  std::string text = random() % 4 == 0 ? "/" : "";
  const int parts = 1 + static_cast<int>(random() % 4);
  for (int p = 0; p < parts; ++p) {
    if (p > 0) text += '/';
    const int length = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < length; ++i) text += bytes[random() % bytes.size()];
  }
  if (random() % 8 == 0) text += '/';
  return text;
}

TEST(FilePath, OrdersAsStdFilesystemPathDoes) {
  std::mt19937 random(20261206);
  for (int i = 0; i < 20000; ++i) {
    const std::string a = randomPath(random), b = random() % 5 == 0 ? a : randomPath(random);
    ASSERT_EQ(sign(FilePath(a).compare(FilePath(b))), sign(fs::path(a).compare(fs::path(b)))) << a << " | " << b;
  }
}

TEST(FilePath, AComponentThatIsAPrefixSortsFirstThoughItsSeparatorIsALargerByte) {
  // As text "a-b/c" < "a/b" ('-' is 0x2d, '/' 0x2f); as paths "a" < "a-b".
  EXPECT_LT(FilePath("a/b"), FilePath("a-b/c"));
  EXPECT_LT(fs::path("a/b"), fs::path("a-b/c"));
  EXPECT_LT(FilePath("x/y"), FilePath("/a"));  // no root directory sorts first
}

TEST(FilePath, KeepsTheTextAndConvertsBothWays) {
  const fs::path original = "cd/DICOM/SER1/IM000001";
  const FilePath held = original;
  EXPECT_EQ(held.native(), original.native());
  EXPECT_EQ(held.path(), original);
  EXPECT_EQ(held.filename(), "IM000001");
  EXPECT_EQ(held.parent_path(), fs::path("cd/DICOM/SER1"));
  EXPECT_EQ(held, original);
  EXPECT_EQ(held, "cd/DICOM/SER1/IM000001");
  EXPECT_EQ(held / "x", fs::path("cd/DICOM/SER1/IM000001/x"));
  const fs::path back = held;
  EXPECT_EQ(back, original);
}

}  // namespace
