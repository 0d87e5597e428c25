#pragma once
// Applies `--steps` to the main window one at a time, as a person would: each step goes through
// the same calls as its button, key or click, the window is repainted after it (so what an
// earlier step drew is on screen when the next one comes), and a series step waits until the
// series is shown. Emits finished() after the last step.
#include <QMetaObject>
#include <QObject>
#include <vector>

#include "viewer_steps.h"

class MainWindow;

class StepRunner : public QObject {
  Q_OBJECT
 public:
  StepRunner(MainWindow& window, std::vector<ViewerStep> steps, QObject* parent = nullptr);
  void start();

 signals:
  void finished();

 private:
  void next();
  // Applies one step; false when it started a series load (next() follows seriesShown).
  bool apply(const ViewerStep& step);
  void paintNow();

  MainWindow& window_;
  std::vector<ViewerStep> steps_;
  std::size_t done_ = 0;
  QMetaObject::Connection waiting_;
};
