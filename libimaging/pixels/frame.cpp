#include "imaging/pixels/frame.h"

#include <algorithm>

namespace imaging {

std::pair<float, float> Frame::range() const {
  if (values.empty()) return {0.0f, 0.0f};
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return {*lo, *hi};
}

}  // namespace imaging
