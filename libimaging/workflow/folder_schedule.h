#pragma once
// Runs f(i) for i in [0, n) on `jobs` threads, keeping the threads in different output folders.
// Creating a file takes its folder's lock, and ext4 allocates the inode under it: two workers
// writing into one series folder spent a quarter of a small export's CPU spinning on that lock when
// inode allocation was slow (after a large delete; docs/benchmarks.md), where a single-threaded tool
// never waits. Items come in runs (a run: consecutive items of one folder, `run_starts` ascending,
// the first 0). Each thread works through a run of its own; a thread that finishes takes the next
// unclaimed run, unless that run starts more than `max_ahead` items after the earliest unfinished
// one (the DICOMDIR's records wait in file order, so running far ahead would hold them all), and
// then, like a thread with no run left to take, it shares the earliest unfinished run.
// Stops handing out work when cancel is set; the first exception from f is rethrown at the end.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

#include "parallel.h"

namespace imaging::workflow {

class FolderSchedule {
 public:
  FolderSchedule(std::vector<std::size_t> run_starts, std::size_t n, std::size_t max_ahead)
      : n_(n), max_ahead_(max_ahead) {
    // Every item belongs to a run, whatever the starts given: 0 and n bound them.
    run_starts.push_back(0);
    run_starts.push_back(n);
    std::sort(run_starts.begin(), run_starts.end());
    run_starts.erase(std::unique(run_starts.begin(), run_starts.end()), run_starts.end());
    for (std::size_t r = 0; r + 1 < run_starts.size() && run_starts[r + 1] <= n; ++r)
      runs_.emplace_back(run_starts[r], run_starts[r + 1]);
  }

  // The next item for a thread that was working in run `*run` (kNoRun: none yet); updates *run.
  // Returns n when nothing is left.
  std::size_t next(std::size_t* run) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (*run != kNoRun && runs_[*run].next < runs_[*run].end) return runs_[*run].next++;
    // The earliest run with items left is where the export's earliest unfinished item lies.
    while (earliest_ < runs_.size() && runs_[earliest_].next >= runs_[earliest_].end) ++earliest_;
    if (earliest_ == runs_.size()) return n_;
    if (claimed_ < runs_.size() && runs_[claimed_].begin <= runs_[earliest_].next + max_ahead_) {
      *run = claimed_++;
    } else {
      // Share it (only that run's folder is written by two threads then). It was claimed already:
      // an unclaimed earliest run starts at or before its own next item, so it is never too far.
      *run = earliest_;
    }
    return runs_[*run].next++;
  }

  static constexpr std::size_t kNoRun = kNoState;  // a thread that has no run yet

 private:
  struct Run {
    std::size_t begin, end, next;
    Run(std::size_t b, std::size_t e) : begin(b), end(e), next(b) {}
  };
  std::size_t n_, max_ahead_;
  std::vector<Run> runs_;
  std::size_t claimed_ = 0;   // runs before it have been taken by a thread
  std::size_t earliest_ = 0;  // runs before it are finished being handed out
  std::mutex mutex_;
};

template <typename F>
void parallelForByFolder(std::vector<std::size_t> run_starts, std::size_t n, unsigned jobs, std::size_t max_ahead,
                         const std::atomic<bool>* cancel, F&& f) {
  FolderSchedule schedule(std::move(run_starts), n, max_ahead);
  runOnThreads(n, jobs, cancel, [&schedule](std::size_t& run) { return schedule.next(&run); }, f);
}

}  // namespace imaging::workflow
