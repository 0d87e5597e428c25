// MainWindow: the active viewport (the one the tools act on, with its border) and the regions,
// arrows and notes kept per series for the session.
#include <QAction>
#include <QSignalBlocker>

#include "browser_panel.h"
#include "main_window.h"
#include "mpr_view.h"
#include "slice_view.h"

SliceView* MainWindow::activeView() const { return active_ && active_->isVisible() ? active_ : view_; }

int MainWindow::activeViewport() const {
  for (int c = 0; c < 4; ++c)
    if (cellView(c) == activeView()) return c;
  return 0;
}

void MainWindow::setActiveViewport(int cell) {
  SliceView* view = cellView(cell);
  if (!view || cell >= viewportCount()) return;
  active_ = view;
  updateReferenceLines();
  updateActiveHighlight();
}

void MainWindow::syncInvertAction() {
  // The Invert button shows the active viewport's state (each viewport is inverted on its own).
  const QSignalBlocker block(invert_action_);
  invert_action_->setChecked(activeView()->inverted());
}

std::vector<SliceView*> MainWindow::viewports() const { return {view_, compare_, cells_[0], cells_[1]}; }

void MainWindow::updateActiveHighlight() {
  // Only where there is more than one viewport to choose from; viewport 1 is MPR while it is on.
  const bool several = viewportCount() > 1;
  for (int c = 0; c < 4; ++c) cellView(c)->setHighlighted(several && cellView(c) == activeView());
  mpr_->setHighlighted(several && activeView() == view_);
  syncInvertAction();
}

void MainWindow::keepAnnotations(SliceView* cell) {
  const auto shown = viewport_series_.find(cell);
  if (shown == viewport_series_.end() || !shown->second) return;
  kept_annotations_[shown->second] = cell->annotations();
  shown->second = nullptr;
}

void MainWindow::showInViewport(SliceView* cell, std::shared_ptr<const imaging::Volume> volume, const imaging::Series* series) {
  keepAnnotations(cell);
  cell->setVolume(std::move(volume), identity_words_.cornerLabel(*series));
  viewport_series_[cell] = series;
  if (const auto kept = kept_annotations_.find(series); kept != kept_annotations_.end()) cell->setAnnotations(kept->second);
}
