#pragma once
// Every occurrence of many patterns in one pass over a text (Aho-Corasick over code points). The
// text scrubber holds every patient's identifiers of a disk or archive, tens of thousands of
// patterns for a large one; searching each pattern in turn made each kept text cost
// patterns x length. The automaton costs the text's length plus the matches.
#include <cstddef>
#include <vector>

namespace imaging::deid {

class PatternAutomaton {
 public:
  // patterns: non-empty sequences of (case-folded) code points; their index is what matches report.
  explicit PatternAutomaton(const std::vector<std::vector<char32_t>>& patterns);

  // Calls on_match(pattern_index, end) for every occurrence, end = one past its last code point,
  // in order of end (patterns ending at the same place: longest first). on_match returns false to
  // stop the search.
  template <typename F>
  void forEachMatch(const std::vector<char32_t>& text, F&& on_match) const {
    int node = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      node = step(node, text[i]);
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

}  // namespace imaging::deid
