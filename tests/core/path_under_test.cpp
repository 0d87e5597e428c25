// PathUnder answers by comparing text; wherever it answers, the answer must be what
// std::filesystem's lexically_relative gives, and for the shapes the export meets (a plain base,
// absolute or as typed, with files below it) it must answer.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "imaging/core/path_under.h"

namespace fs = std::filesystem;
using imaging::PathUnder;

TEST(PathUnder, AnswersForPlainBasesAbsoluteOrRelative) {
  EXPECT_EQ(PathUnder("/tmp/cd")("/tmp/cd/DICOM/IM1"), "DICOM/IM1");
  EXPECT_EQ(PathUnder("cd")("cd/DICOM/IM1"), "DICOM/IM1");
  EXPECT_EQ(PathUnder("copies/cd")("copies/cd/IM1"), "IM1");
}

TEST(PathUnder, LeavesToTheCallerWhatTextCannotDecide) {
  // A relative base and an absolute file (or the other way round) may still name the same place:
  // only the caller's absolute comparison can tell.
  EXPECT_FALSE(PathUnder("cd")("/tmp/cd/IM1").has_value());
  EXPECT_FALSE(PathUnder("/tmp/cd")("cd/IM1").has_value());
  EXPECT_FALSE(PathUnder("./cd")("./cd/IM1").has_value());
  EXPECT_FALSE(PathUnder("cd")("cd/../IM1").has_value());
  EXPECT_FALSE(PathUnder("cd")("cd//IM1").has_value());
  EXPECT_FALSE(PathUnder("cd")("cdx/IM1").has_value());
  EXPECT_FALSE(PathUnder("cd")("cd").has_value());
  EXPECT_FALSE(PathUnder("")("IM1").has_value());
}

TEST(PathUnder, EveryAnswerIsLexicallyRelative) {
  std::mt19937 random(7);
  const std::vector<std::string> parts = {"a", "b", "cd", ".", "..", "", "DICOM", "x.dcm"};
  const auto make = [&](bool absolute) {
    std::string p = absolute ? "/" : "";
    const int n = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < n; ++i) p += (i ? "/" : "") + parts[random() % parts.size()];
    return p;
  };
  int answered = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string base = make(random() % 2 == 0);
    std::string file = random() % 3 == 0 ? make(random() % 2 == 0) : base + "/" + make(false);
    const std::optional<std::string> got = PathUnder(base)(file);
    if (!got) continue;
    ++answered;
    EXPECT_EQ(*got, fs::path(file).lexically_relative(base).generic_string()) << base << " | " << file;
  }
  EXPECT_GT(answered, 1000);
}
