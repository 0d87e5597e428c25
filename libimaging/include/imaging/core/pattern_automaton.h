#pragma once
// Every occurrence of many patterns in one pass over a text (Aho-Corasick over code points, or
// bytes widened to them). The text scrubber and verify's byte search hold every patient's
// identifiers of a disk or archive, tens of thousands of patterns for a large one; searching each
// pattern in turn cost patterns x length. The automaton costs the text's length plus the matches.
#include <cstddef>
#include <vector>

namespace imaging {

class PatternAutomaton {
 public:
  // patterns: non-empty sequences of (case-folded) code points; their index is what matches report.
  explicit PatternAutomaton(const std::vector<std::vector<char32_t>>& patterns);

  // Calls on_match(pattern_index, end) for every occurrence, end = one past its last code point,
  // in order of end (patterns ending at the same place: longest first). on_match returns false to
  // stop the search.
  template <typename F>
  void forEachMatch(const std::vector<char32_t>& text, F&& on_match) const {
    forEachMatchOf(text.size(), [&](std::size_t i) { return text[i]; }, on_match);
  }
  // The same over any sequence: symbol_at(i) gives the i-th symbol (e.g. a folded byte).
  template <typename At, typename F>
  void forEachMatchOf(std::size_t length, At&& symbol_at, F&& on_match) const {
    int node = 0;
    for (std::size_t i = 0; i < length; ++i) {
      node = step(node, symbol_at(i));
      for (int out = node; out > 0; out = nodes_[out].output_link)
        for (int pattern : nodes_[out].ending)
          if (!on_match(static_cast<std::size_t>(pattern), i + 1)) return;
    }
  }

 private:
  struct Edge {
    char32_t symbol;
    int target;
  };
  struct Node {
    std::vector<Edge> edges;  // sorted by symbol
    int failure = 0;
    int output_link = 0;      // nearest node on the failure chain that ends a pattern (0: none)
    std::vector<int> ending;  // patterns ending exactly here, longest first
  };
  int child(int node, char32_t symbol) const;  // -1 when none
  int step(int node, char32_t symbol) const;
  std::vector<Node> nodes_;
};

}  // namespace imaging
