#include <gtest/gtest.h>

#include "imaging/core/error.h"

using imaging::Error;
using imaging::ErrorCode;

TEST(Error, OneLineNamesFileAndReasonOnOneLine) {
  const Error e(ErrorCode::Truncated, "pixel data\nruns past end", "/cd/IMG1");
  EXPECT_EQ(e.oneLine(), "/cd/IMG1: pixel data runs past end");
  EXPECT_EQ(e.code(), ErrorCode::Truncated);
}

TEST(Error, OneLineWithoutPathIsJustTheMessage) {
  EXPECT_EQ(Error(ErrorCode::Io, "disk full").oneLine(), "disk full");
}

TEST(Error, EveryCodeHasAName) {
  for (int c = 0; c <= static_cast<int>(ErrorCode::Internal); ++c)
    EXPECT_STRNE(imaging::toString(static_cast<ErrorCode>(c)), "unknown error");
}
