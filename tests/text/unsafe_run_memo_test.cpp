// The memo in front of findUnsafeRuns: the same answers as judging afresh, per check, from any
// thread, and bounded.
#include "unsafe_run_memo.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "imaging/text/free_text.h"

namespace imaging::text {
namespace {

bool sameRuns(const std::vector<UnsafeRun>& a, const std::vector<UnsafeRun>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].begin != b[i].begin || a[i].end != b[i].end || a[i].rule != b[i].rule) return false;
  return true;
}

TEST(UnsafeRunMemo, RemembersPerTextAndCheck) {
  detail::UnsafeRunMemo memo;
  std::atomic<int> judged{0};
  auto judge = [&](std::string_view text, TextCheck check) {
    ++judged;
    // A stand-in judgement that depends on both the text and the check.
    return std::vector<UnsafeRun>{{0, text.size(), check == TextCheck::Shapes ? TextRule::Date : TextRule::PersonName}};
  };
  const auto first = memo.find("Knee left", TextCheck::WordsAndShapes, judge);
  const auto again = memo.find("Knee left", TextCheck::WordsAndShapes, judge);
  EXPECT_EQ(judged.load(), 1);
  EXPECT_TRUE(sameRuns(first, again));
  const auto other_check = memo.find("Knee left", TextCheck::Shapes, judge);
  EXPECT_EQ(judged.load(), 2);
  ASSERT_EQ(other_check.size(), 1u);
  EXPECT_EQ(other_check[0].rule, TextRule::Date);
  EXPECT_EQ(memo.stats().hits, 1u);
  EXPECT_EQ(memo.stats().misses, 2u);
}

TEST(UnsafeRunMemo, LongTextsAreJudgedEveryTime) {
  detail::UnsafeRunMemo memo;
  int judged = 0;
  auto judge = [&](std::string_view, TextCheck) { ++judged; return std::vector<UnsafeRun>{}; };
  const std::string long_text(detail::UnsafeRunMemo::kMaxTextBytes + 1, 'a');
  memo.find(long_text, TextCheck::WordsAndShapes, judge);
  memo.find(long_text, TextCheck::WordsAndShapes, judge);
  EXPECT_EQ(judged, 2);
}

TEST(UnsafeRunMemo, StaysWithinItsBudget) {
  detail::UnsafeRunMemo memo;
  auto judge = [](std::string_view, TextCheck) { return std::vector<UnsafeRun>{}; };
  // 40000 distinct 1 KB texts: 40 MB of keys, more than twice the budget.
  for (int i = 0; i < 40000; ++i) {
    std::string text = std::to_string(i);
    text.resize(1024, 'x');
    memo.find(text, TextCheck::Shapes, judge);
  }
  const auto stats = memo.stats();
  EXPECT_GT(stats.resets, 0u);
  EXPECT_LE(stats.bytes, detail::UnsafeRunMemo::kBudgetBytes);
}

// The real matcher through the memo, from four threads at once, equals each text's first answer.
TEST(UnsafeRunMemo, ConcurrentAnswersEqualTheSequentialOnes) {
  const std::vector<std::string> texts = {
      "MRI knee left without contrast", "Call Dr. Jane Smith at 555-014-9921", "seen on 04.07.1956",
      "Patient John Doe, 42 Elm Street", "T2 FSE sagittal", "ID 1234567 referred by Meyer"};
  std::vector<std::vector<UnsafeRun>> expected;
  for (const auto& t : texts) expected.push_back(findUnsafeRuns(t, TextCheck::WordsAndShapes));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int round = 0; round < 200; ++round)
        for (std::size_t i = 0; i < texts.size(); ++i)
          if (!sameRuns(findUnsafeRuns(texts[i], TextCheck::WordsAndShapes), expected[i])) ++mismatches;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  // And the memo did not blur the checks: a name is unsafe as prose, fine as a technical token.
  EXPECT_FALSE(findUnsafeRuns("Jane Smith", TextCheck::WordsAndShapes).empty());
  EXPECT_TRUE(findUnsafeRuns("Jane Smith", TextCheck::Shapes).empty());
}

}  // namespace
}  // namespace imaging::text
