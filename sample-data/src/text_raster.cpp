#include "text_raster.h"

#include <algorithm>
#include <cmath>

#include "bitmap_font.h"

namespace imaging::sample {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Whether the point (u along the line, v down from the top; in pixels) is ink.
bool inked(const std::string& text, const TextLook& look, double u, double v) {
  const double pitch = look.cap_height / 7.0, advance = 6.0 * pitch * look.spacing;
  u -= look.slant * (look.cap_height - v);
  if (u < -pitch) return false;
  const int character = static_cast<int>(std::floor(u / advance));
  const int row = static_cast<int>(std::floor(v / pitch));
  // The dots whose ink may reach the point: the cell's own and its neighbours (bold dots overlap),
  // in this character and the ones either side.
  for (int k = character - 1; k <= character + 1; ++k) {
    if (k < 0 || k >= static_cast<int>(text.size())) continue;
    const double left = k * advance;
    const int col = static_cast<int>(std::floor((u - left) / pitch));
    for (int r = row - 1; r <= row + 1; ++r)
      for (int dot = std::max(0, col - 1); dot <= std::min(4, col + 1); ++dot) {
        if (r < 0 || r >= 7) continue;
        if (!glyphDot(text[static_cast<std::size_t>(k)], r, dot)) continue;
        const double cu = left + (dot + 0.5) * pitch, cv = (r + 0.5) * pitch;
        if (look.dotted) {
          const double radius = 0.36 * pitch;
          if ((u - cu) * (u - cu) + (v - cv) * (v - cv) <= radius * radius) return true;
        } else {
          const double half = 0.5 * look.weight * pitch;
          if (std::abs(u - cu) <= half && std::abs(v - cv) <= half) return true;
        }
      }
  }
  return false;
}

}  // namespace

void RgbImage::set(int x, int y, Rgb c) {
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  std::uint8_t* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
  p[0] = c.r, p[1] = c.g, p[2] = c.b;
}

Rgb RgbImage::at(int x, int y) const {
  const std::uint8_t* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
  return {p[0], p[1], p[2]};
}

double textLineWidth(const std::string& text, double cap_height, double spacing) {
  return cap_height / 7.0 * (6.0 * spacing * static_cast<double>(text.size()) - 1.0);
}

void drawTextLine(RgbImage& image, std::vector<std::uint8_t>& mask, double x, double y, const std::string& text,
                  const TextLook& look, Rgb ink) {
  const double a = look.angle * kPi / 180.0, ca = std::cos(a), sa = std::sin(a);
  const double w = textLineWidth(text, look.cap_height, look.spacing) + look.slant * look.cap_height + look.cap_height;
  const double h = look.cap_height * 1.3;
  // The rotated rectangle's bounds in the image.
  double x0 = x, x1 = x, y0 = y, y1 = y;
  for (const auto& [u, v] : {std::pair<double, double>{0, 0}, {w, 0}, {0, h}, {w, h}}) {
    const double px = x + u * ca + v * sa, py = y - u * sa + v * ca;
    x0 = std::min(x0, px), x1 = std::max(x1, px), y0 = std::min(y0, py), y1 = std::max(y1, py);
  }
  const int samples = look.smooth ? 4 : 1;
  for (int py = std::max(0, static_cast<int>(y0) - 2); py <= std::min(image.height - 1, static_cast<int>(y1) + 2); ++py)
    for (int px = std::max(0, static_cast<int>(x0) - 2); px <= std::min(image.width - 1, static_cast<int>(x1) + 2); ++px) {
      int covered = 0;
      for (int sy = 0; sy < samples; ++sy)
        for (int sx = 0; sx < samples; ++sx) {
          const double dx = px + (sx + 0.5) / samples - x, dy = py + (sy + 0.5) / samples - y;
          const double u = dx * ca - dy * sa, v = dx * sa + dy * ca;
          if (inked(text, look, u, v)) ++covered;
        }
      if (covered == 0) continue;
      const double alpha = static_cast<double>(covered) / (samples * samples);
      const Rgb under = image.at(px, py);
      auto mix = [alpha](std::uint8_t g, std::uint8_t i) {
        return static_cast<std::uint8_t>(std::lround(g * (1.0 - alpha) + i * alpha));
      };
      image.set(px, py, {mix(under.r, ink.r), mix(under.g, ink.g), mix(under.b, ink.b)});
      if (alpha >= 0.5) mask[static_cast<std::size_t>(py) * image.width + px] = 1;
    }
}

}  // namespace imaging::sample
