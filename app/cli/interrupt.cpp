#include "interrupt.h"

#include <pthread.h>

namespace scanshare_cli {
namespace {

// Every signal whose default action ends the process and that a person or the session sends;
// SIGPIPE is the send module's (ignored there), SIGKILL cannot be caught (sweepStaleTempDirs).
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM};

std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag is set from a signal handler");

void requestStop(int /*signal*/) { g_stop_requested.store(true, std::memory_order_relaxed); }

// Installs the handler for one signal unless the program was started with it ignored (nohup, a
// background job), which stays so. SA_RESETHAND: the second signal has its default effect.
bool install(int signal, struct sigaction& previous) {
  struct sigaction action {};
  action.sa_handler = requestStop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  if (sigaction(signal, &action, &previous) != 0) return false;
  if (previous.sa_handler == SIG_IGN) {
    sigaction(signal, &previous, nullptr);
    return false;
  }
  return true;
}

}  // namespace

StopOnInterrupt::StopOnInterrupt() {
  g_stop_requested.store(false);
  static_assert(sizeof(kStopSignals) / sizeof(kStopSignals[0]) == kSignals, "one slot per signal");
  for (int k = 0; k < kSignals; ++k) installed_[k] = install(kStopSignals[k], previous_[k]);
}

StopOnInterrupt::~StopOnInterrupt() {
  for (int k = 0; k < kSignals; ++k)
    if (installed_[k]) sigaction(kStopSignals[k], &previous_[k], nullptr);
}

const std::atomic<bool>* StopOnInterrupt::flag() const { return &g_stop_requested; }

InterruptsBlocked::InterruptsBlocked() {
  sigset_t blocked;
  sigemptyset(&blocked);
  for (const int signal : kStopSignals) sigaddset(&blocked, signal);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous_);
}

InterruptsBlocked::~InterruptsBlocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

}  // namespace scanshare_cli
