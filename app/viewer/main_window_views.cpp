// MainWindow: what the centre shows besides a series' images: a structured report in place of
// them, and the second viewport (layout 1x2) with its compare series.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>

#include "browser_panel.h"
#include "imaging/media/structured_report.h"
#include "imaging/pixels/volume.h"
#include "main_window.h"
#include "main_window_latest.h"
#include "mpr_view.h"
#include "report_view.h"
#include "slice_view.h"
#include "tag_browser.h"

void MainWindow::setSideBySide(bool on) { setViewportCount(on ? 2 : 1); }

bool MainWindow::sideBySide() const { return compare_->isVisible(); }

bool MainWindow::showCompareSeries(int index) {
  if (!inventory_ || index < 0 || index >= seriesCount() || index == compare_series_) return false;
  const imaging::Series* series = tree_->seriesList()[static_cast<std::size_t>(index)];
  if (imaging::orderedSlices(*series).empty()) return false;
  const unsigned generation = ++compare_generation_;
  runLatest<std::shared_ptr<const imaging::Volume>>(
      generation, main_window_detail::volumeLoader(inventory_, series, cancel_),
      [this, index, series](std::shared_ptr<const imaging::Volume> volume) {
        compare_series_ = index;
        showInViewport(compare_, std::move(volume), series);
        syncInvertAction();
        emit compareShown();
      },
      &compare_generation_);
  return true;
}

void MainWindow::loadReport(int series_index) {
  const unsigned generation = ++generation_;
  const auto inventory = inventory_;
  const imaging::Series* series = tree_->seriesList()[static_cast<std::size_t>(series_index)];
  setBusy(tr("Loading %1 ...").arg(seriesLabel(*series)), false);
  runLatest<std::shared_ptr<const imaging::StructuredReport>>(
      generation,
      [inventory, series] {
        if (series->instances.empty()) throw imaging::Error(imaging::ErrorCode::NotFound, "the report series has no files");
        return std::make_shared<const imaging::StructuredReport>(imaging::readStructuredReport(series->instances.front().path));
      },
      [this, series_index](std::shared_ptr<const imaging::StructuredReport> report) { showReport(std::move(report), series_index); });
}

void MainWindow::showReport(std::shared_ptr<const imaging::StructuredReport> report, int series_index) {
  shown_series_ = series_index;
  const imaging::Series& series = *tree_->seriesList()[static_cast<std::size_t>(series_index)];
  keepAnnotations(view_);
  view_->clear();
  view_->setInvert(false);
  syncInvertAction();
  mpr_->clear();
  report_->showReport(*report, seriesLabel(series));
  views_->setCurrentWidget(report_);
  for (QWidget* w : std::initializer_list<QWidget*>{slider_, play_, fps_}) w->setEnabled(false);
  for (QAction* a : {measure_action_, angle_action_, mpr_action_}) a->setEnabled(false);
  if (mpr_action_->isChecked()) {
    const QSignalBlocker block(mpr_action_);
    mpr_action_->setChecked(false);
  }
  {
    const QSignalBlocker block(slider_);
    slider_->setRange(0, 0);  // as for a series opened directly on the report
  }
  presets_->clear();
  slice_label_->setText(tr("–"));
  if (tags_dock_->isVisible()) tags_->showFile(series.instances.front().path);
  setIdle(tr("%1: report").arg(seriesLabel(series)));
  report_->setFocus();
  emit seriesShown();
}
