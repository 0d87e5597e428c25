// MainWindow: layouts of one, two or four viewports (1x1, 1x2, 2x2), linked scrolling and reference
// lines between them. The geometry (nearest slice, where one slice's plane cuts another) is
// libimaging's (imaging/pixels/slice_link.h); this file only wires the views together.
#include <QAction>
#include <QActionGroup>
#include <QGridLayout>
#include <QKeySequence>
#include <QMenu>
#include <QSignalBlocker>

#include "browser_panel.h"
#include "imaging/pixels/slice_link.h"
#include "main_window.h"
#include "main_window_latest.h"
#include "mpr_view.h"
#include "shortcuts.h"
#include "slice_view.h"

void MainWindow::buildGridActions(QMenu* view) {
  grid_action_ = view->addAction(tr("Four viewports (2x2)"), this, [this](bool on) { setViewportCount(on ? 4 : 1); });
  grid_action_->setCheckable(true);
  grid_action_->setToolTip(tr("Four viewports; right-click a series: Show in viewport 3 or 4"));
  link_action_ = view->addAction(tr("Link scrolling"), this, [this](bool on) { setLinkedScrolling(on); });
  link_action_->setCheckable(true);
  link_action_->setShortcut(QKeySequence(shortcutFor("Link scrolling of the viewports"), QKeySequence::PortableText));
  link_action_->setToolTip(tr("Scrolling one viewport moves the others to the nearest position"));
  link_window_action_ = view->addAction(tr("Link window/level"), this, [this](bool on) { setLinkedWindow(on); });
  link_window_action_->setCheckable(true);
  link_window_action_->setToolTip(tr("A window set in one viewport is set in the others"));
  // MPR thick-slab MIP (not a layout, but a View entry beside them).
  QMenu* slab = view->addMenu(tr("MPR thick slab (MIP)"));
  auto* group = new QActionGroup(slab);
  for (double mm : {0.0, 5.0, 10.0, 20.0, 40.0}) {
    QAction* a = slab->addAction(mm == 0.0 ? tr("Off (thin planes)") : tr("%1 mm").arg(mm), this, [this, mm] { mpr_->setSlabMip(mm); });
    a->setCheckable(true);
    a->setChecked(mm == 0.0);
    group->addAction(a);
  }
  // Oblique MPR: Shift+drag in a pane rotates the crosshair; this returns to orthogonal planes.
  QAction* reset = view->addAction(tr("Reset MPR rotation"), this, [this] { mpr_->resetRotation(); });
  reset->setShortcut(QKeySequence(shortcutFor("Reset MPR rotation (orthogonal planes)"), QKeySequence::PortableText));
}

void MainWindow::setViewportCount(int count) {
  compare_->setVisible(count >= 2);
  for (SliceView* cell : cells_) cell->setVisible(count >= 4);
  // Equal halves for the viewports shown; nothing for an empty column or row.
  viewport_grid_->setColumnStretch(1, count >= 2 ? 1 : 0);
  viewport_grid_->setRowStretch(1, count >= 4 ? 1 : 0);
  for (auto [action, checked] : {std::pair{layout_action_, count == 2}, std::pair{grid_action_, count == 4}}) {
    if (action && action->isChecked() != checked) {
      const QSignalBlocker block(action);
      action->setChecked(checked);
    }
  }
  if (!cellView(0) || !cellView(viewportCount() - 1)) return;
  if (!active_ || !active_->isVisible()) active_ = view_;
  updateReferenceLines();
  updateActiveHighlight();
}

int MainWindow::viewportCount() const { return cells_[0]->isVisible() ? 4 : compare_->isVisible() ? 2 : 1; }

SliceView* MainWindow::cellView(int cell) const {
  switch (cell) {
    case 0: return view_;
    case 1: return compare_;
    case 2: case 3: return cells_[cell - 2];
    default: return nullptr;
  }
}

bool MainWindow::showCellSeries(int cell, int index) {
  if (cell == 0) return showSeries(index);
  if (cell == 1) return showCompareSeries(index);
  if (cell < 2 || cell > 3 || !inventory_ || index < 0 || index >= seriesCount()) return false;
  const int slot = cell - 2;
  if (index == cell_series_[slot]) return false;
  const imaging::Series* series = tree_->seriesList()[static_cast<std::size_t>(index)];
  if (imaging::orderedSlices(*series).empty()) return false;
  const unsigned generation = ++cell_generation_[slot];
  runLatest<std::shared_ptr<const imaging::Volume>>(
      generation, main_window_detail::volumeLoader(inventory_, series, cancel_),
      [this, index, series, slot](std::shared_ptr<const imaging::Volume> volume) {
        cell_series_[slot] = index;
        showInViewport(cells_[slot], std::move(volume), series);
        emit compareShown();
      },
      &cell_generation_[slot]);
  return true;
}

void MainWindow::setLinkedScrolling(bool on) {
  linked_ = on;
  if (link_action_ && link_action_->isChecked() != on) {
    const QSignalBlocker block(link_action_);
    link_action_->setChecked(on);
  }
  if (on && active_) followSlice(active_);
}

void MainWindow::setLinkedWindow(bool on) {
  linked_window_ = on;
  if (link_window_action_ && link_window_action_->isChecked() != on) {
    const QSignalBlocker block(link_window_action_);
    link_window_action_->setChecked(on);
  }
  if (on && active_ && active_->volume()) followWindow(active_);
}

void MainWindow::followWindow(SliceView* source) {
  if (!linked_window_ || following_window_ || !source->volume()) return;
  following_window_ = true;
  for (int c = 0; c < viewportCount(); ++c) {
    SliceView* other = cellView(c);
    if (other != source && other->volume()) other->setWindow(source->window());
  }
  following_window_ = false;
}

void MainWindow::followSlice(SliceView* source) {
  if (following_) return;
  // A viewport that got another series keeps the others where they are and follows the active
  // one; a viewport that was scrolled becomes the active one.
  const imaging::Volume* volume = source->volume();
  const bool new_series = seen_volume_[source] != volume;
  seen_volume_[source] = volume;
  if (!new_series && volume) active_ = source;
  if (!active_ || !active_->volume()) active_ = view_;
  if (linked_ && active_->volume()) {
    following_ = true;
    for (int c = 0; c < viewportCount(); ++c) {
      SliceView* other = cellView(c);
      if (other == active_ || !other->volume()) continue;
      if (const auto k = imaging::nearestSlice(*active_->volume(), active_->sliceIndex(), *other->volume())) other->setSlice(*k);
    }
    following_ = false;
  }
  updateReferenceLines();
  updateActiveHighlight();
}

void MainWindow::updateReferenceLines() {
  const int count = viewportCount();
  for (int c = 0; c < 4; ++c) {
    SliceView* cell = cellView(c);
    std::optional<QLineF> line;
    if (c < count && count > 1 && cell != active_ && cell->volume() && active_ && active_->volume()) {
      if (const auto l = imaging::referenceLine(*active_->volume(), active_->sliceIndex(), *cell->volume(), cell->sliceIndex()))
        line = QLineF(l->first.column, l->first.row, l->second.column, l->second.row);
    }
    cell->setReferenceLine(line);
  }
}
