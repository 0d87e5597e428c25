// Comparing gray pictures in viewer tests (one byte per pixel).
#pragma once

#include "imaging/pixels/png.h"

namespace scanshare_test {

// Pearson correlation over the common length of the two pixel arrays; 0 when either is flat.
double correlation(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b);

double standardDeviation(const imaging::Rgb8Image& image);

// Mean of |a - b| over the common length of the two pixel arrays.
double meanAbsoluteDifference(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b);

}  // namespace scanshare_test
