#include <gtest/gtest.h>

#include "imaging/deid/date_shift.h"

using imaging::deid::shiftDate;
using imaging::deid::shiftDateTime;

TEST(DateShift, ShiftsAcrossMonthYearAndLeapDay) {
  EXPECT_EQ(shiftDate("20240301", -1).value(), "20240229");
  EXPECT_EQ(shiftDate("20230301", -1).value(), "20230228");
  EXPECT_EQ(shiftDate("20240101", -1).value(), "20231231");
  EXPECT_EQ(shiftDate("20240105", -365).value(), "20230105");
  EXPECT_EQ(shiftDate("2024.01.05", -4).value(), "20240101");
}

TEST(DateShift, KeepsIntervalsBetweenDates) {
  // 10 days apart before, 10 days apart after, whatever the offset.
  for (int offset : {-1, -37, -400, -3650}) {
    const auto a = shiftDate("20240105", offset).value();
    const auto b = shiftDate("20240115", offset).value();
    EXPECT_EQ(shiftDate(a, 10).value(), b);
  }
}

TEST(DateShift, MultiValueAndInvalid) {
  EXPECT_EQ(shiftDate("20240102\\20240103", -2).value(), "20231231\\20240101");
  EXPECT_FALSE(shiftDate("2024", -1).has_value());
  EXPECT_FALSE(shiftDate("20241340", -1).has_value());
  EXPECT_FALSE(shiftDate("hello", -1).has_value());
}

TEST(DateShift, DateTimeKeepsTimeAndOffset) {
  EXPECT_EQ(shiftDateTime("20240105101600.5+0100", -5).value(), "20231231101600.5+0100");
  EXPECT_EQ(shiftDateTime("20240105", -5).value(), "20231231");
  EXPECT_FALSE(shiftDateTime("2024", -5).has_value());
}
