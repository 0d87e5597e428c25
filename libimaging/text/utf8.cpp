#include "utf8.h"

namespace imaging::text::detail {

CodePoints decodeUtf8(std::string_view text) {
  CodePoints d;
  d.cp.reserve(text.size());
  d.offset.reserve(text.size() + 1);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t c = b;
    if (b >= 0xC2 && b < 0xE0) { length = 2; c = b & 0x1F; }
    else if (b >= 0xE0 && b < 0xF0) { length = 3; c = b & 0x0F; }
    else if (b >= 0xF0 && b < 0xF5) { length = 4; c = b & 0x07; }
    else if (b >= 0x80) { length = 0; }
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto cont = static_cast<unsigned char>(text[i + k]);
      if ((cont & 0xC0) != 0x80) valid = false;
      else c = (c << 6) | (cont & 0x3F);
    }
    if (!valid) { length = 1; c = 0xFFFD; }
    d.cp.push_back(c);
    d.offset.push_back(i);
    i += length;
  }
  d.offset.push_back(text.size());
  return d;
}

char32_t foldCase(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if (c <= 0xDE) return c == 0xD7 ? c : c + 32;
  if (c >= 0x100 && c <= 0x137) return c | 1u;
  if (c >= 0x139 && c <= 0x148) return (c % 2 == 1) ? c + 1 : c;
  if (c >= 0x14A && c <= 0x177) return c | 1u;
  if (c == 0x178) return 0xFF;
  if (c == 0x179 || c == 0x17B || c == 0x17D) return c + 1;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x386 && c <= 0x38F) {
    switch (c) {
      case 0x386: return 0x3AC; case 0x388: return 0x3AD; case 0x389: return 0x3AE; case 0x38A: return 0x3AF;
      case 0x38C: return 0x3CC; case 0x38E: return 0x3CD; case 0x38F: return 0x3CE; default: return c;
    }
  }
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

bool isUpperCase(char32_t c) { return foldCase(c) != c; }

bool isLetter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows, box drawing
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xFF00 && c <= 0xFF0F) return false;  // full-width punctuation
  if (c == 0xFFFD || c == 0xFEFF) return false;
  return true;  // any other script counts as letters: unknown to the vocabulary, so never kept by accident
}

bool isSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000;
}

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string foldedUtf8(const std::vector<char32_t>& cp, std::size_t begin, std::size_t end) {
  std::string out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) appendUtf8(out, foldCase(cp[i]));
  return out;
}

namespace {

char32_t baseLetter(char32_t c) {
  // Lower-case Latin-1 Supplement (U+00E0..U+00FF) and Latin Extended-A (U+0100..U+017F).
  static const char latin1[] = "aaaaaa_ceeeeiiii_nooooo__uuuuy_y";  // _ = no decomposition
  static const char extended_a[] = "aaaaaaccccccccdd__eeeeeeeeeegggggggghh__iiiiiiiii___jjkk_llllll____nnnnnn___oooooo__rrrrrrsssssssstttt__uuuuuuuuuuuuwwyyyzzzzzz_";
  if (c >= 0xE0 && c <= 0xFF) {
    const char b = latin1[c - 0xE0];
    return b == '_' ? c : static_cast<char32_t>(b);
  }
  if (c >= 0x100 && c <= 0x17F) {
    const char b = extended_a[c - 0x100];
    return b == '_' ? c : static_cast<char32_t>(b);
  }
  return c;
}

}  // namespace

std::string withoutAccents(const std::string& folded_utf8) {
  bool any = false;
  for (char ch : folded_utf8) any |= static_cast<unsigned char>(ch) >= 0x80;
  if (!any) return folded_utf8;
  const CodePoints d = decodeUtf8(folded_utf8);
  std::string out;
  out.reserve(folded_utf8.size());
  for (char32_t c : d.cp) appendUtf8(out, baseLetter(c));
  return out;
}

}  // namespace imaging::text::detail
