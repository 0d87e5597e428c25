#pragma once
// verify's own search for the source's identifiers in an exported file. Written apart from the
// engine's scrubber (libimaging/deid/text_scrubber.cpp) on purpose: a mistake in what the scrubber
// decides to remove must not also hide the leftover from verify. The two share only foldLetter
// (imaging/core/letter_fold.h), the Aho-Corasick automaton and, for the one exception to the
// cut-short rule, the text module's word lists. Private to the workflow module.
//
// What counts as a find (the rules of docs/deidentification.md, "The deny-list"):
//  - letters compare folded: any case, Latin letters without their diacritics ("Muller" finds
//    the source's "MÜLLER"); combining marks are skipped;
//  - an identifier of 6 or more characters anywhere, also glued to other letters
//    ("QuillfeatherO"); a shorter one only as a whole word, where a small letter followed by a
//    capital also ends a word ("SmithJohn");
//  - an identifier of 4 or more letters and digits (6 or more when only digits) also with spaces,
//    hyphens, dots, underscores or apostrophes between them ("Quill Feather", "Q U I L L"), from
//    a word start to a word end;
//  - the digits of an identifier (each run of 6 or more, all together, the last groups
//    together), and a birth date in its common written forms;
//  - numbers (IS, DS) whose integer digits, leading zeros aside, are such digits;
//  - a one-word identifier (letters only) cut short: a letter run that begins it, of 5 or more
//    letters and 60% or more of it, or glued to digits ("99ARAM") 4 or more letters and half of
//    it, unless the run is an imaging or medical word, or a common word in lower case
//    (imaging::text::isOrdinaryWord, as the scrubber asks).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "imaging/core/pattern_automaton.h"

namespace imaging::workflow {

class SourceIdentifierSearch {
 public:
  explicit SourceIdentifierSearch(const std::vector<std::string>& identifiers);  // UTF-8
  bool empty() const { return raw_kinds_.empty() && numbers_.empty() && words_.empty(); }
  // A text value (any string VR but IS and DS), or a file or folder name, in UTF-8.
  bool inText(std::string_view utf8) const;
  // IS and DS values, backslash-separated.
  bool inNumbers(std::string_view numbers) const;
  // Binary values (OB, OW, UN) read as text: UTF-8 where the bytes are, Latin-1 (so ASCII)
  // otherwise, and UTF-16LE at either byte alignment.
  bool inBinary(std::string_view bytes) const;

  struct Reading;   // one text as the search reads it (verify_identifiers.cpp)
  struct Patterns;  // what the identifiers become before the automata are built

 private:
  explicit SourceIdentifierSearch(Patterns&& patterns);
  bool found(const Reading& reading) const;
  bool cutShortWord(const Reading& reading) const;

  struct RawKind {
    std::uint32_t length;
    bool anywhere, word_first, word_last;
  };
  PatternAutomaton raw_;        // identifiers as written, folded
  std::vector<RawKind> raw_kinds_;
  PatternAutomaton skeleton_;   // identifiers' letters and digits only
  std::vector<std::uint32_t> skeleton_lengths_;
  std::vector<std::string> numbers_;  // significant digits, sorted
  std::vector<std::u32string> words_;  // identifiers of letters only, sorted
};

}  // namespace imaging::workflow
