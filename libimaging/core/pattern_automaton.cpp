#include "imaging/core/pattern_automaton.h"

#include <algorithm>
#include <deque>

namespace imaging {

int PatternAutomaton::child(int node, char32_t symbol) const {
  const auto& edges = nodes_[static_cast<std::size_t>(node)].edges;
  const auto it = std::lower_bound(edges.begin(), edges.end(), symbol,
                                   [](const Edge& e, char32_t s) { return e.symbol < s; });
  return it != edges.end() && it->symbol == symbol ? it->target : -1;
}

int PatternAutomaton::step(int node, char32_t symbol) const {
  for (;;) {
    const int next = child(node, symbol);
    if (next >= 0) return next;
    if (node == 0) return 0;
    node = nodes_[static_cast<std::size_t>(node)].failure;
  }
}

PatternAutomaton::PatternAutomaton(const std::vector<std::vector<char32_t>>& patterns) {
  nodes_.emplace_back();
  for (std::size_t p = 0; p < patterns.size(); ++p) {
    if (patterns[p].empty()) continue;
    int node = 0;
    for (char32_t symbol : patterns[p]) {
      int next = child(node, symbol);
      if (next < 0) {
        next = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        auto& edges = nodes_[static_cast<std::size_t>(node)].edges;
        edges.insert(std::lower_bound(edges.begin(), edges.end(), symbol,
                                      [](const Edge& e, char32_t s) { return e.symbol < s; }),
                     Edge{symbol, next});
      }
      node = next;
    }
    nodes_[static_cast<std::size_t>(node)].ending.push_back(static_cast<int>(p));
  }
  // Failure links breadth first: a node's failure is the longest proper suffix of its path that
  // is also a path from the root.
  std::deque<int> queue;
  for (const Edge& e : nodes_[0].edges) queue.push_back(e.target);
  while (!queue.empty()) {
    const int node = queue.front();
    queue.pop_front();
    for (const Edge& e : nodes_[static_cast<std::size_t>(node)].edges) {
      int fallback = nodes_[static_cast<std::size_t>(node)].failure;
      int target = child(fallback, e.symbol);
      while (target < 0 && fallback != 0) {
        fallback = nodes_[static_cast<std::size_t>(fallback)].failure;
        target = child(fallback, e.symbol);
      }
      Node& next = nodes_[static_cast<std::size_t>(e.target)];
      next.failure = target < 0 ? 0 : target;
      const Node& failure = nodes_[static_cast<std::size_t>(next.failure)];
      next.output_link = failure.ending.empty() ? failure.output_link : next.failure;
      queue.push_back(e.target);
    }
  }
}

}  // namespace imaging
