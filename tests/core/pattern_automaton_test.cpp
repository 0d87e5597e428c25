// The one-pass matcher (scrubber, verify) finds exactly what searching each pattern in turn finds.
#include "imaging/core/pattern_automaton.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <utility>


namespace {

using Matches = std::set<std::pair<std::size_t, std::size_t>>;  // (pattern, end)

Matches naive(const std::vector<std::vector<char32_t>>& patterns, const std::vector<char32_t>& text) {
  Matches found;
  for (std::size_t p = 0; p < patterns.size(); ++p) {
    const auto& pat = patterns[p];
    if (pat.empty() || pat.size() > text.size()) continue;
    for (std::size_t begin = 0; begin + pat.size() <= text.size(); ++begin)
      if (std::equal(pat.begin(), pat.end(), text.begin() + static_cast<std::ptrdiff_t>(begin)))
        found.insert({p, begin + pat.size()});
  }
  return found;
}

TEST(PatternAutomaton, FindsExactlyWhatASearchPerPatternFinds) {
  std::mt19937 random(20261205);
  // A small alphabet (with one code point outside the BMP) makes overlaps and shared suffixes common.
  const std::vector<char32_t> alphabet = {U'a', U'b', U'c', U'\u00e9', U'\U0001F600'};
  auto word = [&](std::size_t min, std::size_t max) {
    std::vector<char32_t> w(std::uniform_int_distribution<std::size_t>(min, max)(random));
    for (auto& c : w) c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    return w;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<std::vector<char32_t>> patterns;
    const int count = std::uniform_int_distribution<int>(1, 12)(random);
    for (int i = 0; i < count; ++i) patterns.push_back(word(1, 5));
    const auto text = word(0, 40);
    const imaging::PatternAutomaton automaton(patterns);
    Matches found;
    std::size_t previous_end = 0;
    automaton.forEachMatch(text, [&](std::size_t p, std::size_t end) {
      EXPECT_GE(end, previous_end);  // in order of end
      previous_end = end;
      found.insert({p, end});
      return true;
    });
    ASSERT_EQ(found, naive(patterns, text)) << "round " << round;
  }
}

TEST(PatternAutomaton, StopsWhenAsked) {
  const std::vector<std::vector<char32_t>> one = {{U'a'}};
  const imaging::PatternAutomaton automaton(one);
  int calls = 0;
  automaton.forEachMatch({U'a', U'a', U'a'}, [&](std::size_t, std::size_t) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
}

}  // namespace
