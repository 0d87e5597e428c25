#include "viewer_compare.h"

#include <algorithm>
#include <cstdlib>

namespace viewer_test {

Difference compare(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b) {
  Difference d;
  if (a.width != b.width || a.height != b.height || a.channels != b.channels) return {1, 1};
  d.total = static_cast<long long>(a.width) * a.height;
  for (long long i = 0; i < d.total; ++i) {
    int worst = 0;
    for (int c = 0; c < a.channels; ++c)
      worst = std::max(worst, std::abs(a.pixels[i * a.channels + c] - b.pixels[i * b.channels + c]));
    if (worst > 40) ++d.differing;
  }
  return d;
}

int grey(const imaging::Rgb8Image& image, int x, int y) {
  const auto at = (static_cast<std::size_t>(y) * image.width + x) * image.channels;
  int sum = 0;
  for (int c = 0; c < image.channels; ++c) sum += image.pixels[at + c];
  return sum / image.channels;
}

}  // namespace viewer_test
