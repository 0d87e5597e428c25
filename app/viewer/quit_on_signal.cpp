#include "quit_on_signal.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QSocketNotifier>
#include <atomic>
#include <cerrno>

namespace {

int g_pipe[2] = {-1, -1};
std::atomic<int> g_received{0};

void onSignal(int signal) {
  const int saved = errno;
  g_received.store(signal);
  const char byte = static_cast<char>(signal);
  [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
  errno = saved;
}

void install(int signal) {
  struct sigaction action {}, previous {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  if (sigaction(signal, &action, &previous) == 0 && previous.sa_handler == SIG_IGN)
    sigaction(signal, &previous, nullptr);  // started ignoring it (nohup): stays so
}

}  // namespace

QuitOnSignal::QuitOnSignal(QObject* parent) : QObject(parent) {
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
  auto* notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
  connect(notifier, &QSocketNotifier::activated, this, [notifier] {
    char byte = 0;
    while (::read(g_pipe[0], &byte, 1) > 0) {
    }
    notifier->setEnabled(false);
    QCoreApplication::exit(128 + g_received.load());
  });
  for (const int signal : {SIGTERM, SIGHUP, SIGINT}) install(signal);
}

int QuitOnSignal::received() { return g_received.load(); }
