#include "mpr_geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>

PlaneAxes planeAxes(MprPlane plane) {
  switch (plane) {
    case MprPlane::Axial: return {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    case MprPlane::Coronal: return {{1, 0, 0}, {0, 0, -1}, {0, 1, 0}};
    case MprPlane::Sagittal: return {{0, 1, 0}, {0, 0, -1}, {1, 0, 0}};
  }
  return {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
}

Vec3 add(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
Vec3 subtract(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 scaled(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

Vec3 rotatedAbout(const Vec3& v, const Vec3& axis, double degrees) {
  // Rodrigues: v cos + (k x v) sin + k (k . v)(1 - cos).
  const double radians = degrees * M_PI / 180.0, c = std::cos(radians), s = std::sin(radians);
  return add(add(scaled(v, c), scaled(cross(axis, v), s)), scaled(axis, dot(axis, v) * (1.0 - c)));
}

MprFrames orthogonalFrames() { return {planeAxes(MprPlane::Axial), planeAxes(MprPlane::Coronal), planeAxes(MprPlane::Sagittal)}; }

void rotateCrosshair(MprFrames& frames, MprPlane pane, double degrees) {
  const PlaneAxes& self = frames[static_cast<std::size_t>(pane)];
  // u x v, not the stored normal: the sagittal's normal points the other way (left), and the sense
  // of turning must be the one seen on the screen in every pane.
  const Vec3 axis = cross(self.u, self.v);
  for (std::size_t k = 0; k < frames.size(); ++k) {
    if (k == static_cast<std::size_t>(pane)) continue;
    PlaneAxes& other = frames[k];
    other = {rotatedAbout(other.u, axis, degrees), rotatedAbout(other.v, axis, degrees), rotatedAbout(other.normal, axis, degrees)};
  }
}

bool isOrthogonal(const MprFrames& frames, double tolerance) {
  const MprFrames reference = orthogonalFrames();
  for (std::size_t k = 0; k < frames.size(); ++k)
    for (const auto& [now, then] : {std::pair{frames[k].u, reference[k].u}, std::pair{frames[k].v, reference[k].v},
                                    std::pair{frames[k].normal, reference[k].normal}})
      for (std::size_t i = 0; i < 3; ++i)
        if (std::abs(now[i] - then[i]) > tolerance) return false;
  return true;
}

Vec3 planeOrigin(const Vec3& centre, const PlaneAxes& axes, const Vec3& cursor) {
  return add(centre, scaled(axes.normal, dot(subtract(cursor, centre), axes.normal)));
}

std::array<double, 2> traceDirection(const PlaneAxes& pane, const PlaneAxes& other) {
  // The line lies in both planes: along the cross product of their normals.
  const Vec3 along = cross(pane.normal, other.normal);
  const double a = dot(along, pane.u), b = dot(along, pane.v), length = std::hypot(a, b);
  if (length < 1e-9) return {0.0, 0.0};
  return {a / length, b / length};
}

double screenAngleDegrees(double ax, double ay, double bx, double by) {
  return std::atan2(ax * by - ay * bx, ax * bx + ay * by) * 180.0 / M_PI;
}

namespace {
Vec3 axis(const imaging::Volume& volume, int k) {
  const auto& d = volume.direction;
  const auto i = static_cast<std::size_t>(3 * k);
  return {d[i], d[i + 1], d[i + 2]};
}
}  // namespace

Vec3 voxelToPatient(const imaging::Volume& volume, const Vec3& index) {
  Vec3 p = volume.origin;
  for (int k = 0; k < 3; ++k) p = add(p, scaled(axis(volume, k), index[static_cast<std::size_t>(k)] * volume.spacing[static_cast<std::size_t>(k)]));
  return p;
}

Vec3 patientToImageSpace(const imaging::Volume& volume, const Vec3& point) {
  // The axes are orthonormal, so the inverse of the direction matrix is its transpose.
  const Vec3 d = subtract(point, volume.origin);
  return {dot(d, axis(volume, 0)), dot(d, axis(volume, 1)), dot(d, axis(volume, 2))};
}

Vec3 directionToImageSpace(const imaging::Volume& volume, const Vec3& direction) {
  return {dot(direction, axis(volume, 0)), dot(direction, axis(volume, 1)), dot(direction, axis(volume, 2))};
}

Vec3 patientToVoxel(const imaging::Volume& volume, const Vec3& point) {
  const Vec3 mm = patientToImageSpace(volume, point);
  return {mm[0] / volume.spacing[0], mm[1] / volume.spacing[1], mm[2] / volume.spacing[2]};
}

Vec3 volumeCentre(const imaging::Volume& volume) {
  return voxelToPatient(volume, {(volume.dimensions[0] - 1) / 2.0, (volume.dimensions[1] - 1) / 2.0, (volume.dimensions[2] - 1) / 2.0});
}

std::array<double, 4> planeBounds(const imaging::Volume& volume, MprPlane plane) { return planeBounds(volume, planeAxes(plane)); }

std::array<double, 4> planeBounds(const imaging::Volume& volume, const PlaneAxes& axes) {
  const Vec3 centre = volumeCentre(volume);
  std::array<double, 4> bounds{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                               std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
  for (int corner = 0; corner < 8; ++corner) {
    const Vec3 index{corner & 1 ? volume.dimensions[0] - 1.0 : 0.0, corner & 2 ? volume.dimensions[1] - 1.0 : 0.0,
                     corner & 4 ? volume.dimensions[2] - 1.0 : 0.0};
    const Vec3 offset = subtract(voxelToPatient(volume, index), centre);
    const double a = dot(offset, axes.u), b = dot(offset, axes.v);
    bounds[0] = std::min(bounds[0], a);
    bounds[1] = std::max(bounds[1], a);
    bounds[2] = std::min(bounds[2], b);
    bounds[3] = std::max(bounds[3], b);
  }
  return bounds;
}

Vec3 clampToVolume(const imaging::Volume& volume, const Vec3& point) {
  Vec3 index = patientToVoxel(volume, point);
  for (std::size_t k = 0; k < 3; ++k) index[k] = std::clamp(index[k], 0.0, volume.dimensions[k] - 1.0);
  return voxelToPatient(volume, index);
}
