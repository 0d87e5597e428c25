#pragma once
// UTF-8 decoding and the case folding the vocabulary was built with (Python's str.lower() on
// Latin, Greek and Cyrillic letters; other scripts are left as they are and so never match).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace imaging::text::detail {

struct CodePoints {
  std::vector<char32_t> cp;          // decoded code points (invalid bytes become U+FFFD)
  std::vector<std::size_t> offset;   // byte offset of each; offset[cp.size()] = text size
};
CodePoints decodeUtf8(std::string_view text);

char32_t foldCase(char32_t c);
bool isUpperCase(char32_t c);
bool isLetter(char32_t c);
inline bool isDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool isSpace(char32_t c);

// The folded word without accents on Latin letters (é -> e, ñ -> n; ß, æ, ø stay), as Unicode's
// canonical decomposition would give.
std::string withoutAccents(const std::string& folded_utf8);

void appendUtf8(std::string& out, char32_t c);
// Folded UTF-8 of code points [begin, end).
std::string foldedUtf8(const std::vector<char32_t>& cp, std::size_t begin, std::size_t end);

}  // namespace imaging::text::detail
