// Finds identifiers harvested from the study in free text, case-insensitively, in UTF-8.
// Matching rules (documented in docs/deidentification.md):
//  - values shorter than 2 characters are ignored (a single letter would wipe every text);
//  - letters are compared folded: any case, and Latin letters without their diacritics
//    (foldLetter), so "MÜLLER" finds "Muller" and "Quillfeather" finds "QUÍLLFÉATHER";
//  - identifiers of 6 or more characters match anywhere, also glued to other letters or digits
//    ("QuillfeatherO", "MRN48213377"); shorter ones only as whole words, so the name part "Li"
//    removes "LI" and "li," but not the "li" in "clinical"; a change from a small to a capital
//    letter counts as a word boundary ("SmithJohn"); scripts without word spacing (CJK) match
//    anywhere;
//  - an identifier of 4 or more letters (6 or more when only digits) also matches when typed with
//    spaces, hyphens, dots, underscores or apostrophes between its letters ("Quill Feather",
//    "Q U I L L F E A T H E R"), from a word start to a word end; the whole span goes;
//  - the digits of an identifier also match: each run of 6 or more, all of them together, and the
//    last groups together ("0161 496 0732" -> "4960732"); numbers (IS, DS) match when their
//    integer digits are such a run (numberHoldsIdentifier);
//  - an 8-digit date YYYYMMDD also matches as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, DD.MM.YYYY,
//    DD/MM/YYYY, DD-MM-YYYY, MM/DD/YYYY, D.M.YYYY, M/D/YYYY, DDMMYYYY and MMDDYYYY;
//  - a person name "Family^Given" also matches its components;
//  - a one-word identifier (letters only, a name component or an address word) also matches cut
//    short, as short fields and old systems store it: a letter run of the text that is its start
//    ("PENDLEW", "Pendlewo", "ARAMIN") with 5 or more letters and 60% or more of the word, or, when
//    glued to digits ("99ARAM"), 4 or more letters and half of the word; a run that is an imaging
//    or medical word ("CHEST" from "Chestnut"), or a common word written in lower case ("bright"
//    from "Brighton"), is not taken for one (isTruncatedWord, text::isOrdinaryWord).
#include <algorithm>
#include <atomic>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/core/letter_fold.h"
#include "imaging/core/pattern_automaton.h"

#include "imaging/deid/parts.h"
#include "imaging/text/free_text.h"

namespace imaging {
namespace {

constexpr const char* kReplacement = "[removed]";
// Between two letter runs of the compacted view: never a symbol of a pattern.
constexpr char32_t kBreak = 0xFFFFFFFFu;
// Identifiers of this many characters or more match anywhere, also inside longer words.
constexpr std::size_t kAnywhereLength = 6;
// Identifiers of this many letters or more also match with separators between their letters.
constexpr std::size_t kSpacedLetters = 4;
// A one-word identifier cut short: at least this many letters and this share of the word (in
// tenths), or, glued to digits as in a code ("99ARAM"), the second pair.
constexpr std::size_t kTruncatedLetters = 5, kTruncatedTenths = 6;
constexpr std::size_t kGluedTruncatedLetters = 4, kGluedTruncatedTenths = 5;

enum LetterCase : std::uint8_t { kNoCase = 0, kLower = 1, kUpper = 2 };

// A text as folded code points, with what the word rules need: where each came from, its case,
// and the compacted view (letters and digits with the separators between them dropped).
struct Decoded {
  std::vector<char32_t> folded;     // folded code points (combining marks left out)
  std::vector<std::size_t> offset;  // byte offset of each code point; offset[size] = text size
  std::vector<std::uint8_t> letter_case;
  std::vector<char32_t> compact;         // word characters, kBreak where other text stood
  std::vector<std::uint32_t> compact_at;  // index into folded of each compact symbol
  bool joined = false;                    // a separator between two word characters was dropped

  void clear() {
    folded.clear();
    offset.clear();
    letter_case.clear();
    compact.clear();
    compact_at.clear();
    joined = false;
  }
};

bool isDigit(char32_t c) { return c >= '0' && c <= '9'; }

bool isWordChar(char32_t c) {
  if (c < 0x80) return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
  return c >= 0x370 && c <= 0x52F;  // Greek, Cyrillic; CJK and others count as boundaries
}

bool isLetter(char32_t c) { return isWordChar(c) && !isDigit(c); }

// A letter run of `letters` letters, which begins a one-word identifier of `word` letters: is it
// that identifier cut short? (The share rules in the file comment; glued: a digit touches it.)
bool isTruncatedWord(std::size_t letters, std::size_t word, bool glued) {
  if (letters >= kTruncatedLetters && letters * 10 >= word * kTruncatedTenths) return true;
  return glued && letters >= kGluedTruncatedLetters && letters * 10 >= word * kGluedTruncatedTenths;
}

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) { out += static_cast<char>(c); return; }
  if (c < 0x800) { out += static_cast<char>(0xC0 | (c >> 6)); }
  else { out += static_cast<char>(0xE0 | (c >> 12)); out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); }
  out += static_cast<char>(0x80 | (c & 0x3F));
}

// What may stand between the letters of a name typed apart ("Quill Feather", "Q.U.I.L.L").
bool isSeparator(char32_t c) {
  return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '_' || c == '\'' || c == '^' || c == 0x2019;
}

LetterCase caseOf(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? kUpper : (c >= 'a' && c <= 'z') ? kLower : kNoCase;
  if (c >= 0xC0 && c <= 0xDE) return c == 0xD7 ? kNoCase : kUpper;
  if (c >= 0xDF && c <= 0xFF) return c == 0xF7 ? kNoCase : kLower;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x138) return kLower;
    const bool odd_capitals = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    return ((c % 2 == 1) == odd_capitals) ? kUpper : kLower;
  }
  if (c >= 0x391 && c <= 0x3A9) return kUpper;
  if (c >= 0x3AC && c <= 0x3CE) return kLower;
  if (c >= 0x400 && c <= 0x42F) return kUpper;
  if (c >= 0x430 && c <= 0x45F) return kLower;
  return kNoCase;
}

void compactInto(Decoded& d) {
  enum { kStart, kWord, kSeparatorAfterWord } last = kStart;
  for (std::size_t i = 0; i < d.folded.size(); ++i) {
    const char32_t c = d.folded[i];
    if (isWordChar(c)) {
      d.joined |= last == kSeparatorAfterWord;
      d.compact.push_back(c);
      d.compact_at.push_back(static_cast<std::uint32_t>(i));
      last = kWord;
    } else if (isSeparator(c) && last != kStart) {
      last = kSeparatorAfterWord;
    } else if (last != kStart) {
      d.compact.push_back(kBreak);
      d.compact_at.push_back(static_cast<std::uint32_t>(i));
      last = kStart;
    }
  }
}

void decodeInto(const std::string& text, Decoded& d) {
  d.clear();
  d.folded.reserve(text.size());
  d.offset.reserve(text.size() + 1);
  d.letter_case.reserve(text.size());
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
    if (!isCombiningMark(cp)) {  // "u" + U+0308 is "ü": the mark joins the letter's span
      d.folded.push_back(foldLetter(cp));
      d.letter_case.push_back(caseOf(cp));
      d.offset.push_back(i);
    }
    i += length;
  }
  d.offset.push_back(text.size());
  compactInto(d);
}

// Per thread, reused: a value is decoded for every search, and kept text is searched value by
// value on the export's hot path.
Decoded& decodedOf(const std::string& text) {
  thread_local Decoded d;
  decodeInto(text, d);
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

// The digits that identify on their own, for the number rule: leading zeros aside (a phone
// number typed into an IS loses its 0), 6 or more.
std::string_view significantDigits(std::string_view digits) {
  while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
  return digits.size() >= kAnywhereLength ? digits : std::string_view();
}

// The integer digits of one number ("  -048213377.0" -> "48213377"), leading zeros aside.
std::string_view integerDigits(std::string_view value) {
  std::size_t i = 0;
  while (i < value.size() && (value[i] == ' ' || value[i] == '+' || value[i] == '-')) ++i;
  std::size_t end = i;
  while (end < value.size() && value[end] >= '0' && value[end] <= '9') ++end;
  return significantDigits(value.substr(i, end - i));
}

// What a match needs of its pattern: its length, whether a word character may not touch it
// before or after (a whole-word pattern that starts or ends with a word character), and whether
// it is also looked for in the compacted view (word characters only, long enough).
struct PatternShape {
  std::uint32_t length;
  bool bounded_before, bounded_after, spaced;
};

class DefaultTextScrubber final : public TextScrubber {
 public:
  void addIdentifier(const std::string& raw) override {
    stamp_ = newStamp();  // answers remembered before this identifier no longer count
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
    addDigitForms(value);
    if (value.size() == 8 && isDigits(value)) addDateForms(value);
  }

  std::string scrub(const std::string& text) const override { return scrubWith({this}, text); }

  // The text with what any of these scrubbers finds replaced, as one scrubber of all their
  // identifiers replaces it: the matches of all are merged before anything is replaced.
  static std::string scrubWith(std::initializer_list<const DefaultTextScrubber*> parts, const std::string& text) {
    if (text.empty() || std::all_of(parts.begin(), parts.end(), [](const DefaultTextScrubber* p) { return p->pattern_ends_.empty(); }))
      return text;
    const Decoded& d = decodedOf(text);
    thread_local std::vector<std::pair<std::size_t, std::size_t>> ranges;  // code point [begin, end)
    ranges.clear();
    for (const DefaultTextScrubber* p : parts)
      if (!p->pattern_ends_.empty()) p->findAll(d, ranges);
    if (ranges.empty()) return text;
    for (auto& range : ranges) widenOverNumber(d, range);
    std::sort(ranges.begin(), ranges.end());
    std::string out;
    std::size_t cursor = 0;  // code point index just after the last replaced range
    bool replaced = false;
    for (const auto& [begin, end] : ranges) {
      if (replaced && begin <= cursor) {  // overlaps or touches the previous match: one marker
        cursor = std::max(cursor, end);
        continue;
      }
      replaced = true;
      out.append(text, d.offset[cursor], d.offset[begin] - d.offset[cursor]);
      out += kReplacement;
      cursor = end;
    }
    out.append(text, d.offset[cursor], std::string::npos);
    return out;
  }

  bool containsIdentifier(const std::string& text) const override {
    if (pattern_ends_.empty() || text.empty()) return false;
    // Code values repeat in every file of a series ("ORIGINAL\PRIMARY\AXIAL", "HFS"): each thread
    // remembers its answers for short values, for this scrubber in this state only (an identifier
    // added since, or another scrubber, starts afresh: the stamp is never reused).
    constexpr std::size_t kMemoValue = 64, kMemoEntries = 4096;
    thread_local std::uint64_t memo_stamp = 0;
    thread_local std::unordered_map<std::string, bool> memo;
    const bool memoize = text.size() <= kMemoValue;
    if (memoize) {
      if (memo_stamp != stamp_) {
        memo.clear();
        memo_stamp = stamp_;
      }
      if (const auto found = memo.find(text); found != memo.end()) return found->second;
      if (memo.size() >= kMemoEntries) memo.clear();
    }
    const bool holds = searchIdentifier(text);
    if (memoize) memo.emplace(text, holds);
    return holds;
  }

 private:
  static std::uint64_t newStamp() {
    static std::atomic<std::uint64_t> next{1};
    return next++;
  }

  bool searchIdentifier(const std::string& text) const {
    const Decoded& d = decodedOf(text);
    thread_local std::vector<std::pair<std::size_t, std::size_t>> ranges;
    ranges.clear();
    findAll(d, ranges, true);
    return !ranges.empty();
  }


 public:
  bool numberHoldsIdentifier(const std::string& numbers) const override {
    if (numbers_.empty()) return false;
    std::shared_ptr<const Compiled> c;
    std::size_t start = 0;
    while (start <= numbers.size()) {
      const std::size_t end = std::min(numbers.find('\\', start), numbers.size());
      const std::string_view digits = integerDigits(std::string_view(numbers).substr(start, end - start));
      if (!digits.empty()) {  // most numbers are short: the lock is taken only for long ones
        if (!c) c = compiled();
        if (std::binary_search(c->numbers.begin(), c->numbers.end(), digits, std::less<>())) return true;
      }
      start = end + 1;
    }
    return false;
  }

 private:
  void addOne(const std::string& value) {
    if (value.empty()) return;
    Decoded d;
    decodeInto(value, d);
    const std::size_t index = addPattern(d.folded);
    if (index != kNoPattern && d.folded.size() >= kGluedTruncatedLetters &&
        std::all_of(d.folded.begin(), d.folded.end(), isLetter))
      addWord(index);
    // Also without its separators, for the compacted view and glued forms ("O'Neil" -> "oneil",
    // "Quillfeather^Ottoline" -> "quillfeatherottoline"), unless the value holds characters that
    // are neither (CJK: matched as written).
    const bool only_words_and_punctuation = std::all_of(d.folded.begin(), d.folded.end(), [](char32_t c) {
      return isWordChar(c) || (c >= ' ' && c < 0x80) || isSeparator(c);
    });
    std::vector<char32_t> words;
    for (char32_t c : d.folded)
      if (isWordChar(c)) words.push_back(c);
    if (only_words_and_punctuation && words.size() != d.folded.size() && words.size() >= kSpacedLetters)
      addPattern(words);
  }

  static constexpr std::size_t kNoPattern = static_cast<std::size_t>(-1);

  // Returns the pattern's number (the one held already, when it was), or kNoPattern.
  std::size_t addPattern(const std::vector<char32_t>& folded) {
    if (folded.size() < 2) return kNoPattern;
    // Each pattern once (an archive repeats a family name or a town across patients). Order does
    // not matter: every occurrence of every pattern is found, and overlapping ones are merged.
    // Appended first, then taken back if it was there already.
    if (seen_.empty()) rememberPatterns();
    symbols_.insert(symbols_.end(), folded.begin(), folded.end());
    pattern_ends_.push_back(static_cast<std::uint32_t>(symbols_.size()));
    const auto [held, added] = seen_.insert(pattern_ends_.size() - 1);
    if (!added) {
      pattern_ends_.pop_back();
      symbols_.resize(pattern_ends_.empty() ? 0 : pattern_ends_.back());
      return *held;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    compiled_.reset();
    return pattern_ends_.size() - 1;
  }

  // A one-word identifier (its pattern's number), for its truncated forms (findTruncated).
  void addWord(std::size_t pattern_index) {
    word_patterns_.push_back(static_cast<std::uint32_t>(pattern_index));
    std::lock_guard<std::mutex> lock(mutex_);
    compiled_.reset();
  }

  void addNumber(std::string_view digits) {
    const std::string_view significant = significantDigits(digits);
    if (significant.empty()) return;
    numbers_.emplace_back(significant);
    std::lock_guard<std::mutex> lock(mutex_);
    compiled_.reset();
  }

  // The digits of an ID, a phone number or an address typed without the rest: "MRN-48213377" as
  // 48213377, "0161 496 0732" as 01614960732 and its local part 4960732.
  void addDigitForms(const std::string& value) {
    std::vector<std::string> runs;
    bool in_run = false;
    for (char c : value) {
      const bool digit = c >= '0' && c <= '9';
      if (digit && !in_run) runs.emplace_back();
      if (digit) runs.back() += c;
      in_run = digit;
    }
    if (runs.empty()) return;
    for (const std::string& run : runs) addDigitForm(run, value);
    std::string tail;
    for (std::size_t k = runs.size(); k-- > 1;) {  // the last groups together, then all of them
      tail.insert(0, runs[k]);
      if (tail.size() >= kAnywhereLength) addDigitForm(tail, value);
    }
    addDigitForm(runs.front() + tail, value);
  }

  void addDigitForm(const std::string& digits, const std::string& value) {
    if (digits.size() < kAnywhereLength) return;
    addNumber(digits);
    if (digits != value) addOne(digits);
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
    for (const std::string& digits : {dd + m + y, m + dd + y}) {  // typed as one number
      addOne(digits);
      addNumber(digits);
    }
  }

  // The patterns' automaton and shapes, built on first use after the last addIdentifier: a
  // scrubber is filled once, then shared by the worker threads (hence the lock and the snapshot).
  struct Compiled {
    std::vector<PatternShape> shapes;
    PatternAutomaton automaton;
    std::vector<std::string> numbers;  // sorted, unique
    std::u32string word_symbols;             // the one-word identifiers, back to back
    std::vector<std::u32string_view> words;  // sorted, unique, views of word_symbols
  };
  std::shared_ptr<const Compiled> compiled() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!compiled_) {
      std::vector<PatternShape> shapes;
      shapes.reserve(pattern_ends_.size());
      for (std::size_t i = 0; i < pattern_ends_.size(); ++i) shapes.push_back(shapeOf(pattern(i)));
      std::vector<std::string> numbers = numbers_;
      std::sort(numbers.begin(), numbers.end());
      numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
      // Copied out of symbols_, which a later identifier may move.
      std::vector<std::u32string_view> held;
      held.reserve(word_patterns_.size());
      for (std::uint32_t index : word_patterns_) held.push_back(pattern(index));
      std::sort(held.begin(), held.end());
      held.erase(std::unique(held.begin(), held.end()), held.end());
      auto made = std::make_shared<Compiled>(
          Compiled{std::move(shapes), PatternAutomaton(symbols_, pattern_ends_), std::move(numbers), {}, {}});
      for (std::u32string_view w : held) made->word_symbols += w;
      std::size_t at = 0;
      for (std::u32string_view w : held) {
        made->words.emplace_back(made->word_symbols.data() + at, w.size());
        at += w.size();
      }
      compiled_ = std::move(made);
      seen_ = PatternSet(0, PatternHash{this}, PatternEqual{this});
    }
    return compiled_;
  }

  static PatternShape shapeOf(std::u32string_view folded) {
    const bool anywhere = folded.size() >= kAnywhereLength;
    const bool words_only = std::all_of(folded.begin(), folded.end(), isWordChar);
    const bool digits_only = std::all_of(folded.begin(), folded.end(), isDigit);
    const bool spaced = words_only && folded.size() >= (digits_only ? kAnywhereLength : kSpacedLetters);
    return {static_cast<std::uint32_t>(folded.size()), !anywhere && isWordChar(folded.front()),
            !anywhere && isWordChar(folded.back()), spaced};
  }

  // A match that begins or ends with a digit takes the whole number it stands in: "0761 5550 193"
  // holds the local number 5550193, and its area code alone must not stay behind.
  static void widenOverNumber(const Decoded& d, std::pair<std::size_t, std::size_t>& range) {
    const auto& t = d.folded;
    auto joinsDigits = [&](std::size_t i) { return t[i] == ' ' || t[i] == '-' || t[i] == '.' || t[i] == '/'; };
    if (range.first < range.second && isDigit(t[range.first]))
      while (range.first > 0 && (isDigit(t[range.first - 1]) ||
                                 (range.first > 1 && joinsDigits(range.first - 1) && isDigit(t[range.first - 2]))))
        --range.first;
    if (range.first < range.second && isDigit(t[range.second - 1]))
      while (range.second < t.size() && (isDigit(t[range.second]) ||
                                         (range.second + 1 < t.size() && joinsDigits(range.second) && isDigit(t[range.second + 1]))))
        ++range.second;
  }

  // Word boundaries: not a word character on one side, or a small letter followed by a capital.
  static bool boundaryAt(const Decoded& d, std::size_t i) {
    if (i == 0 || i == d.folded.size()) return true;
    if (!isWordChar(d.folded[i - 1]) || !isWordChar(d.folded[i])) return true;
    return d.letter_case[i - 1] == kLower && d.letter_case[i] == kUpper;
  }

  void findAll(const Decoded& d, std::vector<std::pair<std::size_t, std::size_t>>& ranges, bool first_only = false) const {
    const auto c = compiled();
    bool more = true;
    c->automaton.forEachMatch(d.folded, [&](std::size_t index, std::size_t end) {
      const PatternShape& p = c->shapes[index];
      const std::size_t begin = end - p.length;
      if (p.bounded_before && !boundaryAt(d, begin)) return true;
      if (p.bounded_after && !boundaryAt(d, end)) return true;
      ranges.emplace_back(begin, end);
      return more = !first_only;
    });
    if (!more) return;
    if (!c->words.empty()) {
      more = findTruncated(d, c->words, ranges, first_only);
      if (!more) return;
    }
    if (!d.joined) return;
    // Letters typed apart: the compacted view, from a word start to a word end of the text.
    c->automaton.forEachMatch(d.compact, [&](std::size_t index, std::size_t end) {
      const PatternShape& p = c->shapes[index];
      if (!p.spaced) return true;
      const std::size_t begin = d.compact_at[end - p.length], last = d.compact_at[end - 1] + 1;
      if (!boundaryAt(d, begin) || !boundaryAt(d, last)) return true;
      ranges.emplace_back(begin, last);
      return !first_only;
    });
  }

  // One-word identifiers cut short: each letter run of the text that begins one of them (see the
  // file comment). Returns false once it found one and first_only asked to stop there.
  static bool findTruncated(const Decoded& d, const std::vector<std::u32string_view>& words,
                            std::vector<std::pair<std::size_t, std::size_t>>& ranges, bool first_only) {
    const auto& t = d.folded;
    for (std::size_t begin = 0; begin < t.size();) {
      if (!isLetter(t[begin])) { ++begin; continue; }
      std::size_t end = begin;
      while (end < t.size() && isLetter(t[end])) ++end;
      const std::size_t letters = end - begin;
      const bool glued = (begin > 0 && isDigit(t[begin - 1])) || (end < t.size() && isDigit(t[end]));
      if (letters >= (glued ? kGluedTruncatedLetters : kTruncatedLetters)) {
        const std::u32string_view run(t.data() + begin, letters);
        bool cut_short = false;
        for (auto w = std::lower_bound(words.begin(), words.end(), run);
             w != words.end() && w->substr(0, letters) == run && !cut_short; ++w)
          cut_short = isTruncatedWord(letters, w->size(), glued);
        if (cut_short && !isOrdinary(d, begin, end)) {
          ranges.emplace_back(begin, end);
          if (first_only) return false;
        }
      }
      begin = end;
    }
    return true;
  }

  static bool isOrdinary(const Decoded& d, std::size_t begin, std::size_t end) {
    std::string word;
    bool lower_case = true;
    for (std::size_t i = begin; i < end; ++i) {
      appendUtf8(word, d.folded[i]);
      lower_case &= d.letter_case[i] != kUpper;
    }
    return text::isOrdinaryWord(word, lower_case);
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
  std::vector<std::string> numbers_;  // significant digits of identifiers, for numberHoldsIdentifier
  std::vector<std::uint32_t> word_patterns_;  // the patterns that are one-word identifiers (letters only)
  std::uint64_t stamp_ = newStamp();  // changes with every identifier added (containsIdentifier's memo)
};

}  // namespace

namespace {

class UnionScrubber final : public TextScrubber {
 public:
  UnionScrubber(std::shared_ptr<const DefaultTextScrubber> a, std::shared_ptr<const DefaultTextScrubber> b)
      : a_(std::move(a)), b_(std::move(b)) {}
  void addIdentifier(const std::string&) override { throw Error(ErrorCode::Internal, "a union of scrubbers takes no identifiers"); }
  std::string scrub(const std::string& text) const override { return DefaultTextScrubber::scrubWith({a_.get(), b_.get()}, text); }
  bool containsIdentifier(const std::string& text) const override {
    return a_->containsIdentifier(text) || b_->containsIdentifier(text);
  }
  bool numberHoldsIdentifier(const std::string& numbers) const override {
    return a_->numberHoldsIdentifier(numbers) || b_->numberHoldsIdentifier(numbers);
  }

 private:
  std::shared_ptr<const DefaultTextScrubber> a_, b_;
};

}  // namespace

std::unique_ptr<TextScrubber> makeTextScrubber() { return std::make_unique<DefaultTextScrubber>(); }

std::shared_ptr<const TextScrubber> makeUnionScrubber(std::shared_ptr<const TextScrubber> a, std::shared_ptr<const TextScrubber> b) {
  auto da = std::dynamic_pointer_cast<const DefaultTextScrubber>(a);
  auto db = std::dynamic_pointer_cast<const DefaultTextScrubber>(b);
  if (!da || !db) throw Error(ErrorCode::Internal, "only scrubbers made by makeTextScrubber can be united");
  return std::make_shared<UnionScrubber>(std::move(da), std::move(db));
}

}  // namespace imaging
