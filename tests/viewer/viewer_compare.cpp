#include "viewer_compare.h"

#include <algorithm>
#include <cmath>
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

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
  ma /= a.size(), mb /= b.size();
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) * (a[i] - ma);
    bb += (b[i] - mb) * (b[i] - mb);
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

}  // namespace viewer_test
