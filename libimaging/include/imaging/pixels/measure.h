#pragma once
// In-plane measurement geometry in millimetres, for images whose pixels need not be square.
// Points are in image pixel coordinates (column, row); spacing is (column spacing, row spacing),
// i.e. the distance between adjacent columns and between adjacent rows in mm.
#include <cstddef>
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

// A region of one frame: a rectangle, or the ellipse inscribed in it. The box starts at image pixel
// (column, row) and is `columns` x `rows` pixels wide, so a 3 x 2 rectangle at (1, 1) holds
// columns 1..3 and rows 1..2. A pixel belongs to the region when its centre lies inside the shape.
enum class RegionShape { Rectangle, Ellipse };
struct PixelRegion {
  RegionShape shape = RegionShape::Rectangle;
  double column = 0.0, row = 0.0;
  double columns = 0.0, rows = 0.0;
};

// Statistics of the values inside a region. sd is the population standard deviation (divided by
// the pixel count); area_mm2 is the pixel count times the area of one pixel. All zero (pixels = 0)
// when the region holds no pixel of the frame.
struct RegionStatistics {
  std::size_t pixels = 0;
  double mean = 0.0, sd = 0.0, min = 0.0, max = 0.0;
  double area_mm2 = 0.0;
};

// `values` is one frame of a single-sample image, `columns` x `rows`, row by row, after the
// modality LUT (so Hounsfield units for CT); the part of the region outside the frame is left out.
RegionStatistics regionStatistics(const float* values, int columns, int rows, const PixelRegion& region, PixelSpacing spacing);

}  // namespace imaging
