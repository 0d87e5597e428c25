#pragma once
// In-plane measurement geometry in millimetres, for images whose pixels need not be square.
// Points are in image pixel coordinates (column, row); spacing is (column spacing, row spacing),
// i.e. the distance between adjacent columns and between adjacent rows in mm.
#include <optional>

namespace imaging {

struct PixelPoint {
  double column = 0.0;
  double row = 0.0;
};

struct PixelSpacing {
  double column = 1.0;  // mm between the centres of adjacent columns (PixelSpacing[1])
  double row = 1.0;     // mm between the centres of adjacent rows (PixelSpacing[0])
};

// Distance between a and b in mm.
double distanceMm(PixelPoint a, PixelPoint b, PixelSpacing spacing);

// The angle at vertex between the rays to a and to c, in degrees (0..180), measured in mm space.
// Empty when a or c coincides with the vertex.
std::optional<double> angleDegrees(PixelPoint a, PixelPoint vertex, PixelPoint c, PixelSpacing spacing);

}  // namespace imaging
