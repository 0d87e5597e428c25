// More looks for the stroke detector: transposed and halved. The detector itself is unchanged:
// a rotated side label becomes an ordinary line when columns are read as rows, and a 63-pixel
// title becomes a 31-pixel one at half size.
#include "stroke_looks.h"

#include <algorithm>

namespace imaging::ocr_detail {
namespace {

// Lines of the halved look below this height (in its own pixels) were found at full size already.
constexpr int kHugeHalfHeight = 24;
// Huge letters are few to a frame, but a title has some: two rings side by side are no text.
constexpr int kHugeMinPieces = 3;


}  // namespace

Rgb8Image transposed(const Rgb8Image& gray) {
  Rgb8Image out;
  out.width = gray.height;
  out.height = gray.width;
  out.channels = 1;
  out.pixels.resize(gray.pixels.size());
  for (int y = 0; y < gray.height; ++y)
    for (int x = 0; x < gray.width; ++x)
      out.pixels[static_cast<std::size_t>(x) * out.width + y] = gray.pixels[static_cast<std::size_t>(y) * gray.width + x];
  return out;
}

std::vector<unsigned char> transposedMask(const std::vector<unsigned char>& mask, int width, int height) {
  std::vector<unsigned char> out(mask.size());
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      out[static_cast<std::size_t>(x) * height + y] = mask[static_cast<std::size_t>(y) * width + x];
  return out;
}

Rgb8Image halved(const Rgb8Image& gray) {
  Rgb8Image out;
  out.width = gray.width / 2;
  out.height = gray.height / 2;
  out.channels = 1;
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const std::size_t i = static_cast<std::size_t>(2 * y) * gray.width + 2 * x;
      const int sum = gray.pixels[i] + gray.pixels[i + 1] + gray.pixels[i + gray.width] + gray.pixels[i + gray.width + 1];
      out.pixels[static_cast<std::size_t>(y) * out.width + x] = static_cast<unsigned char>((sum + 2) / 4);
    }
  return out;
}

std::vector<unsigned char> halvedMask(const std::vector<unsigned char>& mask, int width, int height) {
  const int w = width / 2, h = height / 2;
  std::vector<unsigned char> out(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const std::size_t i = static_cast<std::size_t>(2 * y) * width + 2 * x;
      out[static_cast<std::size_t>(y) * w + x] = mask[i] | mask[i + 1] | mask[i + width] | mask[i + width + 1];
    }
  return out;
}

std::vector<StrokeLine> linesEveryWay(const Rgb8Image& gray, const std::vector<unsigned char>* ignore,
                                      const StrokeLook& base, const LineFinder& find, bool huge_too) {
  std::vector<StrokeLine> lines;
  if (gray.channels != 1 || gray.width <= 0 || gray.height <= 0) return lines;
  // One look at one scale; scale 2: the halved look, whose boxes are doubled back.
  auto look = [&](const Rgb8Image& image, const std::vector<unsigned char>* absent, bool vertical, int scale) {
    StrokeLook look = base;
    look.sideways = vertical;
    look.capitals = vertical || scale > 1;
    if (scale > 1) look.min_pieces = std::max(look.min_pieces, kHugeMinPieces);
    for (const PixelBox& found : find(image, absent, look)) {
      if (scale > 1 && found.height < kHugeHalfHeight) continue;
      PixelBox box = vertical ? found.transposed() : found;
      box = {box.x * scale, box.y * scale, box.width * scale, box.height * scale};
      lines.push_back({box, vertical});
    }
  };
  const Rgb8Image down = transposed(gray);
  std::vector<unsigned char> down_ignore;
  if (ignore != nullptr) down_ignore = transposedMask(*ignore, gray.width, gray.height);
  look(gray, ignore, false, 1);
  look(down, ignore != nullptr ? &down_ignore : nullptr, true, 1);
  if (huge_too && gray.width >= 2 && gray.height >= 2) {
    const Rgb8Image half = halved(gray);
    std::vector<unsigned char> half_ignore;
    if (ignore != nullptr) half_ignore = halvedMask(*ignore, gray.width, gray.height);
    const std::vector<unsigned char>* half_absent = ignore != nullptr ? &half_ignore : nullptr;
    // Across only: turned and halved, the shapes of anatomy (vessels, a spine, rings) pass for
    // huge letters on most slices of the sample CD, and huge text running down is rare.
    look(half, half_absent, false, 2);
  }
  return lines;
}

}  // namespace imaging::ocr_detail
