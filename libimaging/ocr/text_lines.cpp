// Detect, then decide: a line is kept only when recognition shows it is clearly harmless; any
// doubt (a word of another kind, a part of the line no word covers) blacks it out whole.
#include "text_lines.h"

#include <algorithm>
#include <cctype>
#include <regex>


namespace imaging::ocr_detail {
namespace {

bool sameLine(const PixelBox& a, const PixelBox& b) {
  const int overlap = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  if (overlap * 2 < std::min(a.height, b.height)) return false;
  const int gap = std::max(a.x, b.x) - std::min(a.x + a.width, b.x + b.width);
  return gap <= std::max(a.height, b.height);
}

PixelBox unite(const PixelBox& a, const PixelBox& b) {
  const int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  const int x1 = std::max(a.x + a.width, b.x + b.width), y1 = std::max(a.y + a.height, b.y + b.height);
  return {x0, y0, x1 - x0, y1 - y0};
}

bool centreInside(const PixelBox& word, const PixelBox& line) {
  const int cx = word.x + word.width / 2, cy = word.y + word.height / 2;
  return cx >= line.x && cx < line.x + line.width && cy >= line.y && cy < line.y + line.height;
}

// Columns of the line covered by the words' boxes, as a share of its width.
double coverage(const PixelBox& line, const std::vector<const RecognizedWord*>& words) {
  if (line.width <= 0) return 0.0;
  std::vector<unsigned char> covered(static_cast<std::size_t>(line.width), 0);
  for (const RecognizedWord* word : words)
    for (int x = std::max(line.x, word->box.x); x < std::min(line.x + line.width, word->box.x + word->box.width); ++x)
      covered[static_cast<std::size_t>(x - line.x)] = 1;
  return static_cast<double>(std::count(covered.begin(), covered.end(), 1)) / line.width;
}

}  // namespace

bool harmlessWord(const RecognizedWord& word) {
  if (word.kind == WordKind::Identifying) return false;
  // A box far wider than its characters ("a" over a whole paragraph) is a misreading of
  // something else, not a mark.
  if (word.box.width * 5 > static_cast<int>(word.text.size()) * std::max(1, word.box.height) * 6 + 10) return false;
  // Judged on the text as read, punctuation included: "27." "09." "1981" are the pieces of a
  // date, not three scale marks; scales have at most 3 digits before an optional decimal.
  std::string w;
  for (char c : word.text) w.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  // Quotes and a degree sign that OCR adds around short marks ("15°", "“L12-5").
  for (const std::string junk : {"\u201C", "\u201D", "\u2018", "\u2019", "\u00B0", "\"", "'", "`"})
    for (std::size_t at; (at = w.find(junk)) != std::string::npos;) w.erase(at, junk.size());
  static const std::regex orientation("^[LRAPHFSI]$");
  static const std::regex scale("^[-+]?[0-9]{1,3}([.][0-9]{1,2})? ?(CM|MM|DB|HZ|KHZ|MHZ|FPS|%)?$");
  static const std::regex probe("^[A-Z]{1,3}[0-9]{1,2}(-[0-9]{1,2})?$");
  static const std::regex unit("^(CM|MM|DB|HZ|KHZ|MHZ|FPS)$");
  return std::regex_match(w, orientation) || std::regex_match(w, scale) || std::regex_match(w, probe) ||
         std::regex_match(w, unit);
}

namespace {

// Lines of one direction decided (vertical ones given transposed, with no words: never read).
std::vector<TextLine> decideAcross(const std::vector<TextLine>& candidates, const std::vector<RecognizedWord>& words) {
  std::vector<TextLine> lines;
  for (const TextLine& candidate : candidates) {
    if (candidate.box.empty()) continue;
    TextLine merged = candidate;
    // Absorb every line already kept that lies on the same line, until none does.
    for (bool grew = true; grew;) {
      grew = false;
      for (auto it = lines.begin(); it != lines.end(); ++it)
        if (sameLine(it->box, merged.box)) {
          merged.box = unite(merged.box, it->box);
          merged.from_layout = merged.from_layout || it->from_layout;
          merged.from_strokes = merged.from_strokes || it->from_strokes;
          lines.erase(it);
          grew = true;
          break;
        }
    }
    lines.push_back(merged);
  }
  for (TextLine& line : lines) {
    std::vector<const RecognizedWord*> inside;
    for (const RecognizedWord& word : words)
      if (word.frame_index == line.frame_index && centreInside(word.box, line.box)) inside.push_back(&word);
    // Read in full (allowing for the gaps between words; a mark of one or two characters may be
    // read as one) and nothing but harmless marks.
    line.harmless = !inside.empty() &&
                    std::all_of(inside.begin(), inside.end(), [](const RecognizedWord* w) { return harmlessWord(*w); }) &&
                    coverage(line.box, inside) >= (line.box.width <= 2 * line.box.height ? 0.4 : 0.6);
  }
  // Lines to black out that lie on one row with a short gap between them are one line whose
  // middle the detectors missed (text the colour of the speckle it is drawn on): one box.
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < lines.size() && !grew; ++i)
      for (std::size_t j = i + 1; j < lines.size() && !grew; ++j) {
        const PixelBox &a = lines[i].box, &b = lines[j].box;
        if (lines[i].harmless || lines[j].harmless) continue;
        const int overlap = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
        const int gap = std::max(a.x, b.x) - std::min(a.x + a.width, b.x + b.width);
        if (overlap * 2 < std::min(a.height, b.height) || gap > 3 * std::max(a.height, b.height)) continue;
        lines[i].box = unite(a, b);
        lines[i].from_layout = lines[i].from_layout || lines[j].from_layout;
        lines[i].from_strokes = lines[i].from_strokes || lines[j].from_strokes;
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(j));
        grew = true;
      }
  }
  return lines;
}


}  // namespace

std::vector<TextLine> withoutColumnsOfRows(std::vector<TextLine> lines) {
  std::vector<PixelBox> across;
  for (const TextLine& line : lines)
    if (!line.vertical) across.push_back(line.box);
  if (across.empty()) return lines;
  lines.erase(std::remove_if(lines.begin(), lines.end(),
                             [&](const TextLine& line) {
                               if (!line.vertical || line.box.empty()) return false;
                               const PixelBox& b = line.box;
                               long covered = 0;
                               for (int y = b.y; y < b.y + b.height; ++y)
                                 for (int x = b.x; x < b.x + b.width; ++x)
                                   covered += std::any_of(across.begin(), across.end(), [&](const PixelBox& a) {
                                     return x >= a.x && x < a.x + a.width && y >= a.y && y < a.y + a.height;
                                   });
                               return covered * 2 >= static_cast<long>(b.width) * b.height;
                             }),
              lines.end());
  return lines;
}

std::vector<TextLine> decideLines(const std::vector<TextLine>& candidates, const std::vector<RecognizedWord>& words) {
  std::vector<TextLine> across, down;
  for (const TextLine& candidate : withoutColumnsOfRows(candidates)) {
    if (!candidate.vertical) {
      across.push_back(candidate);
      continue;
    }
    TextLine turned = candidate;
    turned.box = candidate.box.transposed();
    down.push_back(turned);
  }
  std::vector<TextLine> lines = decideAcross(across, words);
  // Text running down the frame is not read (OCR reads across): such a line is never shown
  // harmless and is blacked out whole.
  for (TextLine line : decideAcross(down, {})) {
    line.box = line.box.transposed();
    line.harmless = false;
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end(), [](const TextLine& a, const TextLine& b) {
    return a.box.y != b.box.y ? a.box.y < b.box.y : a.box.x < b.box.x;
  });
  return lines;
}

}  // namespace imaging::ocr_detail
