// Linked scrolling and reference lines between viewports (issue 14), on volumes built here: no
// file is read, only the geometry of imaging::Volume.
#include <gtest/gtest.h>

#include <cmath>

#include "imaging/pixels/slice_link.h"

namespace {

// `count` slices of size x size pixels of 1 mm, with row and column directions given, the first
// pixel of slice k at first + k * step * normal, positions along the normal recorded as a scan does.
imaging::Volume stack(std::array<double, 3> row, std::array<double, 3> column, std::array<double, 3> first, double step, int count,
                      const std::string& frame, int size = 100) {
  imaging::Volume v;
  v.dimensions = {size, size, count};
  v.spacing = {1.0, 1.0, step};
  const std::array<double, 3> n{row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2],
                                row[0] * column[1] - row[1] * column[0]};
  v.direction = {row[0], row[1], row[2], column[0], column[1], column[2], n[0], n[1], n[2]};
  v.origin = first;
  v.has_geometry = true;
  v.has_pixel_spacing = true;
  v.frame_of_reference_uid = frame;
  for (int k = 0; k < count; ++k) {
    imaging::SliceRef ref;
    ref.image_position = std::array<double, 3>{first[0] + k * step * n[0], first[1] + k * step * n[1], first[2] + k * step * n[2]};
    ref.position = (*ref.image_position)[0] * n[0] + (*ref.image_position)[1] * n[1] + (*ref.image_position)[2] * n[2];
    v.slices.push_back(ref);
  }
  return v;
}

// Axial: rows along +x (left), columns along +y (posterior), slices from z = 0 up by `step`.
imaging::Volume axial(double z0, double step, int count, const std::string& frame) {
  return stack({1, 0, 0}, {0, 1, 0}, {-50, -50, z0}, step, count, frame);
}

TEST(SliceLink, SameFrameMovesToTheNearestPlane) {
  const auto a = axial(0, 2, 20, "1.2.3");       // z = 0, 2, ..., 38
  const auto b = axial(1, 5, 8, "1.2.3");        // z = 1, 6, 11, ..., 36
  EXPECT_EQ(imaging::nearestSlice(a, 0, b), 0);  // z 0 -> 1
  EXPECT_EQ(imaging::nearestSlice(a, 6, b), 2);  // z 12 -> 11
  EXPECT_EQ(imaging::nearestSlice(a, 9, b), 3);  // z 18 -> 16
  EXPECT_EQ(imaging::nearestSlice(a, 19, b), 7); // z 38 -> 36
  EXPECT_EQ(imaging::nearestSlice(b, 2, a), 5);  // z 11 -> 10 (first of 10 and 12)
}

TEST(SliceLink, AnotherFrameFollowsTheSliceLocation) {
  // The prior study: another Frame of Reference, its table 100 mm higher; linked by slice
  // location (position along the normal), not by where the planes lie in space.
  const auto current = axial(0, 2, 20, "1.2.3");
  auto prior = axial(100, 4, 10, "9.8.7");
  for (auto& s : prior.slices) s.position -= 100;  // its own locations 0, 4, 8...
  EXPECT_EQ(imaging::nearestSlice(current, 4, prior), 2);  // location 8 -> 8
  EXPECT_EQ(imaging::nearestSlice(current, 19, prior), 9); // 38 -> 36
}

TEST(SliceLink, OrthogonalStacksDoNotScrollTogether) {
  const auto a = axial(0, 2, 20, "1.2.3");
  // Sagittal: rows along +y, columns down (-z), slices along the normal -x.
  const auto sagittal = stack({0, 1, 0}, {0, 0, -1}, {0, -50, 50}, 3, 10, "1.2.3");
  EXPECT_FALSE(imaging::nearestSlice(a, 3, sagittal).has_value());
  EXPECT_FALSE(imaging::referenceLine(a, 3, axial(1, 5, 8, "1.2.3"), 2).has_value()) << "parallel planes have no line";
}

TEST(SliceLink, AxialPlaneIsAHorizontalLineOnTheSagittal) {
  const auto a = axial(0, 2, 20, "1.2.3");
  const auto sagittal = stack({0, 1, 0}, {0, 0, -1}, {0, -50, 50}, 3, 10, "1.2.3");
  // Axial slice 5 lies at z = 10; on the sagittal image row v lies at z = 50 - v: row 40.
  const auto line = imaging::referenceLine(a, 5, sagittal, 4);
  ASSERT_TRUE(line.has_value());
  EXPECT_NEAR(line->first.row, 40.0, 1e-9);
  EXPECT_NEAR(line->second.row, 40.0, 1e-9);
  EXPECT_NEAR(std::min(line->first.column, line->second.column), -0.5, 1e-9);
  EXPECT_NEAR(std::max(line->first.column, line->second.column), 99.5, 1e-9);
  // The sagittal slice 4 lies at x = -12 (normal -x, 3 mm apart): a vertical line at column 38 on the axial.
  const auto back = imaging::referenceLine(sagittal, 4, a, 5);
  ASSERT_TRUE(back.has_value());
  EXPECT_NEAR(back->first.column, 38.0, 1e-9);
  EXPECT_NEAR(back->second.column, 38.0, 1e-9);
  // An axial plane above the sagittal image (z = 60) does not cross it; another Frame of Reference has no line.
  EXPECT_FALSE(imaging::referenceLine(axial(60, 2, 3, "1.2.3"), 0, sagittal, 4).has_value());
  EXPECT_FALSE(imaging::referenceLine(axial(0, 2, 20, "4.5.6"), 5, sagittal, 4).has_value());
}

}  // namespace
