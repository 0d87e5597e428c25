#pragma once
// MainWindow::runLatest, shared by the files that define MainWindow's members: background work
// whose result is shown only while no newer request superseded it.
#include <QFutureWatcher>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include "imaging/core/error.h"
#include "main_window.h"

namespace main_window_detail {

template <typename T>
struct Outcome {
  T value{};
  QString error;  // empty: success
};

}  // namespace main_window_detail

template <typename T, typename Load, typename Show>
void MainWindow::runLatest(unsigned generation, Load load, Show show, const unsigned* latest) {
  auto* watcher = new QFutureWatcher<main_window_detail::Outcome<T>>(this);
  if (!latest) latest = &generation_;
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, show, latest] {
    const auto outcome = watcher->result();
    watcher->deleteLater();
    if (generation != *latest) return;
    if (!outcome.error.isEmpty()) {
      setIdle(outcome.error);
      emit loadFailed(outcome.error);
      return;
    }
    show(outcome.value);
  });
  watcher->setFuture(QtConcurrent::run([load] {
    main_window_detail::Outcome<T> outcome;
    try {
      outcome.value = load();
    } catch (const imaging::Error& e) {
      outcome.error = QString::fromStdString(e.oneLine());
    }
    return outcome;
  }));
}
