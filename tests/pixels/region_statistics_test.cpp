// Region statistics (issue 14): mean, SD, min, max and area of a rectangle or an ellipse on a
// synthetic frame whose values are known, value(column, row) = column + 10 * row unless said.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "imaging/pixels/measure.h"

namespace {

std::vector<float> frame(int columns, int rows) {
  std::vector<float> values;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < columns; ++c) values.push_back(static_cast<float>(c + 10 * r));
  return values;
}

TEST(RegionStatistics, RectangleHoldsItsPixelsAndNoMore) {
  const auto values = frame(10, 8);
  // Columns 1..3, rows 1..2: 11 12 13 21 22 23.
  const auto s = imaging::regionStatistics(values.data(), 10, 8, {imaging::RegionShape::Rectangle, 1, 1, 3, 2}, {0.5, 2.0});
  EXPECT_EQ(s.pixels, 6u);
  EXPECT_DOUBLE_EQ(s.mean, 17.0);
  EXPECT_DOUBLE_EQ(s.min, 11.0);
  EXPECT_DOUBLE_EQ(s.max, 23.0);
  // Deviations -6 -5 -4 4 5 6: population variance 154 / 6.
  EXPECT_NEAR(s.sd, std::sqrt(154.0 / 6.0), 1e-12);
  EXPECT_DOUBLE_EQ(s.area_mm2, 6.0);  // six pixels of 0.5 x 2 mm
}

TEST(RegionStatistics, EllipseLeavesTheCornersOfItsBoxOut) {
  const auto values = frame(7, 7);
  // A circle in the 5 x 5 box at (0, 0): centre (2, 2), radius 2.5: rows of 3, 5, 5, 5, 3 pixels.
  const auto s = imaging::regionStatistics(values.data(), 7, 7, {imaging::RegionShape::Ellipse, 0, 0, 5, 5}, {1.0, 1.0});
  EXPECT_EQ(s.pixels, 21u);
  EXPECT_NEAR(s.mean, 22.0, 1e-12);  // symmetric around the centre pixel
  EXPECT_DOUBLE_EQ(s.min, 1.0);       // row 0 holds columns 1..3 only: the corner (0, 0) is out
  EXPECT_DOUBLE_EQ(s.max, 43.0);      // and (4, 4) = 44 too
  EXPECT_DOUBLE_EQ(s.area_mm2, 21.0);
  // The rectangle of the same box takes all 25.
  EXPECT_EQ(imaging::regionStatistics(values.data(), 7, 7, {imaging::RegionShape::Rectangle, 0, 0, 5, 5}, {1, 1}).pixels, 25u);
}

TEST(RegionStatistics, HounsfieldValuesAndAConstantRegion) {
  std::vector<float> values(16 * 16, -1000.0f);  // air
  for (int r = 4; r < 12; ++r)
    for (int c = 4; c < 12; ++c) values[static_cast<std::size_t>(r) * 16 + c] = 40.0f;  // soft tissue
  const auto tissue = imaging::regionStatistics(values.data(), 16, 16, {imaging::RegionShape::Rectangle, 5, 5, 4, 4}, {0.7, 0.7});
  EXPECT_DOUBLE_EQ(tissue.mean, 40.0);
  EXPECT_DOUBLE_EQ(tissue.sd, 0.0);
  EXPECT_NEAR(tissue.area_mm2, 16 * 0.49, 1e-12);
  // Half air, half tissue: mean -480, SD 520.
  const auto half = imaging::regionStatistics(values.data(), 16, 16, {imaging::RegionShape::Rectangle, 0, 4, 8, 8}, {1, 1});
  EXPECT_EQ(half.pixels, 64u);
  EXPECT_DOUBLE_EQ(half.mean, -480.0);
  EXPECT_NEAR(half.sd, 520.0, 1e-9);
  EXPECT_DOUBLE_EQ(half.min, -1000.0);
  EXPECT_DOUBLE_EQ(half.max, 40.0);
}

TEST(RegionStatistics, PartsOutsideTheFrameAreLeftOut) {
  const auto values = frame(10, 8);
  const auto clipped = imaging::regionStatistics(values.data(), 10, 8, {imaging::RegionShape::Rectangle, -2, -2, 4, 4}, {1, 1});
  EXPECT_EQ(clipped.pixels, 4u);  // columns 0..1, rows 0..1
  EXPECT_DOUBLE_EQ(clipped.max, 11.0);
  EXPECT_EQ(imaging::regionStatistics(values.data(), 10, 8, {imaging::RegionShape::Ellipse, 20, 20, 5, 5}, {1, 1}).pixels, 0u);
  EXPECT_EQ(imaging::regionStatistics(values.data(), 10, 8, {imaging::RegionShape::Ellipse, 1, 1, 0, 5}, {1, 1}).pixels, 0u);
}

}  // namespace
