#include "slice_geometry.h"

#include <algorithm>
#include <cmath>

std::string orientationLetters(const std::array<double, 3>& direction) {
  // DICOM patient coordinates: +x towards the patient's left, +y posterior, +z head.
  const char positive[3] = {'L', 'P', 'H'};
  const char negative[3] = {'R', 'A', 'F'};
  std::array<int, 3> axes{0, 1, 2};
  std::sort(axes.begin(), axes.end(),
            [&](int a, int b) { return std::abs(direction[static_cast<std::size_t>(a)]) > std::abs(direction[static_cast<std::size_t>(b)]); });
  std::string letters;
  for (int axis : axes) {
    const double v = direction[static_cast<std::size_t>(axis)];
    if (std::abs(v) < 0.3) continue;
    letters += v > 0 ? positive[axis] : negative[axis];
  }
  return letters;
}

double niceScaleLength(double max_mm) {
  if (!(max_mm > 0)) return 0.0;
  double step = std::pow(10.0, std::floor(std::log10(max_mm)));
  for (double factor : {5.0, 2.0, 1.0})
    if (step * factor <= max_mm) return step * factor;
  return step;
}
