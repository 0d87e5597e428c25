#pragma once
// Every occurrence of many patterns in one pass over a text (Aho-Corasick over code points, or
// bytes widened to them). The text scrubber and verify's byte search hold every patient's
// identifiers of a disk or archive, tens of thousands of patterns for a large one; searching each
// pattern in turn cost patterns x length. The automaton costs the text's length plus the matches.
// Stored flat (one array of edges, one of pattern numbers): about 24 bytes per trie node, so an
// archive's hundreds of thousands of identifiers stay within the memory budget.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace imaging {

class PatternAutomaton {
 public:
  // patterns: sequences of (case-folded) code points; their index is what matches report. Empty
  // patterns never match.
  explicit PatternAutomaton(const std::vector<std::vector<char32_t>>& patterns);
  // The same from patterns stored back to back (no vector per pattern, which costs more than the
  // few symbols of an identifier): pattern i is symbols[ends[i-1] .. ends[i]), the first from 0.
  PatternAutomaton(const std::vector<char32_t>& symbols, const std::vector<std::uint32_t>& ends);

  // Calls on_match(pattern_index, end) for every occurrence, end = one past its last code point,
  // in order of end. on_match returns false to stop the search.
  template <typename F>
  void forEachMatch(const std::vector<char32_t>& text, F&& on_match) const {
    forEachMatchOf(text.size(), [&](std::size_t i) { return text[i]; }, on_match);
  }
  // The same over any sequence: symbol_at(i) gives the i-th symbol (e.g. a folded byte).
  template <typename At, typename F>
  void forEachMatchOf(std::size_t length, At&& symbol_at, F&& on_match) const {
    std::uint32_t node = 0;
    for (std::size_t i = 0; i < length; ++i) {
      node = step(node, symbol_at(i));
      for (std::uint32_t out = node; out != 0; out = output_link_[out])
        for (std::uint32_t k = ending_begin_[out]; k < ending_begin_[out + 1]; ++k)
          if (!on_match(static_cast<std::size_t>(ending_[k]), i + 1)) return;
    }
  }

 private:
  struct Edge {
    char32_t symbol;
    std::uint32_t target;
  };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  // pattern_at(p) gives pattern p as a pair of pointers [begin, end).
  template <typename PatternAt>
  void build(std::size_t count, PatternAt&& pattern_at);
  std::uint32_t child(std::uint32_t node, char32_t symbol) const;  // kNone when none
  std::uint32_t step(std::uint32_t node, char32_t symbol) const;

  // Node n's edges are edges_[edge_begin_[n] .. edge_begin_[n+1]), sorted by symbol; the patterns
  // ending exactly there are ending_[ending_begin_[n] .. ending_begin_[n+1]).
  std::vector<std::uint32_t> edge_begin_;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> failure_;
  std::vector<std::uint32_t> output_link_;  // nearest node on the failure chain ending a pattern (0: none)
  std::vector<std::uint32_t> ending_begin_;
  std::vector<std::uint32_t> ending_;
};

}  // namespace imaging
