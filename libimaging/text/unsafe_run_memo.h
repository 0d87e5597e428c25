#pragma once
// Remembers findUnsafeRuns' answers within a process. The judgement is a pure function of the
// text and the check (the vocabulary is fixed at build time), and a disk repeats the same study,
// series and protocol texts in every file of a series, so each is judged once (the measured gain
// is in docs/benchmarks.md). Thread-safe; bounded.
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "imaging/text/free_text.h"

namespace imaging::text::detail {

class UnsafeRunMemo {
 public:
  // Texts longer than this are judged every time (reports and long comments rarely repeat).
  static constexpr std::size_t kMaxTextBytes = 2048;
  // Bytes of text and runs kept at most; a full memo starts over (simple, and still bounded).
  static constexpr std::size_t kBudgetBytes = 16u << 20;

  static UnsafeRunMemo& instance();

  // The memo's answer, or judge(text, check) remembered.
  std::vector<UnsafeRun> find(std::string_view text, TextCheck check,
                              const std::function<std::vector<UnsafeRun>(std::string_view, TextCheck)>& judge);

  struct Stats {
    std::size_t hits = 0, misses = 0, bytes = 0, resets = 0;
  };
  Stats stats() const;

  UnsafeRunMemo();
  ~UnsafeRunMemo();
  UnsafeRunMemo(const UnsafeRunMemo&) = delete;
  UnsafeRunMemo& operator=(const UnsafeRunMemo&) = delete;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace imaging::text::detail
