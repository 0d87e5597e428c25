#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/core/log.h"

TEST(Log, ParsesDcmtkStyleLevelNames) {
  EXPECT_EQ(imaging::parseLogLevel("debug"), imaging::LogLevel::Debug);
  EXPECT_EQ(imaging::parseLogLevel("off"), imaging::LogLevel::Off);
  EXPECT_THROW(imaging::parseLogLevel("loud"), imaging::Error);
}

TEST(Log, LevelFiltersMessages) {
  imaging::setLogLevel(imaging::LogLevel::Error);
  testing::internal::CaptureStderr();
  imaging::logWarn("hidden");
  imaging::logError("shown");
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.find("hidden"), std::string::npos);
  EXPECT_NE(out.find("shown"), std::string::npos);
  imaging::setLogLevel(imaging::LogLevel::Warn);
}
