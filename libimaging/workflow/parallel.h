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

template <typename F>
void parallelFor(std::size_t n, unsigned jobs, const std::atomic<bool>* cancel, F&& f) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (;;) {
      if (cancel != nullptr && cancel->load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        f(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        next.store(n);
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

}  // namespace imaging::workflow
