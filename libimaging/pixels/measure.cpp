#include "imaging/pixels/measure.h"

#include <algorithm>
#include <cmath>

namespace imaging {

double distanceMm(PixelPoint a, PixelPoint b, PixelSpacing spacing) {
  return std::hypot((b.column - a.column) * spacing.column, (b.row - a.row) * spacing.row);
}

std::optional<double> angleDegrees(PixelPoint a, PixelPoint vertex, PixelPoint c, PixelSpacing spacing) {
  // Both rays in mm first: with non-square pixels the angle in pixel units would be wrong.
  const double ax = (a.column - vertex.column) * spacing.column, ay = (a.row - vertex.row) * spacing.row;
  const double cx = (c.column - vertex.column) * spacing.column, cy = (c.row - vertex.row) * spacing.row;
  if (std::hypot(ax, ay) <= 0.0 || std::hypot(cx, cy) <= 0.0) return std::nullopt;
  // atan2 of cross and dot stays accurate near 0 and 180 degrees, where acos does not.
  const double radians = std::atan2(std::abs(ax * cy - ay * cx), ax * cx + ay * cy);
  return radians * 180.0 / std::acos(-1.0);
}

}  // namespace imaging
