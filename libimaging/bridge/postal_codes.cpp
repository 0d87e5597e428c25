// Postal-code-shaped pieces of an address; the rules are in postal_codes.h.
#include "imaging_bridge/postal_codes.h"

#include <cstddef>

namespace imaging::bridge {
namespace {

constexpr std::size_t kMinToken = 3;  // a lone mixed token: "K7L"; "4B" (a flat) is too short to matter
constexpr std::size_t kMaxPiece = 4;  // each piece of a postal code written in two: "SW1A", "7811"

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isCapital(char c) { return c >= 'A' && c <= 'Z'; }

struct Token {
  std::string text;
  bool ends_part = false;  // a comma, line break or component separator follows it
};

struct Shape {
  bool digits = false, letters = false, capitals_only = true, alphanumeric = true;
};

Shape shapeOf(const std::string& token) {
  Shape s;
  for (char c : token) {
    s.digits |= isDigit(c);
    s.letters |= isLetter(c);
    s.capitals_only &= !isLetter(c) || isCapital(c);
    s.alphanumeric &= isDigit(c) || isLetter(c);
  }
  return s;
}

// "1st", "2nd", "3rd", "4th", "21st", "1er", "2e", "3eme": street and floor ordinals, which are in
// every second address and in much prose.
bool isOrdinal(const std::string& token) {
  std::size_t digits = 0;
  while (digits < token.size() && isDigit(token[digits])) ++digits;
  if (digits == 0 || digits > 3) return false;
  std::string suffix;
  for (std::size_t i = digits; i < token.size(); ++i)
    suffix += static_cast<char>(token[i] >= 'A' && token[i] <= 'Z' ? token[i] - 'A' + 'a' : token[i]);
  for (const char* s : {"st", "nd", "rd", "th", "er", "e", "eme", "re", "o", "a", "ste", "de"})
    if (suffix == s) return true;
  return false;
}

std::vector<Token> tokensOf(const std::string& address) {
  std::vector<Token> tokens;
  std::string current;
  auto flush = [&](bool ends_part) {
    if (!current.empty()) tokens.push_back({current, false});
    current.clear();
    if (ends_part && !tokens.empty()) tokens.back().ends_part = true;
  };
  for (char c : address) {
    if (c == ' ' || c == '\t') flush(false);
    else if (c == ',' || c == ';' || c == '\r' || c == '\n' || c == '\\' || c == '^') flush(true);
    else current += c;
  }
  flush(true);
  return tokens;
}

// Two neighbouring pieces that read as one postal code: "7811 KP", "VLT 1117", "K7L 3N6".
bool isTwoPieceCode(const std::string& a, const std::string& b) {
  if (a.size() > kMaxPiece || b.size() > kMaxPiece) return false;
  const Shape x = shapeOf(a), y = shapeOf(b);
  if (!x.alphanumeric || !y.alphanumeric) return false;
  const bool digits_and_capitals = (x.digits && !x.letters && y.letters && !y.digits && y.capitals_only) ||
                                   (y.digits && !y.letters && x.letters && !x.digits && x.capitals_only);
  const bool both_with_digits = x.digits && y.digits && (x.letters || y.letters);
  return digits_and_capitals || both_with_digits;
}

}  // namespace

std::vector<std::string> postalCodeForms(const std::string& address) {
  std::vector<std::string> forms;
  const std::vector<Token> tokens = tokensOf(address);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i].text;
    const Shape s = shapeOf(t);
    if (s.digits && s.letters && t.size() >= kMinToken && !isOrdinal(t)) forms.push_back(t);
    if (tokens[i].ends_part || i + 1 >= tokens.size()) continue;
    const std::string& next = tokens[i + 1].text;
    if (!isTwoPieceCode(t, next)) continue;
    forms.push_back(t + " " + next);
    forms.push_back(t + next);
  }
  return forms;
}

}  // namespace imaging::bridge
