#pragma once
// Drawing the built-in 5x7 font in many looks (any size, thin or bold strokes, slanted, rotated,
// hard-edged or anti-aliased, dot-matrix), keeping which pixels are glyph: the ground truth that
// burned-in text detection is measured against.
#include <cstdint>
#include <string>
#include <vector>

namespace imaging::sample {

struct Rgb {
  std::uint8_t r = 255, g = 255, b = 255;
};

// 8-bit RGB, rows top to bottom, 3 samples per pixel.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;

  RgbImage(int w, int h) : width(w), height(h), rgb(static_cast<std::size_t>(w) * h * 3, 0) {}
  void set(int x, int y, Rgb c);
  Rgb at(int x, int y) const;
};

struct TextLook {
  double cap_height = 14.0;  // pixels
  double weight = 1.0;       // side of each inked font dot, as a share of the dot pitch (0.6 thin, 1.4 bold)
  double slant = 0.0;        // italic: rightward shift of the top, per pixel of height
  double angle = 0.0;        // degrees, counter-clockwise, about the line's top-left corner
  bool smooth = true;        // anti-aliased edges (16 samples per pixel), else hard
  bool dotted = false;       // round separate dots, as dot-matrix character generators draw
  double spacing = 1.0;      // character advance, as a multiple of the font's (6 dots)
};

// Width of the line before rotation.
double textLineWidth(const std::string& text, double cap_height, double spacing = 1.0);

// Draws text with its top-left corner at (x, y), blending ink over what is there. mask (width *
// height bytes) gets 1 where a pixel is at least half covered by ink.
void drawTextLine(RgbImage& image, std::vector<std::uint8_t>& mask, double x, double y, const std::string& text,
                  const TextLook& look, Rgb ink);

}  // namespace imaging::sample
