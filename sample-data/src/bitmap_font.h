#pragma once
// A tiny built-in 5x7 bitmap font, used to burn text into the secondary-capture "request form".
#include <cstdint>
#include <string>
#include <vector>

namespace imaging::sample {

struct GrayImage {
  int rows = 0;
  int columns = 0;
  std::vector<std::uint8_t> pixels;  // row-major
};

// Draws ASCII text (upper-cased; unknown characters become blanks) with its top-left corner at
// (top, left), each font pixel a scale x scale block of value ink.
void drawText(GrayImage& image, int top, int left, const std::string& text, int scale, std::uint8_t ink);

// Width in pixels that drawText uses for text at scale.
int textWidth(const std::string& text, int scale);

// Whether the font dot at (row 0..6, column 0..4) of character c (upper-cased) is ink; false for
// characters the font lacks and dots outside the cell. For drawing the font in other ways.
bool glyphDot(char c, int row, int column);

}  // namespace imaging::sample
