// Finds identifiers harvested from the study in free text, case-insensitively, in UTF-8.
// Matching rules (documented in docs/deidentification.md):
//  - values shorter than 2 characters are ignored (a single letter would wipe every text);
//  - words (anything with a letter, and short numbers) match only as whole words, so the name part
//    "Li" removes "LI" and "li," but not the "li" in "clinical"; scripts without word spacing
//    (CJK) match anywhere;
//  - numbers of 6 or more characters with a digit (IDs, phones, accession) match anywhere, even
//    inside longer tokens;
//  - an 8-digit date YYYYMMDD also matches as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, DD.MM.YYYY,
//    DD/MM/YYYY, DD-MM-YYYY, MM/DD/YYYY and D.M.YYYY;
//  - a person name "Family^Given" also matches its components.
#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "imaging/core/pattern_automaton.h"

#include "imaging/deid/parts.h"

namespace imaging {
namespace {

constexpr const char* kReplacement = "[removed]";

struct Decoded {
  std::vector<char32_t> folded;     // case-folded code points
  std::vector<std::size_t> offset;  // byte offset of each code point; offset[size] = text size
};

char32_t fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x100 && c <= 0x17F && c % 2 == 0 && c != 0x138) return c + 1;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

bool isWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
  return c >= 0x370 && c <= 0x52F;  // Greek, Cyrillic; CJK and others count as boundaries
}

Decoded decode(const std::string& text) {
  Decoded d;
  d.folded.reserve(text.size());
  d.offset.reserve(text.size() + 1);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t cp = b;
    if (b >= 0xC0 && b < 0xE0) { length = 2; cp = b & 0x1F; }
    else if (b >= 0xE0 && b < 0xF0) { length = 3; cp = b & 0x0F; }
    else if (b >= 0xF0 && b < 0xF8) { length = 4; cp = b & 0x07; }
    if (i + length > text.size()) length = 1;
    bool valid = true;
    for (std::size_t k = 1; k < length; ++k) {
      const auto cont = static_cast<unsigned char>(text[i + k]);
      if ((cont & 0xC0) != 0x80) { valid = false; break; }
      cp = (cp << 6) | (cont & 0x3F);
    }
    if (!valid) { length = 1; cp = 0xFFFD0000u | b; }  // keep raw bytes distinct and comparable
    d.folded.push_back(fold(cp));
    d.offset.push_back(i);
    i += length;
  }
  d.offset.push_back(text.size());
  return d;
}

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

bool isDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What a match needs of its pattern: its length, and whether a word character may not touch it
// before or after (a whole-word pattern that starts or ends with a word character).
struct PatternShape {
  std::uint32_t length;
  bool bounded_before, bounded_after;
};

class DefaultTextScrubber final : public TextScrubber {
 public:
  void addIdentifier(const std::string& raw) override {
    const std::string value = trim(raw);
    if (value.find_first_of("^=") != std::string::npos) {
      std::string part;
      for (char c : value + "^") {
        if (c == '^' || c == '=') { if (trim(part) != value) addOne(trim(part)); part.clear(); }
        else part += c;
      }
      addOne(trim(value));  // the full value, separators included
      return;
    }
    addOne(value);
    if (value.size() == 8 && isDigits(value)) addDateForms(value);
  }

  std::string scrub(const std::string& text) const override {
    if (pattern_ends_.empty() || text.empty()) return text;
    const Decoded d = decode(text);
    std::vector<std::pair<std::size_t, std::size_t>> ranges;  // code point [begin, end)
    findAll(d, ranges);
    if (ranges.empty()) return text;
    std::sort(ranges.begin(), ranges.end());
    std::string out;
    std::size_t cursor = 0;  // code point index just after the last replaced range
    for (const auto& [begin, end] : ranges) {
      if (begin < cursor) {  // overlaps the previous match: extend it
        cursor = std::max(cursor, end);
        continue;
      }
      out.append(text, d.offset[cursor], d.offset[begin] - d.offset[cursor]);
      out += kReplacement;
      cursor = end;
    }
    out.append(text, d.offset[cursor], std::string::npos);
    return out;
  }

  bool containsIdentifier(const std::string& text) const override {
    if (pattern_ends_.empty() || text.empty()) return false;
    const Decoded d = decode(text);
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    findAll(d, ranges, true);
    return !ranges.empty();
  }

 private:
  void addOne(const std::string& value) {
    if (value.empty()) return;
    const Decoded d = decode(value);
    if (d.folded.size() < 2) return;
    // Each pattern once (an archive repeats a family name or a town across patients). Order does
    // not matter: every occurrence of every pattern is found, and overlapping ones are merged.
    // Appended first, then taken back if it was there already.
    if (seen_.empty()) rememberPatterns();
    symbols_.insert(symbols_.end(), d.folded.begin(), d.folded.end());
    pattern_ends_.push_back(static_cast<std::uint32_t>(symbols_.size()));
    if (!seen_.insert(pattern_ends_.size() - 1).second) {
      pattern_ends_.pop_back();
      symbols_.resize(pattern_ends_.empty() ? 0 : pattern_ends_.back());
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    compiled_.reset();
  }

  std::u32string_view pattern(std::size_t index) const {
    const std::size_t begin = index == 0 ? 0 : pattern_ends_[index - 1];
    return {symbols_.data() + begin, pattern_ends_[index] - begin};
  }

  // The patterns held so far, for the duplicate check: it is let go once the automaton is built
  // (a scrubber is filled once, then only searched) and made again if more patterns come.
  void rememberPatterns() {
    for (std::size_t i = 0; i < pattern_ends_.size(); ++i) seen_.insert(i);
  }

  void addDateForms(const std::string& ymd) {
    const std::string y = ymd.substr(0, 4), m = ymd.substr(4, 2), dd = ymd.substr(6, 2);
    const int month = std::stoi(m), day = std::stoi(dd);
    if (month < 1 || month > 12 || day < 1 || day > 31) return;
    for (const std::string& form :
         {y + "-" + m + "-" + dd, y + "/" + m + "/" + dd, y + "." + m + "." + dd, dd + "." + m + "." + y,
          dd + "/" + m + "/" + y, dd + "-" + m + "-" + y, m + "/" + dd + "/" + y,
          std::to_string(day) + "." + std::to_string(month) + "." + y,
          std::to_string(month) + "/" + std::to_string(day) + "/" + y})
      addOne(form);
  }

  // The patterns' automaton and shapes, built on first use after the last addIdentifier: a
  // scrubber is filled once, then shared by the worker threads (hence the lock and the snapshot).
  struct Compiled {
    std::vector<PatternShape> shapes;
    PatternAutomaton automaton;
  };
  std::shared_ptr<const Compiled> compiled() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!compiled_) {
      std::vector<PatternShape> shapes;
      shapes.reserve(pattern_ends_.size());
      for (std::size_t i = 0; i < pattern_ends_.size(); ++i) shapes.push_back(shapeOf(pattern(i)));
      compiled_ = std::make_shared<const Compiled>(Compiled{std::move(shapes), PatternAutomaton(symbols_, pattern_ends_)});
      seen_ = PatternSet(0, PatternHash{this}, PatternEqual{this});
    }
    return compiled_;
  }

  static PatternShape shapeOf(std::u32string_view folded) {
    // Numbers of 6 or more characters match anywhere, everything else as whole words. A digit
    // folds to itself and nothing else folds to one, so the folded pattern tells.
    const bool has_digit = std::any_of(folded.begin(), folded.end(), [](char32_t c) { return c >= '0' && c <= '9'; });
    const bool whole_word = !(has_digit && folded.size() >= 6);
    return {static_cast<std::uint32_t>(folded.size()), whole_word && isWordChar(folded.front()),
            whole_word && isWordChar(folded.back())};
  }

  void findAll(const Decoded& d, std::vector<std::pair<std::size_t, std::size_t>>& ranges, bool first_only = false) const {
    const auto c = compiled();
    const auto& t = d.folded;
    c->automaton.forEachMatch(t, [&](std::size_t index, std::size_t end) {
      const PatternShape& p = c->shapes[index];
      const std::size_t begin = end - p.length;
      if (p.bounded_before && begin > 0 && isWordChar(t[begin - 1])) return true;
      if (p.bounded_after && end < t.size() && isWordChar(t[end])) return true;
      ranges.emplace_back(begin, end);
      return !first_only;
    });
  }

  // Pattern numbers, hashed and compared by the symbols they stand for.
  struct PatternHash {
    const DefaultTextScrubber* owner;
    std::size_t operator()(std::size_t index) const { return std::hash<std::u32string_view>()(owner->pattern(index)); }
  };
  struct PatternEqual {
    const DefaultTextScrubber* owner;
    bool operator()(std::size_t a, std::size_t b) const { return owner->pattern(a) == owner->pattern(b); }
  };
  using PatternSet = std::unordered_set<std::size_t, PatternHash, PatternEqual>;

  mutable std::mutex mutex_;
  mutable std::shared_ptr<const Compiled> compiled_;
  // Every pattern once, back to back (a vector per pattern costs more than its few symbols):
  // pattern i ends before pattern_ends_[i] and begins where pattern i-1 ends.
  std::vector<char32_t> symbols_;
  std::vector<std::uint32_t> pattern_ends_;
  mutable PatternSet seen_{0, PatternHash{this}, PatternEqual{this}};
};

}  // namespace

std::unique_ptr<TextScrubber> makeTextScrubber() { return std::make_unique<DefaultTextScrubber>(); }

}  // namespace imaging
