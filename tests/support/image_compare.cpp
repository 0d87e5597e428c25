#include "image_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace scanshare_test {

double correlation(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b) {
  const std::size_t n = std::min(a.pixels.size(), b.pixels.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < n; ++i) ma += a.pixels[i], mb += b.pixels[i];
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = a.pixels[i] - ma, db = b.pixels[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

double standardDeviation(const imaging::Rgb8Image& image) {
  double mean = 0, sq = 0;
  for (auto p : image.pixels) mean += p;
  mean /= static_cast<double>(image.pixels.size());
  for (auto p : image.pixels) sq += (p - mean) * (p - mean);
  return std::sqrt(sq / static_cast<double>(image.pixels.size()));
}

double meanAbsoluteDifference(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b) {
  const std::size_t n = std::min(a.pixels.size(), b.pixels.size());
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) total += std::abs(a.pixels[i] - b.pixels[i]);
  return total / static_cast<double>(n);
}

}  // namespace scanshare_test
