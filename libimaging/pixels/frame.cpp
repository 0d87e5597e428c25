#include "imaging/pixels/frame.h"

#include <algorithm>
#include <cmath>

namespace imaging {

std::pair<float, float> Frame::range() const {
  if (values.empty()) return {0.0f, 0.0f};
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return {*lo, *hi};
}

unsigned char VoiLut::map(float value) const {
  if (entries.empty()) return 0;
  const double position = std::floor(static_cast<double>(value) - first_mapped);
  const std::size_t last = entries.size() - 1;
  const std::size_t index =
      position <= 0 ? 0 : position >= static_cast<double>(last) ? last : static_cast<std::size_t>(position);
  const double top = std::ldexp(1.0, std::clamp(bits, 1, 16)) - 1.0;
  const double scaled = std::min<double>(entries[index], top) / top * 255.0;
  return static_cast<unsigned char>(std::lround(scaled));
}

}  // namespace imaging
