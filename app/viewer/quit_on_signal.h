#pragma once
// SIGTERM (logout, shutdown), SIGHUP (closed terminal or session) and SIGINT end the viewer
// through its event loop instead of killing it, so that the window and the unpacked CD image it
// holds are destroyed and the private temporary folder removed. A signal handler can only write a
// byte to a pipe; a QSocketNotifier on the other end asks the Qt loop to quit. A second signal has
// its default effect. What cannot be caught (SIGKILL, a lost X display) is left to the library's
// sweep at the next start (imaging::sweepStaleTempDirs).
#include <QObject>

class QuitOnSignal : public QObject {
  Q_OBJECT
 public:
  explicit QuitOnSignal(QObject* parent = nullptr);
  // The signal that asked to quit, 0 if none.
  static int received();
};
