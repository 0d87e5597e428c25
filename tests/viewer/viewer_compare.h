// Comparing viewer screenshots: pixels that differ by more than antialiasing explains, and the
// grey levels of a region.
#pragma once

#include <vector>

#include "imaging/pixels/png.h"

namespace viewer_test {

// Pixels whose largest channel difference exceeds 40 grey levels; differing = total = 1 when the
// pictures differ in size.
struct Difference {
  long long differing = 0;
  long long total = 0;
};
Difference compare(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b);

// Grey level (mean of the channels) of the pixel at column x, row y.
int grey(const imaging::Rgb8Image& image, int x, int y);

// Pearson correlation of two equally long samples (grey levels at matching points); 0 when either
// is constant.
double correlation(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace viewer_test
