// Oblique MPR geometry (issue 14), without a window: rotating the crosshair in one pane turns the
// other two planes about that pane's normal through the cursor, and reset gives the orthogonal
// planes back.
#include <gtest/gtest.h>

#include <cmath>

#include "mpr_geometry.h"

namespace {

void expectNear(const Vec3& actual, const Vec3& expected, const char* what) {
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(actual[i], expected[i], 1e-9) << what << " component " << i;
}

const PlaneAxes& of(const MprFrames& frames, MprPlane plane) { return frames[static_cast<std::size_t>(plane)]; }

TEST(MprGeometry, NinetyDegreesInTheAxialPaneTurnsTheCoronalPlaneIntoTheSagittalOne) {
  MprFrames frames = orthogonalFrames();
  rotateCrosshair(frames, MprPlane::Axial, 90);
  // The coronal plane (normal along y) now has its normal along x: the sagittal plane's.
  const Vec3 coronal_normal = of(frames, MprPlane::Coronal).normal;
  EXPECT_NEAR(std::abs(dot(coronal_normal, planeAxes(MprPlane::Sagittal).normal)), 1.0, 1e-9);
  // Clockwise as seen from the feet (patient's right on the left, anterior up): the coronal's
  // screen-right axis, the patient's left (+x), turns towards the screen's down, posterior (+y).
  expectNear(of(frames, MprPlane::Coronal).u, {0, 1, 0}, "coronal u");
  expectNear(of(frames, MprPlane::Coronal).v, {0, 0, -1}, "coronal v (head up stays)");
  // The axial plane and its picture stay.
  expectNear(of(frames, MprPlane::Axial).u, planeAxes(MprPlane::Axial).u, "axial u");
  expectNear(of(frames, MprPlane::Axial).v, planeAxes(MprPlane::Axial).v, "axial v");
  EXPECT_FALSE(isOrthogonal(frames));
  rotateCrosshair(frames, MprPlane::Axial, -90);
  EXPECT_TRUE(isOrthogonal(frames));
}

TEST(MprGeometry, ThirtyDegreesGivesTheExpectedDirectionCosines) {
  MprFrames frames = orthogonalFrames();
  rotateCrosshair(frames, MprPlane::Axial, 30);
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  expectNear(of(frames, MprPlane::Coronal).u, {c, s, 0}, "coronal u");
  expectNear(of(frames, MprPlane::Coronal).normal, {-s, c, 0}, "coronal normal");
  expectNear(of(frames, MprPlane::Sagittal).u, {-s, c, 0}, "sagittal u");
  expectNear(of(frames, MprPlane::Sagittal).normal, {c, s, 0}, "sagittal normal");
  expectNear(of(frames, MprPlane::Sagittal).v, {0, 0, -1}, "sagittal v");
  // Still three perpendicular planes with orthonormal axes.
  for (const auto& axes : frames) {
    EXPECT_NEAR(dot(axes.u, axes.v), 0.0, 1e-12);
    EXPECT_NEAR(dot(axes.u, axes.u), 1.0, 1e-12);
    EXPECT_NEAR(std::abs(dot(cross(axes.u, axes.v), axes.normal)), 1.0, 1e-12);
  }
  EXPECT_NEAR(dot(of(frames, MprPlane::Coronal).normal, of(frames, MprPlane::Sagittal).normal), 0.0, 1e-12);
  // In the axial pane the coronal plane's crosshair line now runs 30 degrees clockwise from the
  // horizontal (screen y down).
  auto line = traceDirection(of(frames, MprPlane::Axial), of(frames, MprPlane::Coronal));
  if (line[0] < 0) line = {-line[0], -line[1]};  // a line has no direction
  EXPECT_NEAR(std::abs(std::atan2(line[1], line[0]) * 180 / M_PI), 30.0, 1e-9);
  EXPECT_GT(line[0] * line[1], 0.0) << "down to the right: clockwise";
}

TEST(MprGeometry, TheCursorStaysOnAllThreePlanesAfterRotations) {
  const Vec3 centre{10, -20, 30}, cursor{14.5, -11, 22};
  MprFrames frames = orthogonalFrames();
  rotateCrosshair(frames, MprPlane::Axial, 30);
  rotateCrosshair(frames, MprPlane::Sagittal, -47);
  rotateCrosshair(frames, MprPlane::Coronal, 12.5);
  for (const auto& axes : frames) {
    const Vec3 origin = planeOrigin(centre, axes, cursor);
    EXPECT_NEAR(dot(subtract(cursor, origin), axes.normal), 0.0, 1e-9) << "the cursor lies on the plane";
    EXPECT_NEAR(dot(subtract(origin, centre), axes.u), 0.0, 1e-9) << "the plane's frame stays centred on the volume";
  }
  EXPECT_NEAR(dot(of(frames, MprPlane::Axial).normal, of(frames, MprPlane::Coronal).normal), 0.0, 1e-12);
  EXPECT_NEAR(dot(of(frames, MprPlane::Axial).normal, of(frames, MprPlane::Sagittal).normal), 0.0, 1e-12);
}

TEST(MprGeometry, ScreenAnglesAreClockwiseWithYDown) {
  EXPECT_NEAR(screenAngleDegrees(1, 0, 0, 1), 90.0, 1e-9);
  EXPECT_NEAR(screenAngleDegrees(1, 0, 0, -1), -90.0, 1e-9);
  EXPECT_NEAR(screenAngleDegrees(1, 0, 1, 1), 45.0, 1e-9);
}

}  // namespace
