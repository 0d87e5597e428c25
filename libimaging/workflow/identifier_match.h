#pragma once
// Matching harvested identifiers in text, shared by the report (is an input path safe to print?)
// and verify (did anything survive?).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "imaging/core/pattern_automaton.h"

namespace imaging::workflow {

// True when identifier occurs in text, ASCII case-insensitively, not inside a longer word (the
// characters around it are not ASCII letters or digits). Identifiers too short to mean anything
// (see usableIdentifier) never match.
bool containsIdentifier(std::string_view text, std::string_view identifier);

// At least 2 bytes, and all-digit identifiers at least 4 digits: shorter ones would match
// instance numbers and sizes by chance.
bool usableIdentifier(std::string_view identifier);

// Sorted, de-duplicated, usable identifiers only.
std::vector<std::string> normalizeIdentifiers(std::vector<std::string> identifiers);

// Many identifiers in one pass over a file's bytes, with containsIdentifier's rules (ASCII
// case-insensitive, not inside a longer word, unusable identifiers never match). An archive's
// verify holds every patient's identifiers; searching each in turn cost identifiers x file size.
class IdentifierByteSearch {
 public:
  explicit IdentifierByteSearch(std::vector<std::string> identifiers);
  const std::vector<std::string>& identifiers() const { return ids_; }
  // Indexes of the identifiers found, ascending: those of long_from bytes or more anywhere in
  // bytes, shorter ones only in its first short_limit bytes (the header, where text lives).
  std::vector<std::size_t> find(std::string_view bytes, std::size_t short_limit, std::size_t long_from) const;

 private:
  std::vector<std::string> ids_;
  PatternAutomaton automaton_;
};

// Index of the first identifier found in text, or -1.
int findAnyIdentifier(std::string_view text, const std::vector<std::string>& identifiers);

// For paths that go into a report: also true when an identifier of 4 or more letters or digits
// hides in the path with its separators dropped or changed ("ErnaOnboarding", "erna_onboarding",
// "1990-01-01", "01.01.1990" for a birth date 19900101), in any letter case.
bool pathHoldsIdentifier(std::string_view path, const std::vector<std::string>& ids);

// findAnyIdentifier and pathHoldsIdentifier for one set of identifiers asked about many texts
// (the report checks every input path and reason against every patient's identifiers): built
// once, each question costs the text's length, not identifiers x length.
class IdentifierCheck {
 public:
  explicit IdentifierCheck(const std::vector<std::string>& identifiers);
  bool anyIn(std::string_view text) const;        // findAnyIdentifier(text, ids) >= 0
  bool pathHolds(std::string_view path) const;    // pathHoldsIdentifier(path, ids)

 private:
  IdentifierByteSearch words_;
  PatternAutomaton squashed_;  // squashed identifiers of 4+ characters and their date orders
};

}  // namespace imaging::workflow
