#include "identifier_match.h"

#include "path_forms.h"

#include <algorithm>

namespace imaging::workflow {
namespace {

char fold(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

bool usableIdentifier(std::string_view id) {
  if (id.size() < 2) return false;
  const bool digits = std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
  return !(digits && id.size() < 4);
}

bool containsIdentifier(std::string_view text, std::string_view id) {
  if (!usableIdentifier(id) || text.size() < id.size()) return false;
  for (std::size_t pos = 0; pos + id.size() <= text.size(); ++pos) {
    std::size_t k = 0;
    while (k < id.size() && fold(text[pos + k]) == fold(id[k])) ++k;
    if (k != id.size()) continue;
    const bool left_ok = pos == 0 || !isWordChar(text[pos - 1]) || !isWordChar(id.front());
    const bool right_ok = pos + k == text.size() || !isWordChar(text[pos + k]) || !isWordChar(id.back());
    if (left_ok && right_ok) return true;
  }
  return false;
}

std::vector<std::string> normalizeIdentifiers(std::vector<std::string> ids) {
  ids.erase(std::remove_if(ids.begin(), ids.end(), [](const std::string& s) { return !usableIdentifier(s); }), ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

namespace {
// Patterns for the automaton, back to back (a vector per pattern costs more than an identifier's
// few symbols, and an archive's report check holds hundreds of thousands).
struct PackedPatterns {
  std::vector<char32_t> symbols;
  std::vector<std::uint32_t> ends;
  void add(std::string_view pattern) {
    for (char c : pattern) symbols.push_back(static_cast<unsigned char>(c));
    ends.push_back(static_cast<std::uint32_t>(symbols.size()));
  }
  PatternAutomaton automaton() const { return PatternAutomaton(symbols, ends); }
};

PatternAutomaton foldedAutomaton(const std::vector<std::string>& ids) {
  PackedPatterns patterns;
  std::size_t size = 0;
  for (const std::string& id : ids) size += id.size();
  patterns.symbols.reserve(size);
  patterns.ends.reserve(ids.size());
  for (const std::string& id : ids) {
    std::string folded;
    if (usableIdentifier(id))  // an empty pattern is never matched
      for (char c : id) folded += fold(c);
    patterns.add(folded);
  }
  return patterns.automaton();
}
}  // namespace

IdentifierByteSearch::IdentifierByteSearch(std::vector<std::string> identifiers)
    : ids_(std::move(identifiers)), automaton_(foldedAutomaton(ids_)) {}

std::vector<std::size_t> IdentifierByteSearch::find(std::string_view bytes, std::size_t short_limit,
                                                    std::size_t long_from) const {
  // Indexes as found (not a flag per identifier: an archive has hundreds of thousands of them and
  // a file holds a handful), then sorted and made unique.
  std::vector<std::size_t> indexes;
  automaton_.forEachMatchOf(
      bytes.size(), [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(fold(bytes[i]))); },
      [&](std::size_t index, std::size_t end) {
        const std::string& id = ids_[index];
        const std::size_t begin = end - id.size();
        if (id.size() < long_from && end > short_limit) return true;
        const bool left_ok = begin == 0 || !isWordChar(bytes[begin - 1]) || !isWordChar(id.front());
        const bool right_ok = end == bytes.size() || !isWordChar(bytes[end]) || !isWordChar(id.back());
        if (left_ok && right_ok) indexes.push_back(index);
        return true;
      });
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  return indexes;
}

int findAnyIdentifier(std::string_view text, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (containsIdentifier(text, ids[i])) return static_cast<int>(i);
  return -1;
}

PatternAutomaton squashedAutomaton(const std::vector<std::string>& ids) {
  PackedPatterns patterns;
  for (const std::string& id : ids)
    for (const std::string& form : squashedPathForms(id)) patterns.add(form);
  return patterns.automaton();
}

bool pathHoldsIdentifier(std::string_view path, const std::vector<std::string>& ids) {
  return IdentifierCheck(ids).pathHolds(path);
}

IdentifierCheck::IdentifierCheck(const std::vector<std::string>& identifiers)
    : words_(identifiers), squashed_(squashedAutomaton(identifiers)) {}

bool IdentifierCheck::anyIn(std::string_view text) const {
  return !words_.find(text, text.size(), 0).empty();
}

bool IdentifierCheck::pathHolds(std::string_view path) const {
  if (anyIn(path)) return true;
  const std::string squashed = squash(path);
  bool found = false;
  squashed_.forEachMatchOf(
      squashed.size(), [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(squashed[i])); },
      [&](std::size_t, std::size_t) {
        found = true;
        return false;
      });
  return found;
}

}  // namespace imaging::workflow
