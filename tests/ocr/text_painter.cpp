#include "text_painter.h"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

namespace ocr_test {
namespace {

using Rows = std::array<const char*, 7>;

// Drawn for these tests; 'X' is a dot of ink.
const std::map<char, Rows>& glyphs() {
  static const std::map<char, Rows> table = {
      {'A', Rows{"..X..", ".X.X.", "X...X", "X...X", "XXXXX", "X...X", "X...X"}},
      {'B', Rows{"XXXX.", "X...X", "X...X", "XXXX.", "X...X", "X...X", "XXXX."}},
      {'C', Rows{".XXX.", "X...X", "X....", "X....", "X....", "X...X", ".XXX."}},
      {'D', Rows{"XXX..", "X..X.", "X...X", "X...X", "X...X", "X..X.", "XXX.."}},
      {'E', Rows{"XXXXX", "X....", "X....", "XXXX.", "X....", "X....", "XXXXX"}},
      {'F', Rows{"XXXXX", "X....", "X....", "XXXX.", "X....", "X....", "X...."}},
      {'G', Rows{".XXX.", "X...X", "X....", "X.XXX", "X...X", "X...X", ".XXXX"}},
      {'H', Rows{"X...X", "X...X", "X...X", "XXXXX", "X...X", "X...X", "X...X"}},
      {'I', Rows{".XXX.", "..X..", "..X..", "..X..", "..X..", "..X..", ".XXX."}},
      {'J', Rows{"..XXX", "...X.", "...X.", "...X.", "...X.", "X..X.", ".XX.."}},
      {'K', Rows{"X...X", "X..X.", "X.X..", "XX...", "X.X..", "X..X.", "X...X"}},
      {'L', Rows{"X....", "X....", "X....", "X....", "X....", "X....", "XXXXX"}},
      {'M', Rows{"X...X", "XX.XX", "X.X.X", "X.X.X", "X...X", "X...X", "X...X"}},
      {'N', Rows{"X...X", "XX..X", "XX..X", "X.X.X", "X..XX", "X..XX", "X...X"}},
      {'O', Rows{".XXX.", "X...X", "X...X", "X...X", "X...X", "X...X", ".XXX."}},
      {'P', Rows{"XXXX.", "X...X", "X...X", "XXXX.", "X....", "X....", "X...."}},
      {'Q', Rows{".XXX.", "X...X", "X...X", "X...X", "X.X.X", "X..X.", ".XX.X"}},
      {'R', Rows{"XXXX.", "X...X", "X...X", "XXXX.", "X.X..", "X..X.", "X...X"}},
      {'S', Rows{".XXXX", "X....", "X....", ".XXX.", "....X", "....X", "XXXX."}},
      {'T', Rows{"XXXXX", "..X..", "..X..", "..X..", "..X..", "..X..", "..X.."}},
      {'U', Rows{"X...X", "X...X", "X...X", "X...X", "X...X", "X...X", ".XXX."}},
      {'V', Rows{"X...X", "X...X", "X...X", "X...X", "X...X", ".X.X.", "..X.."}},
      {'W', Rows{"X...X", "X...X", "X...X", "X.X.X", "X.X.X", "X.X.X", ".X.X."}},
      {'X', Rows{"X...X", "X...X", ".X.X.", "..X..", ".X.X.", "X...X", "X...X"}},
      {'Y', Rows{"X...X", "X...X", ".X.X.", "..X..", "..X..", "..X..", "..X.."}},
      {'Z', Rows{"XXXXX", "....X", "...X.", "..X..", ".X...", "X....", "XXXXX"}},
      {'0', Rows{".XXX.", "X...X", "X...X", "X...X", "X...X", "X...X", ".XXX."}},
      {'1', Rows{"..X..", ".XX..", "..X..", "..X..", "..X..", "..X..", ".XXX."}},
      {'2', Rows{".XXX.", "X...X", "....X", "...X.", "..X..", ".X...", "XXXXX"}},
      {'3', Rows{"XXXXX", "...X.", "..X..", "...X.", "....X", "X...X", ".XXX."}},
      {'4', Rows{"...X.", "..XX.", ".X.X.", "X..X.", "XXXXX", "...X.", "...X."}},
      {'5', Rows{"XXXXX", "X....", "XXXX.", "....X", "....X", "X...X", ".XXX."}},
      {'6', Rows{"..XX.", ".X...", "X....", "XXXX.", "X...X", "X...X", ".XXX."}},
      {'7', Rows{"XXXXX", "....X", "...X.", "..X..", ".X...", ".X...", ".X..."}},
      {'8', Rows{".XXX.", "X...X", "X...X", ".XXX.", "X...X", "X...X", ".XXX."}},
      {'9', Rows{".XXX.", "X...X", "X...X", ".XXXX", "....X", "...X.", ".XX.."}},
      {' ', Rows{".....", ".....", ".....", ".....", ".....", ".....", "....."}},
      {':', Rows{".....", ".XX..", ".XX..", ".....", ".XX..", ".XX..", "....."}},
      {'/', Rows{".....", "....X", "...X.", "..X..", ".X...", "X....", "....."}},
      {'.', Rows{".....", ".....", ".....", ".....", ".....", ".XX..", ".XX.."}},
      {',', Rows{".....", ".....", ".....", ".....", ".XX..", "..X..", ".X..."}},
      {'-', Rows{".....", ".....", ".....", "XXXXX", ".....", ".....", "....."}},
      {'^', Rows{"..X..", ".X.X.", "X...X", ".....", ".....", ".....", "....."}},
      {'#', Rows{".X.X.", ".X.X.", "XXXXX", ".X.X.", "XXXXX", ".X.X.", ".X.X."}},
  };
  return table;
}

}  // namespace

void Canvas::set(int x, int y, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  std::uint8_t* p = &samples[(std::size_t(y) * width + x) * channels];
  p[0] = r;
  if (channels == 3) {
    p[1] = g;
    p[2] = b;
  }
}

TextBounds drawText(Canvas& canvas, int x, int y, const std::string& text, int scale, std::uint8_t r, std::uint8_t g,
                    std::uint8_t b) {
  int min_x = x + static_cast<int>(text.size()) * cellWidth(scale), max_x = x, min_y = y + 7 * scale, max_y = y;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto found = glyphs().find(text[i]);
    if (found == glyphs().end()) throw std::invalid_argument("no glyph for character in test text");
    const int left = x + static_cast<int>(i) * cellWidth(scale);
    for (int row = 0; row < 7; ++row) {
      for (int col = 0; col < 5; ++col) {
        if (found->second[static_cast<std::size_t>(row)][col] != 'X') continue;
        for (int dy = 0; dy < scale; ++dy)
          for (int dx = 0; dx < scale; ++dx) canvas.set(left + col * scale + dx, y + row * scale + dy, r, g, b);
        min_x = std::min(min_x, left + col * scale);
        max_x = std::max(max_x, left + (col + 1) * scale);
        min_y = std::min(min_y, y + row * scale);
        max_y = std::max(max_y, y + (row + 1) * scale);
      }
    }
  }
  if (max_x <= min_x) return {x, y, 0, 0};
  return {min_x, min_y, max_x - min_x, max_y - min_y};
}

TextBounds drawTextSized(Canvas& canvas, int x, int y, const std::string& text, int cap_height, std::uint8_t r,
                         std::uint8_t g, std::uint8_t b, DotStyle style) {
  const double dot = cap_height / 7.0;
  // Dotted: each dot keeps its top-left 60% (at least one pixel), leaving a gap to the next.
  const double ink = style == DotStyle::Dotted ? std::max(1.0, dot * 0.6) : dot;
  int min_x = canvas.width, max_x = -1, min_y = canvas.height, max_y = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto found = glyphs().find(text[i]);
    if (found == glyphs().end()) throw std::invalid_argument("no glyph for character in test text");
    const double left = x + static_cast<double>(i) * 6.0 * dot;
    for (int row = 0; row < 7; ++row)
      for (int col = 0; col < 5; ++col) {
        if (found->second[static_cast<std::size_t>(row)][col] != 'X') continue;
        const int x0 = static_cast<int>(left + col * dot), y0 = static_cast<int>(y + row * dot);
        const int x1 = std::max(x0 + 1, static_cast<int>(left + col * dot + ink));
        const int y1 = std::max(y0 + 1, static_cast<int>(y + row * dot + ink));
        for (int py = y0; py < y1; ++py)
          for (int px = x0; px < x1; ++px) canvas.set(px, py, r, g, b);
        min_x = std::min(min_x, x0), max_x = std::max(max_x, x1), min_y = std::min(min_y, y0), max_y = std::max(max_y, y1);
      }
  }
  if (max_x <= min_x) return {x, y, 0, 0};
  return {min_x, min_y, max_x - min_x, max_y - min_y};
}

}  // namespace ocr_test
