#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/deid/profile.h"

using namespace imaging;

TEST(Profile, EveryOptionNameRoundTrips) {
  const auto options = allOptions();
  EXPECT_EQ(options.size(), 10u);
  for (DeidOption o : options) EXPECT_EQ(parseOption(optionName(o)), o);
}

TEST(Profile, UnknownOptionListsValidNames) {
  try {
    parseOption("retain-everything");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("clean-descriptors"), std::string::npos);
  }
}

TEST(Profile, DefaultIsBasicWithPatientCharacteristicsModifiedDatesAndCleanDescriptors) {
  const Profile p = Profile::defaultProfile();
  EXPECT_TRUE(p.has(DeidOption::RetainPatientCharacteristics));
  EXPECT_TRUE(p.has(DeidOption::RetainLongitudinalModifiedDates));
  EXPECT_TRUE(p.has(DeidOption::CleanDescriptors));
  EXPECT_EQ(p.options.size(), 3u);
  EXPECT_EQ(p.dateMode(), DateMode::Shift);
  EXPECT_TRUE(Profile::basic().options.empty());
  EXPECT_EQ(Profile::basic().dateMode(), DateMode::Remove);
  EXPECT_EQ(Profile::byName("default").options, p.options);
  EXPECT_THROW(Profile::byName("paranoid"), Error);
}

TEST(Profile, SetDateModeReplacesTheLongitudinalOptions) {
  Profile p = Profile::defaultProfile();
  p.setDateMode(DateMode::Keep);
  EXPECT_TRUE(p.has(DeidOption::RetainLongitudinalFullDates));
  EXPECT_FALSE(p.has(DeidOption::RetainLongitudinalModifiedDates));
  EXPECT_EQ(p.dateMode(), DateMode::Keep);
  p.setDateMode(DateMode::Remove);
  EXPECT_FALSE(p.has(DeidOption::RetainLongitudinalFullDates));
  EXPECT_EQ(p.dateMode(), DateMode::Remove);
  EXPECT_EQ(parseDateMode("shift"), DateMode::Shift);
  EXPECT_THROW(parseDateMode("fuzz"), Error);
}
