#include "imaging/core/pattern_automaton.h"

#include <algorithm>
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
  build(patterns.size(), [&](std::size_t p) {
    const char32_t* begin = patterns[p].data();
    return std::make_pair(begin, begin + patterns[p].size());
  });
}

PatternAutomaton::PatternAutomaton(const std::vector<char32_t>& symbols, const std::vector<std::uint32_t>& ends) {
  build(ends.size(), [&](std::size_t p) {
    const char32_t* all = symbols.data();
    return std::make_pair(all + (p == 0 ? 0 : ends[p - 1]), all + ends[p]);
  });
}

template <typename PatternAt>
void PatternAutomaton::build(std::size_t count, PatternAt&& pattern_at) {
  // The trie in a simple form first (each node's first child and next sibling, 12 bytes a node, so
  // an archive's hundreds of thousands of nodes cost little more than the flat form built from it),
  // then laid out flat, breadth first, each node's edges sorted by symbol.
  struct TrieNode {
    char32_t symbol;
    std::uint32_t first_child = kNone, next_sibling = kNone;
  };
  std::vector<TrieNode> trie(1, TrieNode{0});
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;  // (node, pattern), in pattern order
  for (std::size_t p = 0; p < count; ++p) {
    const auto [first, last] = pattern_at(p);
    if (first == last) continue;
    std::uint32_t node = 0;
    for (const char32_t* at = first; at != last; ++at) {
      const char32_t symbol = *at;
      std::uint32_t c = trie[node].first_child;
      while (c != kNone && trie[c].symbol != symbol) c = trie[c].next_sibling;
      if (c == kNone) {
        c = static_cast<std::uint32_t>(trie.size());
        trie.push_back(TrieNode{symbol, kNone, trie[node].first_child});
        trie[node].first_child = c;
      }
      node = c;
    }
    ends.emplace_back(node, static_cast<std::uint32_t>(p));
  }
  const std::size_t n = trie.size();
  // Breadth-first numbering: a node's failure target is shallower, so it is final when needed.
  std::vector<std::uint32_t> order{0}, number(n, 0);
  order.reserve(n);
  std::vector<std::uint32_t> children;
  edge_begin_.assign(n + 1, 0);
  edges_.reserve(n - 1);
  for (std::size_t k = 0; k < order.size(); ++k) {
    children.clear();
    for (std::uint32_t c = trie[order[k]].first_child; c != kNone; c = trie[c].next_sibling) children.push_back(c);
    std::sort(children.begin(), children.end(), [&](std::uint32_t a, std::uint32_t b) { return trie[a].symbol < trie[b].symbol; });
    for (std::uint32_t c : children) {
      number[c] = static_cast<std::uint32_t>(order.size());
      order.push_back(c);
      edges_.push_back({trie[c].symbol, number[c]});
    }
    edge_begin_[k + 1] = static_cast<std::uint32_t>(edges_.size());
  }
  std::vector<TrieNode>().swap(trie);
  order = std::vector<std::uint32_t>();
  // Patterns ending at each node, in pattern order within the node (a stable sort by node number).
  for (auto& e : ends) e.first = number[e.first];
  number = std::vector<std::uint32_t>();
  std::stable_sort(ends.begin(), ends.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  ending_begin_.assign(n + 1, 0);
  for (const auto& e : ends) ++ending_begin_[e.first + 1];
  for (std::size_t k = 0; k < n; ++k) ending_begin_[k + 1] += ending_begin_[k];
  ending_.reserve(ends.size());
  for (const auto& e : ends) ending_.push_back(e.second);
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
