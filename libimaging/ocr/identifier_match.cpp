// Matching is deliberately generous: a missed name leaves the hospital, a false alarm only costs a
// look. Exact equality first, then containment (for "MRN:KH4471029"), then OCR's usual confusions
// (O/0, I/L/1, S/5, B/8, Z/2) and one edit for longer values.
#include "identifier_match.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "imaging/ocr/text_detection.h"
#include "imaging/text/free_text.h"

namespace imaging {
namespace ocr_detail {
namespace {

bool isAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool isDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Maps characters OCR easily confuses onto one representative.
std::string foldConfusables(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    switch (c) {
      case 'O': case 'Q': case 'D': c = '0'; break;
      case 'I': case 'L': case '|': case '!': c = '1'; break;
      case 'S': c = '5'; break;
      case 'B': c = '8'; break;
      case 'Z': c = '2'; break;
      case 'G': c = '6'; break;
      default: break;
    }
  }
  return out;
}

// Levenshtein distance, stopping early above limit.
std::size_t editDistance(const std::string& a, const std::string& b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::size_t> previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return previous[m];
}

const std::array<const char*, 12> kMonths{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

void addDateForms(const std::string& yyyymmdd, std::set<std::string>& terms) {
  const std::string y = yyyymmdd.substr(0, 4), m = yyyymmdd.substr(4, 2), d = yyyymmdd.substr(6, 2);
  const int month = std::stoi(m), day = std::stoi(d), year = std::stoi(y);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1800 || year > 2200) return;
  const std::string yy = y.substr(2);
  const std::string mon = kMonths[static_cast<std::size_t>(month - 1)];
  for (const std::string& form :
       {y + m + d, y + "-" + m + "-" + d, y + "/" + m + "/" + d, y + "." + m + "." + d, d + "." + m + "." + y,
        d + "/" + m + "/" + y, m + "/" + d + "/" + y, d + "-" + m + "-" + y, m + "-" + d + "-" + y, d + "-" + mon + "-" + y,
        d + mon + y, d + "." + m + "." + yy, d + "/" + m + "/" + yy, m + "/" + d + "/" + yy, d + m + y})
    terms.insert(form);
}

void addTerm(const std::string& part, std::set<std::string>& terms) {
  const std::string term = normalizeWord(part);
  if (term.size() < 2) return;
  // Short numbers are everywhere on images (scales, depths); they cannot identify anyone alone.
  if (isDigits(term) && term.size() < 4) return;
  terms.insert(term);
}

}  // namespace

std::string normalizeWord(const std::string& word) {
  std::size_t begin = 0, end = word.size();
  auto is_edge_noise = [](char c) {
    return std::ispunct(static_cast<unsigned char>(c)) != 0 || std::isspace(static_cast<unsigned char>(c)) != 0;
  };
  while (begin < end && is_edge_noise(word[begin])) ++begin;
  while (end > begin && is_edge_noise(word[end - 1])) --end;
  return upper(word.substr(begin, end - begin));
}

int alphanumericCount(const std::string& word) {
  int count = 0;
  for (char c : word)
    if (isAsciiAlnum(c) || (static_cast<unsigned char>(c) & 0xC0) == 0xC0) ++count;  // UTF-8 lead bytes: one letter
  return count;
}

}  // namespace ocr_detail

std::vector<std::string> identifyingTerms(const std::vector<std::string>& identifiers) {
  std::set<std::string> terms;
  for (const std::string& value : identifiers) {
    const std::string whole = ocr_detail::normalizeWord(value);
    if (whole.size() == 8 && ocr_detail::isDigits(whole)) ocr_detail::addDateForms(whole, terms);
    // Names and multi-part values: each part on its own, since OCR returns words.
    std::string part;
    auto flush = [&] {
      ocr_detail::addTerm(part, terms);
      // "DOE-SMITH" may be read as one word or as two.
      if (part.find('-') != std::string::npos) {
        std::string piece;
        for (char c : part + "-") {
          if (c == '-') {
            if (piece.size() >= 3) ocr_detail::addTerm(piece, terms);
            piece.clear();
          } else {
            piece += c;
          }
        }
      }
      part.clear();
    };
    for (char c : value) {
      if (c == '^' || c == '=' || c == ',' || c == ' ' || c == '\t') flush();
      else part += c;
    }
    flush();
  }
  return {terms.begin(), terms.end()};
}

WordKind classifyWord(const std::string& word, const std::vector<std::string>& terms) {
  const std::string w = ocr_detail::normalizeWord(word);
  if (w.empty()) return WordKind::Other;
  const std::string folded_word = ocr_detail::foldConfusables(w);
  for (const std::string& term : terms) {
    if (w == term) return WordKind::Identifying;
    // A long piece of a longer value: OCR often splits an ID at a wide gap ("QX77 30152").
    if (w.size() >= 5 && w.size() * 2 >= term.size() &&
        ocr_detail::foldConfusables(term).find(folded_word) != std::string::npos)
      return WordKind::Identifying;
    if (term.size() >= 4 && w.find(term) != std::string::npos) return WordKind::Identifying;
    if (term.size() >= 5) {
      const std::string folded_term = ocr_detail::foldConfusables(term);
      if (folded_word.find(folded_term) != std::string::npos) return WordKind::Identifying;
      // One misread character (or one lost) in a long value; not for dates and numbers, where one
      // digit more or less is another value.
      const bool has_letter = std::any_of(term.begin(), term.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
      if (has_letter && term.size() >= 6 && ocr_detail::editDistance(folded_word, folded_term, 1) <= 1) return WordKind::Identifying;
    }
  }
  // Shapes of identity, whoever's they are (a date, phone, ID number, e-mail): the same rules as
  // the free-text cleaner and verify (imaging/text).
  if (!text::findUnsafeRuns(word, text::TextCheck::Shapes).empty()) return WordKind::Identifying;
  // Orientation letters.
  if (w.size() == 1 && std::string("LRAPHFSI").find(w[0]) != std::string::npos) return WordKind::UsualMark;
  // Scale numbers: up to 4 digits, optional decimals and sign, optional unit.
  std::size_t i = 0;
  if (i < w.size() && (w[i] == '+' || w[i] == '-')) ++i;
  const std::size_t digits_begin = i;
  while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i]))) ++i;
  const std::size_t integer_digits = i - digits_begin;
  if (integer_digits >= 1 && integer_digits <= 4) {
    if (i + 1 < w.size() && (w[i] == '.' || w[i] == ',') && std::isdigit(static_cast<unsigned char>(w[i + 1]))) {
      ++i;
      std::size_t decimals = 0;
      while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i]))) ++i, ++decimals;
      if (decimals > 3) return WordKind::Other;
    }
    static const std::set<std::string> kUnits{"", "CM", "MM", "M", "%", "DB", "HZ", "KHZ", "MHZ", "S", "MS", "X", "FPS"};
    if (kUnits.count(w.substr(i))) return WordKind::UsualMark;
  }
  return WordKind::Other;
}

}  // namespace imaging
