#include "verify_identifiers.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "imaging/core/letter_fold.h"
#include "imaging/text/free_text.h"

namespace imaging::workflow {
namespace {

constexpr std::size_t kAnywhere = 6;  // characters from which an identifier counts anywhere
constexpr std::size_t kSpaced = 4;    // letters from which one counts typed apart
// A one-word identifier cut short ("PENDLEW" for PENDLEWORTH): letters and share of the word (in
// tenths); glued to digits ("99ARAM"), the second pair.
constexpr std::size_t kCutLetters = 5, kCutTenths = 6, kGluedCutLetters = 4, kGluedCutTenths = 5;
constexpr std::size_t kChunk = 1 << 16;  // binary values are read in windows of this many bytes
constexpr std::size_t kOverlap = 512;    // longer than any identifier, so none falls between windows

enum Cap : std::uint8_t { kNeither, kCapital, kSmall };
// How a letter or digit of the skeleton follows the one before it.
enum Link : std::uint8_t { kTouching, kSpacedApart, kApart };

bool isLetterOrDigit(char32_t c) {  // c folded
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
  if (c >= 0xC0 && c < 0x250) return c != 0xD7 && c != 0xF7;
  return c >= 0x370 && c < 0x530;
}

bool isDigitChar(char32_t c) { return c >= '0' && c <= '9'; }
bool isLetterChar(char32_t c) { return isLetterOrDigit(c) && !isDigitChar(c); }  // c folded

bool cutShort(std::size_t letters, std::size_t word, bool glued) {
  return (letters >= kCutLetters && letters * 10 >= word * kCutTenths) ||
         (glued && letters >= kGluedCutLetters && letters * 10 >= word * kGluedCutTenths);
}

std::string utf8Of(std::u32string_view letters) {
  std::string out;
  for (char32_t c : letters) {
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

bool isGap(char32_t c) {  // may stand between the letters of a name typed apart
  switch (c) {
    case ' ': case '\t': case '-': case '.': case '_': case '\'': case '^': case 0x2019: return true;
    default: return false;
  }
}

Cap capOf(char32_t c) {  // ASCII, Latin-1, Greek, Cyrillic; other letters count as neither
  if (c >= 'A' && c <= 'Z') return kCapital;
  if (c >= 'a' && c <= 'z') return kSmall;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return kCapital;
  if (c >= 0xDF && c <= 0xFF && c != 0xF7) return kSmall;
  if ((c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F)) return kCapital;
  if ((c >= 0x3AC && c <= 0x3CE) || (c >= 0x430 && c <= 0x45F)) return kSmall;
  return kNeither;
}

// Code points of UTF-8 text; a byte that starts no valid sequence is taken as Latin-1.
template <typename F>
void forEachCodePoint(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0xC2 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 1;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
    if (i + n > s.size()) n = 1;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) { n = 1; break; }
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (n == 1) cp = b;
    f(cp);
    i += n;
  }
}

std::string_view significant(std::string_view digits) {
  while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
  return digits.size() >= kAnywhere ? digits : std::string_view();
}

}  // namespace

struct SourceIdentifierSearch::Reading {
  std::vector<char32_t> chars;  // folded
  std::vector<std::uint8_t> caps;
  std::vector<char32_t> skeleton;    // letters and digits only
  std::vector<std::uint32_t> where;  // index in chars of each skeleton character
  std::vector<std::uint8_t> links;   // Link: how skeleton[k] follows skeleton[k - 1]
  Link pending = kApart;

  void clear() {
    chars.clear();
    caps.clear();
    skeleton.clear();
    where.clear();
    links.clear();
    pending = kApart;
  }
  void add(char32_t raw) {
    if (isCombiningMark(raw)) return;
    const char32_t c = foldLetter(raw);
    if (isLetterOrDigit(c)) {
      skeleton.push_back(c);
      where.push_back(static_cast<std::uint32_t>(chars.size()));
      links.push_back(pending);
      pending = kTouching;
    } else if (pending != kApart) {
      pending = isGap(c) ? kSpacedApart : kApart;
    }
    chars.push_back(c);
    caps.push_back(capOf(raw));
  }
  // A word starts or ends between chars[i - 1] and chars[i].
  bool edge(std::size_t i) const {
    if (i == 0 || i >= chars.size()) return true;
    if (!isLetterOrDigit(chars[i - 1]) || !isLetterOrDigit(chars[i])) return true;
    return caps[i - 1] == kSmall && caps[i] == kCapital;
  }
};

struct SourceIdentifierSearch::Patterns {
  std::vector<char32_t> raw_symbols, skeleton_symbols;
  std::vector<std::uint32_t> raw_ends, skeleton_ends, skeleton_lengths;
  std::vector<RawKind> raw_kinds;
  std::vector<std::string> numbers;
  std::vector<std::u32string> words;  // identifiers of letters only, for their cut-short forms

  void addRaw(const std::vector<char32_t>& p) {
    if (p.size() < 2) return;
    raw_symbols.insert(raw_symbols.end(), p.begin(), p.end());
    raw_ends.push_back(static_cast<std::uint32_t>(raw_symbols.size()));
    const bool anywhere = p.size() >= kAnywhere;
    raw_kinds.push_back({static_cast<std::uint32_t>(p.size()), anywhere, isLetterOrDigit(p.front()),
                         isLetterOrDigit(p.back())});
  }
  void addSkeleton(const std::vector<char32_t>& p) {
    const bool digits = std::all_of(p.begin(), p.end(), isDigitChar);
    if (p.size() < (digits ? kAnywhere : kSpaced)) return;
    skeleton_symbols.insert(skeleton_symbols.end(), p.begin(), p.end());
    skeleton_ends.push_back(static_cast<std::uint32_t>(skeleton_symbols.size()));
    skeleton_lengths.push_back(static_cast<std::uint32_t>(p.size()));
  }
  void addNumber(std::string_view digits) {
    if (!significant(digits).empty()) numbers.emplace_back(significant(digits));
  }

  void addText(const std::string& text) {
    std::vector<char32_t> folded, skeleton;
    bool plain = true;  // letters, digits and ASCII punctuation only: a skeleton means something
    forEachCodePoint(text, [&](char32_t cp) {
      if (isCombiningMark(cp)) return;
      const char32_t c = foldLetter(cp);
      folded.push_back(c);
      if (isLetterOrDigit(c)) skeleton.push_back(c);
      else plain &= c >= ' ' && c < 0x7F;
    });
    addRaw(folded);
    if (plain) addSkeleton(skeleton);
    if (folded.size() >= kGluedCutLetters && std::all_of(folded.begin(), folded.end(), isLetterChar))
      words.emplace_back(folded.begin(), folded.end());
  }
  void addDigitsOf(const std::string& id) {
    std::vector<std::string> groups;
    for (std::size_t i = 0; i < id.size();) {
      if (!isDigitChar(static_cast<unsigned char>(id[i]))) { ++i; continue; }
      std::size_t j = i;
      while (j < id.size() && isDigitChar(static_cast<unsigned char>(id[j]))) ++j;
      groups.push_back(id.substr(i, j - i));
      i = j;
    }
    std::vector<std::string> forms(groups);
    std::string joined;
    for (auto g = groups.rbegin(); g != groups.rend(); ++g) forms.push_back(joined = *g + joined);
    for (const std::string& form : forms) {
      if (form.size() < kAnywhere) continue;
      addNumber(form);
      if (form != id) addText(form);
    }
  }
  void addDate(const std::string& id) {
    if (id.size() != 8 || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) return;
    const std::string y = id.substr(0, 4), m = id.substr(4, 2), d = id.substr(6, 2);
    const int month = std::stoi(m), day = std::stoi(d);
    if (month < 1 || month > 12 || day < 1 || day > 31) return;
    const std::string dn = std::to_string(day), mn = std::to_string(month);
    for (const std::string& form : {y + "-" + m + "-" + d, y + "/" + m + "/" + d, y + "." + m + "." + d,
                                    d + "." + m + "." + y, d + "/" + m + "/" + y, d + "-" + m + "-" + y,
                                    m + "/" + d + "/" + y, dn + "." + mn + "." + y, mn + "/" + dn + "/" + y})
      addText(form);
    for (const std::string& form : {d + m + y, m + d + y}) {
      addText(form);
      addNumber(form);
    }
  }
  void add(const std::string& id) {
    addText(id);
    addDigitsOf(id);
    addDate(id);
    std::size_t start = 0;  // a person name's components too
    if (id.find_first_of("^=") == std::string::npos) return;
    while (start <= id.size()) {
      const std::size_t end = std::min(id.find_first_of("^=", start), id.size());
      std::string part = id.substr(start, end - start);
      while (!part.empty() && part.back() == ' ') part.pop_back();
      while (!part.empty() && part.front() == ' ') part.erase(part.begin());
      if (!part.empty()) addText(part);
      start = end + 1;
    }
  }
};

namespace {
SourceIdentifierSearch::Patterns patternsOf(const std::vector<std::string>& identifiers) {
  SourceIdentifierSearch::Patterns p;
  for (const std::string& id : identifiers) p.add(id);
  std::sort(p.numbers.begin(), p.numbers.end());
  p.numbers.erase(std::unique(p.numbers.begin(), p.numbers.end()), p.numbers.end());
  std::sort(p.words.begin(), p.words.end());
  p.words.erase(std::unique(p.words.begin(), p.words.end()), p.words.end());
  return p;
}
}  // namespace

SourceIdentifierSearch::SourceIdentifierSearch(const std::vector<std::string>& identifiers)
    : SourceIdentifierSearch(patternsOf(identifiers)) {}

SourceIdentifierSearch::SourceIdentifierSearch(Patterns&& p)
    : raw_(p.raw_symbols, p.raw_ends),
      raw_kinds_(std::move(p.raw_kinds)),
      skeleton_(p.skeleton_symbols, p.skeleton_ends),
      skeleton_lengths_(std::move(p.skeleton_lengths)),
      numbers_(std::move(p.numbers)),
      words_(std::move(p.words)) {}

bool SourceIdentifierSearch::found(const Reading& r) const {
  bool hit = false;
  raw_.forEachMatch(r.chars, [&](std::size_t index, std::size_t end) {
    const RawKind& k = raw_kinds_[index];
    const std::size_t begin = end - k.length;
    hit = k.anywhere || ((!k.word_first || r.edge(begin)) && (!k.word_last || r.edge(end)));
    return !hit;
  });
  if (hit) return true;
  skeleton_.forEachMatch(r.skeleton, [&](std::size_t index, std::size_t end) {
    const std::size_t length = skeleton_lengths_[index], begin = end - length;
    bool touching = true;
    for (std::size_t k = begin + 1; k < end; ++k) {
      if (r.links[k] == kApart) return true;  // other text between: not one identifier
      touching &= r.links[k] == kTouching;
    }
    hit = (touching && length >= kAnywhere) || (r.edge(r.where[begin]) && r.edge(r.where[end - 1] + 1));
    return !hit;
  });
  return hit || cutShortWord(r);
}

// A letter run that begins a one-word identifier: the identifier cut short, unless it is an
// imaging or medical word, or a common word in lower case (the rule the scrubber applies,
// docs/deidentification.md).
bool SourceIdentifierSearch::cutShortWord(const Reading& r) const {
  if (words_.empty()) return false;
  const auto& t = r.chars;
  std::size_t begin = 0;
  while (begin < t.size()) {
    if (!isLetterChar(t[begin])) {
      ++begin;
      continue;
    }
    std::size_t end = begin;
    while (end < t.size() && isLetterChar(t[end])) ++end;
    const std::size_t letters = end - begin;
    const bool glued = (begin > 0 && isDigitChar(t[begin - 1])) || (end < t.size() && isDigitChar(t[end]));
    if (letters >= (glued ? kGluedCutLetters : kCutLetters)) {
      const std::u32string_view run(t.data() + begin, letters);
      bool cut = false;
      for (auto w = std::lower_bound(words_.begin(), words_.end(), run,
                                     [](const std::u32string& a, std::u32string_view b) { return std::u32string_view(a) < b; });
           w != words_.end() && std::u32string_view(*w).substr(0, letters) == run && !cut; ++w)
        cut = cutShort(letters, w->size(), glued);
      bool lower_case = true;
      for (std::size_t i = begin; i < end; ++i) lower_case &= r.caps[i] != kCapital;
      if (cut && !text::isOrdinaryWord(utf8Of(run), lower_case)) return true;
    }
    begin = end;
  }
  return false;
}

bool SourceIdentifierSearch::inText(std::string_view utf8) const {
  if (empty() || utf8.empty()) return false;
  thread_local Reading r;
  r.clear();
  forEachCodePoint(utf8, [&](char32_t cp) { r.add(cp); });
  return found(r);
}

bool SourceIdentifierSearch::inNumbers(std::string_view values) const {
  if (numbers_.empty()) return false;
  std::size_t start = 0;
  while (start <= values.size()) {
    const std::size_t end = std::min(values.find('\\', start), values.size());
    std::string_view v = values.substr(start, end - start);
    while (!v.empty() && (v.front() == ' ' || v.front() == '+' || v.front() == '-')) v.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < v.size() && isDigitChar(static_cast<unsigned char>(v[digits]))) ++digits;
    const std::string_view s = significant(v.substr(0, digits));
    if (!s.empty() && std::binary_search(numbers_.begin(), numbers_.end(), s, std::less<>())) return true;
    start = end + 1;
  }
  return false;
}

bool SourceIdentifierSearch::inBinary(std::string_view bytes) const {
  if (empty() || bytes.empty()) return false;
  thread_local Reading r;
  for (std::size_t from = 0; from < bytes.size(); from += kChunk) {
    const std::string_view window = bytes.substr(from, kChunk + kOverlap);
    r.clear();
    forEachCodePoint(window, [&](char32_t cp) { r.add(cp); });
    if (found(r)) return true;
    for (std::size_t alignment = 0; alignment < 2; ++alignment) {
      r.clear();
      for (std::size_t i = alignment; i + 1 < window.size(); i += 2)
        r.add(static_cast<unsigned char>(window[i]) | (char32_t{static_cast<unsigned char>(window[i + 1])} << 8));
      if (found(r)) return true;
    }
  }
  return false;
}

}  // namespace imaging::workflow
