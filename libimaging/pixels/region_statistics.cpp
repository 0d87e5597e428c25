// Mean, SD, min, max and area of a rectangle or ellipse on one frame (the viewer's region tool).
#include <algorithm>
#include <cmath>

#include "imaging/pixels/measure.h"

namespace imaging {

namespace {

bool inside(const PixelRegion& region, int column, int row) {
  if (region.shape == RegionShape::Rectangle)
    return column >= region.column && column < region.column + region.columns && row >= region.row &&
           row < region.row + region.rows;
  // The box's edges lie half a pixel outside the centres of its first and last pixels.
  const double a = region.columns / 2.0, b = region.rows / 2.0;
  if (a <= 0.0 || b <= 0.0) return false;
  const double dx = (column - (region.column - 0.5 + a)) / a;
  const double dy = (row - (region.row - 0.5 + b)) / b;
  return dx * dx + dy * dy <= 1.0;
}

}  // namespace

RegionStatistics regionStatistics(const float* values, int columns, int rows, const PixelRegion& region, PixelSpacing spacing) {
  RegionStatistics stats;
  if (!values || columns <= 0 || rows <= 0 || !(region.columns > 0.0) || !(region.rows > 0.0)) return stats;
  const int c0 = std::max(0, static_cast<int>(std::floor(region.column)));
  const int r0 = std::max(0, static_cast<int>(std::floor(region.row)));
  const int c1 = std::min(columns - 1, static_cast<int>(std::ceil(region.column + region.columns)));
  const int r1 = std::min(rows - 1, static_cast<int>(std::ceil(region.row + region.rows)));
  // Two passes: the mean first, then the squared deviations (no cancellation on large HU offsets).
  double sum = 0.0;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c) {
      if (!inside(region, c, r)) continue;
      const double v = values[static_cast<std::size_t>(r) * columns + c];
      if (stats.pixels == 0) stats.min = stats.max = v;
      stats.min = std::min(stats.min, v);
      stats.max = std::max(stats.max, v);
      sum += v;
      ++stats.pixels;
    }
  if (stats.pixels == 0) return stats;
  stats.mean = sum / static_cast<double>(stats.pixels);
  double squares = 0.0;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c)
      if (inside(region, c, r)) {
        const double d = values[static_cast<std::size_t>(r) * columns + c] - stats.mean;
        squares += d * d;
      }
  stats.sd = std::sqrt(squares / static_cast<double>(stats.pixels));
  stats.area_mm2 = static_cast<double>(stats.pixels) * spacing.column * spacing.row;
  return stats;
}

}  // namespace imaging
