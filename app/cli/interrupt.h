#pragma once
// Ctrl-C (SIGINT), SIGTERM and the other signals whose default is to end the process (SIGHUP from
// a closed terminal or dropped SSH session, SIGQUIT, SIGUSR1/2, SIGALRM) as a request to stop
// cleanly, so that no unpacked CD image or DICOMweb retrieval stays in $TMPDIR: long commands pass the flag to the
// library as its cancel flag, which then stops at a safe point (an export removes its staging
// folder and writes nothing; a send keeps its resume file). A second signal ends the process at
// once. The work itself runs on a thread with these signals blocked, so they land in the waiting
// thread and never interrupt a system call of the work (a network read, a write).
#include <atomic>
#include <csignal>
#include <exception>
#include <thread>

namespace scanshare_cli {

class StopOnInterrupt {
 public:
  StopOnInterrupt();
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

  // The flag to hand to the library; true once a signal asked to stop.
  const std::atomic<bool>* flag() const;
  bool requested() const { return flag()->load(); }

 private:
  static constexpr int kSignals = 7;
  struct sigaction previous_[kSignals] {};
  bool installed_[kSignals] {};
};

// Blocks those signals in the calling thread while a worker starts (it inherits the mask),
// then unblocks them here and waits for the worker. Exceptions of the work are rethrown.
class InterruptsBlocked {
 public:
  InterruptsBlocked();
  ~InterruptsBlocked();
  InterruptsBlocked(const InterruptsBlocked&) = delete;
  InterruptsBlocked& operator=(const InterruptsBlocked&) = delete;

 private:
  sigset_t previous_{};
};

template <typename Work>
auto runUninterrupted(Work work) -> decltype(work()) {
  std::exception_ptr failure;
  using Result = decltype(work());
  Result result{};
  std::thread worker;
  {
    const InterruptsBlocked blocked;
    worker = std::thread([&] {
      try {
        result = work();
      } catch (...) {
        failure = std::current_exception();
      }
    });
  }
  worker.join();
  if (failure) std::rethrow_exception(failure);
  return result;
}

}  // namespace scanshare_cli
