#include "interrupt.h"

#include <pthread.h>

namespace scanshare_cli {
namespace {

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
  installed_int_ = install(SIGINT, previous_int_);
  installed_term_ = install(SIGTERM, previous_term_);
}

StopOnInterrupt::~StopOnInterrupt() {
  if (installed_int_) sigaction(SIGINT, &previous_int_, nullptr);
  if (installed_term_) sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<bool>* StopOnInterrupt::flag() const { return &g_stop_requested; }

InterruptsBlocked::InterruptsBlocked() {
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGINT);
  sigaddset(&blocked, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous_);
}

InterruptsBlocked::~InterruptsBlocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

}  // namespace scanshare_cli
