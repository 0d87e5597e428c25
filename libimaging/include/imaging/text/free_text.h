#pragma once
// Free text that cannot identify anyone: an allow-list decides which words of a kept text value
// stay. One matcher for the cleaner (deid), verify and the previews, so they never disagree.
// Rules and word-list sources: docs/deidentification.md, "Free text".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace imaging::text {

// Why a run of text is not safe to keep.
enum class TextRule : std::uint8_t {
  UnknownWord,  // a word no dictionary or vocabulary knows
  PersonName,   // a capitalised word that is a known name, or name-shaped
  Date,         // 04.07.1956, 1956-07-04, 4 July 1956, 14-Mar-2025, 11/06, 20250314
  Time,         // 09:35, 9:35:12
  Phone,        // (555) 014-9921, +44 20 7946 0958: seven or more digits in one run of numbers
  IdNumber,     // five or more digits in a row (IDs, accession numbers, MRNs)
  Email,
  WebAddress,
  Uid,          // 1.2.840.113619.2.55..., 2.25....
  Address,      // 42 Elm Street, Lindenstraße 7, 12 rue des Lilas
};
const char* ruleKeyword(TextRule rule);  // "unknown-word", "person-name", "date", ...

enum class TextCheck {
  Shapes,          // dates, times, phones, ID numbers, e-mail and web addresses, UIDs only
  WordsAndShapes,  // and every word must be known safe (kept free text)
  Names,           // a person-name value: as WordsAndShapes, and any word that is also a name counts
};

struct UnsafeRun {
  std::size_t begin = 0, end = 0;  // byte range in the UTF-8 text; whitespace between joined words included
  TextRule rule = TextRule::UnknownWord;
};

// Runs of unsafe words, in order; adjacent unsafe words form one run. Never spans a '\' (value
// delimiter) or a line break.
std::vector<UnsafeRun> findUnsafeRuns(std::string_view utf8, TextCheck check);

// What replaces each run of removed words.
inline constexpr std::string_view kRemovedMarker = "[removed]";

// The text with each unsafe run replaced by one kRemovedMarker.
std::string cleanText(std::string_view utf8, TextCheck check);

// The exception to the deny-list's cut-short rule (docs/deidentification.md, "Cut short"): a word
// of the imaging vocabulary or the medical dictionary in any case ("CHEST", "colon"), or, written
// in lower case, a word of the general dictionaries ("bright"). So the start of a name such as
// Chestnut or Brighton, of any patient of an archive, does not take "CHEST" out of descriptions or
// "bright" out of prose. The scrubber and verify ask the same question, so they agree on what stays.
bool isOrdinaryWord(std::string_view utf8_word, bool written_in_lower_case);

// Loads the embedded word lists now (else on first use, ~0.06 s of CPU): lets a caller overlap
// the load with other work, e.g. on another thread during a scan. Safe from any thread.
void warmUp();

// Where the word lists came from: "wamerican 2020.12.07-2 104334 entries", ... (for reports and docs).
std::vector<std::string> vocabularySources();

// What kind of text an attribute holds, which decides how kept text there is checked.
enum class TextKind {
  FreeText,   // prose: TextCheck::WordsAndShapes
  Technical,  // tokens, not prose (Manufacturer, Software Versions, coil and kernel names): TextCheck::Shapes
  Code,       // a coding scheme's value or designator (113100, T-D1213, DCM, SCT): not text at all
};
TextKind textKindOf(std::uint16_t group, std::uint16_t element);

// Attributes that Retain Institution Identity (113112) and Retain Device Identity (113109) keep
// as they are: no allow-list there when the option is chosen.
bool isInstitutionIdentityAttribute(std::uint16_t group, std::uint16_t element);
bool isDeviceIdentityAttribute(std::uint16_t group, std::uint16_t element);

}  // namespace imaging::text
