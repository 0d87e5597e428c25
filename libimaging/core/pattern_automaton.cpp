#include "imaging/core/pattern_automaton.h"

#include <algorithm>
#include <map>
#include <utility>

namespace imaging {

std::uint32_t PatternAutomaton::child(std::uint32_t node, char32_t symbol) const {
  const auto first = edges_.begin() + edge_begin_[node], last = edges_.begin() + edge_begin_[node + 1];
  const auto it = std::lower_bound(first, last, symbol, [](const Edge& e, char32_t s) { return e.symbol < s; });
  return it != last && it->symbol == symbol ? it->target : kNone;
}

std::uint32_t PatternAutomaton::step(std::uint32_t node, char32_t symbol) const {
  for (;;) {
    const std::uint32_t next = child(node, symbol);
    if (next != kNone) return next;
    if (node == 0) return 0;
    node = failure_[node];
  }
}

PatternAutomaton::PatternAutomaton(const std::vector<std::vector<char32_t>>& patterns) {
  // The trie in a simple form first (a map of edges per node), then laid out flat, breadth first.
  std::vector<std::map<char32_t, std::uint32_t>> trie(1);
  std::vector<std::vector<std::uint32_t>> ends(1);
  for (std::size_t p = 0; p < patterns.size(); ++p) {
    if (patterns[p].empty()) continue;
    std::uint32_t node = 0;
    for (char32_t symbol : patterns[p]) {
      const auto found = trie[node].find(symbol);
      if (found != trie[node].end()) {
        node = found->second;
        continue;
      }
      const auto next = static_cast<std::uint32_t>(trie.size());
      trie[node].emplace(symbol, next);
      trie.emplace_back();
      ends.emplace_back();
      node = next;
    }
    ends[node].push_back(static_cast<std::uint32_t>(p));
  }
  const std::size_t n = trie.size();
  // Breadth-first numbering: a node's failure target is shallower, so it is final when needed.
  std::vector<std::uint32_t> order{0}, number(n, 0);
  for (std::size_t k = 0; k < order.size(); ++k)
    for (const auto& [symbol, target] : trie[order[k]]) {
      number[target] = static_cast<std::uint32_t>(order.size());
      order.push_back(target);
    }
  edge_begin_.assign(n + 1, 0);
  ending_begin_.assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t old = order[k];
    edge_begin_[k + 1] = edge_begin_[k] + static_cast<std::uint32_t>(trie[old].size());
    for (const auto& [symbol, target] : trie[old]) edges_.push_back({symbol, number[target]});
    ending_begin_[k + 1] = ending_begin_[k] + static_cast<std::uint32_t>(ends[old].size());
    ending_.insert(ending_.end(), ends[old].begin(), ends[old].end());
    std::map<char32_t, std::uint32_t>().swap(trie[old]);  // free as we go
  }
  failure_.assign(n, 0);
  output_link_.assign(n, 0);
  for (std::uint32_t node = 0; node < n; ++node)  // breadth first: parents before children
    for (std::uint32_t e = edge_begin_[node]; e < edge_begin_[node + 1]; ++e) {
      const Edge edge = edges_[e];
      std::uint32_t target = kNone;
      if (node != 0) {
        std::uint32_t fallback = failure_[node];
        for (;;) {
          target = child(fallback, edge.symbol);
          if (target != kNone || fallback == 0) break;
          fallback = failure_[fallback];
        }
      }
      const std::uint32_t f = target == kNone ? 0 : target;
      failure_[edge.target] = f;
      output_link_[edge.target] = ending_begin_[f] != ending_begin_[f + 1] ? f : output_link_[f];
    }
}

}  // namespace imaging
