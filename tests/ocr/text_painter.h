#pragma once
// Text drawn into test images with a small 5x7 bitmap font made for these tests (the shapes of
// the character generators in ultrasound and scanner consoles), each font dot a scale x scale block.
#include <cstdint>
#include <string>
#include <vector>

namespace ocr_test {

// A canvas of 8-bit samples (channels 1 or 3, interleaved), rows top to bottom.
struct Canvas {
  int width = 0;
  int height = 0;
  int channels = 1;
  std::vector<std::uint8_t> samples;

  Canvas(int w, int h, int c, std::uint8_t fill) : width(w), height(h), channels(c), samples(std::size_t(w) * h * c, fill) {}
  void set(int x, int y, std::uint8_t r, std::uint8_t g, std::uint8_t b);
  void set(int x, int y, std::uint8_t v) { set(x, y, v, v, v); }
};

struct TextBounds {
  int x = 0, y = 0, width = 0, height = 0;
};

// Draws text (A-Z, 0-9, space and : / . , - ^ # ) with its top-left corner at (x, y); returns the
// rectangle covered by ink. Unknown characters throw std::invalid_argument.
TextBounds drawText(Canvas& canvas, int x, int y, const std::string& text, int scale, std::uint8_t r, std::uint8_t g,
                    std::uint8_t b);
inline TextBounds drawText(Canvas& canvas, int x, int y, const std::string& text, int scale, std::uint8_t ink) {
  return drawText(canvas, x, y, text, scale, ink, ink, ink);
}

// How the dots of a glyph are laid: touching (ordinary console text) or as separate dots with a
// gap between them (dot-matrix character generators; OCR misreads or skips such text).
enum class DotStyle { Solid, Dotted };

// The same font at any capital height from 7 pixels (e.g. 11 or 30: each dot about height/7
// pixels); characters advance by 6/7 of the height.
TextBounds drawTextSized(Canvas& canvas, int x, int y, const std::string& text, int cap_height, std::uint8_t r,
                         std::uint8_t g, std::uint8_t b, DotStyle style = DotStyle::Solid);

// Advance of one character cell at scale (5 dots and 1 dot of spacing).
inline int cellWidth(int scale) { return 6 * scale; }

}  // namespace ocr_test
