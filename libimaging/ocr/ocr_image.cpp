#include "ocr_image.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace imaging::ocr_detail {

Rgb8Image toGray(const Rgb8Image& image) {
  if (image.channels == 1) return image;
  Rgb8Image gray;
  gray.width = image.width;
  gray.height = image.height;
  gray.channels = 1;
  const std::size_t count = static_cast<std::size_t>(image.width) * image.height;
  gray.pixels.resize(count);
  const auto channels = static_cast<std::size_t>(image.channels);
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned char* p = &image.pixels[i * channels];
    // Brightest channel rather than luma: coloured text (yellow, cyan) on dark stays bright.
    gray.pixels[i] = std::max({p[0], p[1], p[2]});
  }
  return gray;
}

double meanValue(const Rgb8Image& gray) {
  if (gray.pixels.empty()) return 0.0;
  double sum = 0.0;
  for (unsigned char v : gray.pixels) sum += v;
  return sum / static_cast<double>(gray.pixels.size());
}

void invert(Rgb8Image& gray) {
  for (unsigned char& v : gray.pixels) v = static_cast<unsigned char>(255 - v);
}

void stretch(Rgb8Image& gray) {
  if (gray.pixels.empty()) return;
  const auto [low, high] = std::minmax_element(gray.pixels.begin(), gray.pixels.end());
  const int lo = *low, hi = *high;
  if (hi <= lo) return;
  for (unsigned char& v : gray.pixels) v = static_cast<unsigned char>(std::lround((v - lo) * 255.0 / (hi - lo)));
}

Rgb8Image withMargin(const Rgb8Image& gray, int margin) {
  // The most common value along the border is the ground the text stands on.
  std::array<std::size_t, 256> border{};
  for (int x = 0; x < gray.width; ++x) {
    ++border[gray.pixels[static_cast<std::size_t>(x)]];
    ++border[gray.pixels[static_cast<std::size_t>(gray.height - 1) * gray.width + x]];
  }
  for (int y = 0; y < gray.height; ++y) {
    ++border[gray.pixels[static_cast<std::size_t>(y) * gray.width]];
    ++border[gray.pixels[static_cast<std::size_t>(y) * gray.width + gray.width - 1]];
  }
  const auto ground = static_cast<unsigned char>(std::max_element(border.begin(), border.end()) - border.begin());
  Rgb8Image out;
  out.width = gray.width + 2 * margin;
  out.height = gray.height + 2 * margin;
  out.channels = 1;
  out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, ground);
  for (int y = 0; y < gray.height; ++y)
    std::copy_n(&gray.pixels[static_cast<std::size_t>(y) * gray.width], gray.width,
                &out.pixels[static_cast<std::size_t>(y + margin) * out.width + margin]);
  return out;
}

bool looksLikePlainText(const Rgb8Image& gray, const PixelBox& box) {
  std::array<std::size_t, 32> bins{};
  std::size_t total = 0;
  for (int y = box.y; y < box.y + box.height; ++y)
    for (int x = box.x; x < box.x + box.width; ++x, ++total)
      ++bins[gray.pixels[static_cast<std::size_t>(y) * gray.width + x] / 8];
  if (total == 0) return false;
  auto around = [&](std::size_t i) {
    return bins[i] + (i > 0 ? bins[i - 1] : 0) + (i + 1 < bins.size() ? bins[i + 1] : 0);
  };
  const std::size_t first = static_cast<std::size_t>(std::max_element(bins.begin(), bins.end()) - bins.begin());
  std::size_t second = first;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const bool apart = (i > first ? i - first : first - i) > 2;
    if (apart && (second == first || bins[i] > bins[second])) second = i;
  }
  if (second == first) return false;
  const double ground = static_cast<double>(around(first)) / static_cast<double>(total);
  const double ink = static_cast<double>(around(second)) / static_cast<double>(total);
  return ink >= 0.10 && ground + ink >= 0.72;
}

int upscaleFactor(int requested, int width, int height) {
  if (requested > 0) return std::clamp(requested, 1, 4);
  const int longest = std::max(width, height);
  if (longest <= 600) return 3;
  if (longest <= 1200) return 2;
  return 1;
}

}  // namespace imaging::ocr_detail
