#include "unsafe_run_memo.h"

#include <array>
#include <mutex>
#include <string>
#include <unordered_map>

namespace imaging::text::detail {

namespace {
// Shards keep two worker threads from queueing on one lock.
constexpr std::size_t kShards = 16;

struct Shard {
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<UnsafeRun>> answers;  // key: check byte + text
  std::size_t bytes = 0;
};

std::string keyOf(std::string_view text, TextCheck check) {
  std::string key;
  key.reserve(text.size() + 1);
  key.push_back(static_cast<char>(check));
  key.append(text);
  return key;
}
}  // namespace

struct UnsafeRunMemo::Impl {
  std::array<Shard, kShards> shards;
  std::mutex stats_mutex;
  Stats stats;
};

UnsafeRunMemo::UnsafeRunMemo() : impl_(new Impl) {}
UnsafeRunMemo::~UnsafeRunMemo() { delete impl_; }

UnsafeRunMemo& UnsafeRunMemo::instance() {
  static UnsafeRunMemo memo;
  return memo;
}

std::vector<UnsafeRun> UnsafeRunMemo::find(
    std::string_view text, TextCheck check,
    const std::function<std::vector<UnsafeRun>(std::string_view, TextCheck)>& judge) {
  if (text.size() > kMaxTextBytes) return judge(text, check);
  std::string key = keyOf(text, check);
  Shard& shard = impl_->shards[std::hash<std::string>{}(key) % kShards];
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    const auto found = shard.answers.find(key);
    if (found != shard.answers.end()) {
      std::vector<UnsafeRun> runs = found->second;
      std::lock_guard<std::mutex> stats_lock(impl_->stats_mutex);
      ++impl_->stats.hits;
      return runs;
    }
  }
  // Judged outside the lock: another thread may judge the same text meanwhile; both answers are equal.
  std::vector<UnsafeRun> runs = judge(text, check);
  const std::size_t cost = key.size() + runs.size() * sizeof(UnsafeRun) + 64;
  bool reset = false;
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (shard.bytes + cost > kBudgetBytes / kShards) {
      shard.answers.clear();
      shard.bytes = 0;
      reset = true;
    }
    if (shard.answers.emplace(std::move(key), runs).second) shard.bytes += cost;
  }
  std::lock_guard<std::mutex> stats_lock(impl_->stats_mutex);
  ++impl_->stats.misses;
  if (reset) ++impl_->stats.resets;
  return runs;
}

UnsafeRunMemo::Stats UnsafeRunMemo::stats() const {
  Stats s;
  {
    std::lock_guard<std::mutex> stats_lock(impl_->stats_mutex);
    s = impl_->stats;
  }
  s.bytes = 0;
  for (Shard& shard : impl_->shards) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    s.bytes += shard.bytes;
  }
  return s;
}

}  // namespace imaging::text::detail
