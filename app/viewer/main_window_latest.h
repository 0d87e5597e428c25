#pragma once
// MainWindow::runLatest, shared by the files that define MainWindow's members: background work
// whose result is shown only while no newer request superseded it.
#include <QFutureWatcher>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>

#include "imaging/core/error.h"
#include "imaging/pixels/volume.h"
#include "main_window.h"

namespace main_window_detail {

template <typename T>
struct Outcome {
  T value{};
  QString error;  // empty: success
};

// The background load of a series' volume for runLatest (the main view and the compare view);
// the inventory is held so that the series outlives the load.
inline auto volumeLoader(std::shared_ptr<imaging::Inventory> inventory, const imaging::Series* series,
                         std::shared_ptr<std::atomic<bool>> cancel) {
  return [inventory = std::move(inventory), series, cancel = std::move(cancel)] {
    imaging::VolumeOptions options;
    options.cancel = cancel.get();
    return std::make_shared<const imaging::Volume>(imaging::loadVolume(*series, options));
  };
}

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
