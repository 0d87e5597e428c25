#pragma once
// Runs f(i) for i in [0, n) on `jobs` threads, each taking the next index. Stops handing out
// work when cancel is set. The first exception from f is rethrown after all threads finished.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace imaging::workflow {

// The threads of parallelFor and parallelForByFolder: each thread asks next(state) for its next
// index (state starts at kNoState, one per thread) until it gets n or more, and runs f on it.
constexpr std::size_t kNoState = static_cast<std::size_t>(-1);

template <typename Next, typename F>
void runOnThreads(std::size_t n, unsigned jobs, const std::atomic<bool>* cancel, Next&& next, F&& f) {
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto worker = [&] {
    std::size_t state = kNoState;
    for (;;) {
      if ((cancel != nullptr && cancel->load()) || failed.load()) return;
      const std::size_t i = next(state);
      if (i >= n) return;
      try {
        f(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed.store(true);
        return;
      }
    }
  };
  const unsigned threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(jobs == 0 ? 1 : jobs, n)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

template <typename F>
void parallelFor(std::size_t n, unsigned jobs, const std::atomic<bool>* cancel, F&& f) {
  std::atomic<std::size_t> next{0};
  runOnThreads(n, jobs, cancel, [&next](std::size_t&) { return next.fetch_add(1); }, f);
}

}  // namespace imaging::workflow
