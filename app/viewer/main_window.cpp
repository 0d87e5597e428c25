#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "about_dialog.h"
#include "browser_panel.h"
#include "image_actions.h"
#include "imaging/core/error.h"
#include "imaging/media/presentation_state.h"
#include "imaging/media/scan.h"
#include "imaging/pixels/render.h"
#include "main_window_latest.h"
#include "mpr_view.h"
#include "report_view.h"
#include "share_dialog.h"
#include "share_entry.h"
#include "slice_view.h"
#include "tag_browser.h"

namespace {

constexpr int kAttributesWidth = 480;  // the attributes panel, in pixels, when it is shown

QImage toQImage(const imaging::Rgb8Image& image) {
  const auto format = image.channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
  return QImage(image.pixels.data(), image.width, image.height, image.width * image.channels, format).copy();
}

}  // namespace

MainWindow::MainWindow(bool remember_layout) : remember_layout_(remember_layout) {
  setWindowTitle(tr("ScanShare Viewer"));
  setAcceptDrops(true);
  resize(1200, 800);
  buildCentre();
  buildDocks();
  buildActions();
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(220);
  progress_->setVisible(false);
  cancel_button_ = new QToolButton(this);
  cancel_button_->setText(tr("Cancel"));
  cancel_button_->setVisible(false);
  connect(cancel_button_, &QToolButton::clicked, this, [this] {
    if (cancel_) cancel_->store(true);
  });
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_button_);
  statusBar()->showMessage(tr("Open a CD, folder or zip to look at its images."));
  if (remember_layout_) restoreState(QSettings().value("window/state").toByteArray());
  // Versions before 2026-12-06 kept the full path of the last medium opened here: forgotten.
  if (remember_layout_) QSettings().remove("last/folder");
}

MainWindow::~MainWindow() {
  if (cancel_) cancel_->store(true);
}

void MainWindow::buildCentre() {
  auto* centre = new QWidget(this);
  auto* layout = new QVBoxLayout(centre);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  views_ = new QStackedWidget(centre);
  view_ = new SliceView(views_);
  mpr_ = new MprView(views_);
  views_->addWidget(view_);
  views_->addWidget(mpr_);
  report_ = new ReportView(views_);
  views_->addWidget(report_);
  // Layout 1x2: the current series (views_) and the compare viewport share the width equally;
  // 2x2 adds viewports 3 and 4 below them (hidden widgets take no room in the grid).
  auto* viewports = new QGridLayout;
  viewport_grid_ = viewports;
  viewports->setColumnStretch(0, 1);
  viewports->setRowStretch(0, 1);
  viewports->setContentsMargins(0, 0, 0, 0);
  viewports->setSpacing(2);
  compare_ = new SliceView(centre);
  compare_->setEmptyText(tr("Choose a series to compare"));
  compare_->setVisible(false);
  viewports->addWidget(views_, 0, 0);
  viewports->addWidget(compare_, 0, 1);
  for (int i = 0; i < 2; ++i) {
    cells_[i] = new SliceView(centre);
    cells_[i]->setEmptyText(tr("Right-click a series in the list: Show in viewport %1 (2x2)").arg(i + 3));
    cells_[i]->setVisible(false);
    viewports->addWidget(cells_[i], 1, i);
  }
  active_ = view_;
  connect(mpr_, &MprView::activated, this, [this] { setActiveViewport(0); });
  for (SliceView* cell : {view_, compare_, cells_[0], cells_[1]}) {
    connect(cell, &SliceView::activated, this, [this, cell] { setActiveViewport(static_cast<int>(cell == compare_) + 2 * (cell == cells_[0]) + 3 * (cell == cells_[1])); });
    connect(cell, &SliceView::sliceChanged, this, [this, cell] { followSlice(cell); });
    // A new series announces its own default window; only a window chosen later is shared.
    connect(cell, &SliceView::windowChanged, this, [this, cell] {
      const imaging::Volume*& seen = window_seen_volume_[cell];
      if (seen == cell->volume()) followWindow(cell);
      seen = cell->volume();
    });
  }
  layout->addLayout(viewports, 1);
  // One window/level for both views.
  connect(view_, &SliceView::windowChanged, mpr_, &MprView::setWindow);
  connect(mpr_, &MprView::windowChanged, view_, &SliceView::setWindow);
  connect(view_, &SliceView::voiLutChanged, mpr_, [this] { mpr_->setVoiLut(view_->voiLut()); });

  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(6, 0, 6, 4);
  play_ = new QToolButton(centre);
  play_->setText(tr("Play"));
  play_->setCheckable(true);
  play_->setToolTip(tr("Cine (Space)"));
  fps_ = new QSpinBox(centre);
  fps_->setRange(1, 60);
  fps_->setValue(15);
  fps_->setSuffix(tr(" fps"));
  slider_ = new QSlider(Qt::Horizontal, centre);
  slider_->setEnabled(false);
  slider_->setMinimumWidth(120);
  slice_label_ = new QLabel(tr("–"), centre);
  slice_label_->setMinimumWidth(70);
  presets_ = new QComboBox(centre);
  presets_->setMinimumWidth(180);
  presets_->setToolTip(tr("Window presets (right-drag on the image to adjust)"));
  controls->addWidget(play_);
  controls->addWidget(fps_);
  controls->addWidget(slider_, 1);
  controls->addWidget(slice_label_);
  controls->addWidget(new QLabel(tr("Window:"), centre));
  controls->addWidget(presets_);
  layout->addLayout(controls);
  setCentralWidget(centre);

  cine_timer_ = new QTimer(this);
  connect(cine_timer_, &QTimer::timeout, this, [this] {
    const int n = view_->sliceCount();
    if (n > 0) view_->setSlice((view_->sliceIndex() + 1) % n);
  });
  connect(play_, &QToolButton::toggled, this, &MainWindow::toggleCine);
  connect(fps_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int fps) { cine_timer_->setInterval(1000 / fps); });
  connect(slider_, &QSlider::valueChanged, view_, &SliceView::setSlice);
  connect(view_, &SliceView::sliceChanged, this, &MainWindow::onSliceChanged);
  connect(presets_, qOverload<int>(&QComboBox::activated), this, &MainWindow::applyPreset);
}

void MainWindow::buildDocks() {
  tree_ = new BrowserTree(this);
  auto* browser_dock = new QDockWidget(tr("Series"), this);
  browser_dock->setObjectName("series-dock");
  browser_dock->setWidget(tree_);
  addDockWidget(Qt::LeftDockWidgetArea, browser_dock);
  connect(tree_, &BrowserTree::seriesActivated, this, &MainWindow::loadSeries);
  connect(tree_, &BrowserTree::compareRequested, this, [this](int index) {
    setSideBySide(true);
    showCompareSeries(index);
  });
  connect(tree_, &BrowserTree::cellRequested, this, [this](int index, int cell) {
    setViewportCount(4);
    showCellSeries(cell, index);
  });

  problems_ = new QListWidget(this);
  problems_->setWordWrap(true);
  auto* problems_dock = new QDockWidget(tr("Problems on this disk"), this);
  problems_dock->setObjectName("problems-dock");
  problems_dock->setWidget(problems_);
  addDockWidget(Qt::LeftDockWidgetArea, problems_dock);

  tags_ = new TagBrowser(this);
  tags_dock_ = new QDockWidget(tr("Attributes"), this);
  tags_dock_->setObjectName("tags-dock");
  tags_dock_->setWidget(tags_);
  addDockWidget(Qt::RightDockWidgetArea, tags_dock_);
  tags_dock_->hide();
  resizeDocks({browser_dock, tags_dock_}, {330, kAttributesWidth}, Qt::Horizontal);
  resizeDocks({browser_dock, problems_dock}, {520, 160}, Qt::Vertical);
  browser_dock_ = browser_dock;
  connect(tags_dock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (attributes_action_ && attributes_action_->isChecked() != visible) {
      const QSignalBlocker block(attributes_action_);
      attributes_action_->setChecked(visible);
    }
    if (visible && view_->volume()) tags_->showFile(view_->volume()->slices[static_cast<std::size_t>(view_->sliceIndex())].path);
  });
}

void MainWindow::buildActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open_folder = file->addAction(tr("Open &folder or CD..."), this, [this] {
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open folder or CD"), settings.value("last/parent").toString());
    if (!dir.isEmpty()) openPath(dir);
  });
  open_folder->setShortcut(QKeySequence::Open);
  file->addAction(tr("Open &zip, CD image or file..."), this, [this] {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open zip, CD image or DICOM file"), settings.value("last/parent").toString(),
                                                      tr("Zip, CD image or DICOM (*.zip *.iso *.dcm DICOMDIR *);;All files (*)"));
    if (!path.isEmpty()) openPath(path);
  });
  file->addSeparator();
  // The share flow plugs in here (see share_entry.h).
  share_action_ = createShareAction(this);
  connect(share_action_, &QAction::triggered, this, [this] { openShareDialog(true); });
  file->addAction(share_action_);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QToolBar* toolbar = addToolBar(tr("Tools"));
  toolbar->setObjectName("tools");
  auto add = [&](const QString& text, const QKeySequence& key, auto slot) {
    QAction* action = view->addAction(text, this, slot);
    action->setShortcut(key);
    toolbar->addAction(action);
    return action;
  };
  // These act on the active viewport (the one last clicked or scrolled).
  add(tr("Fit"), QKeySequence(Qt::Key_F), [this] { activeView()->fit(); });
  add(tr("1:1"), QKeySequence(Qt::Key_1), [this] { activeView()->oneToOne(); });
  add(tr("Zoom in"), QKeySequence(Qt::CTRL | Qt::Key_Plus), [this] { activeView()->zoomBy(1.25); });
  add(tr("Zoom out"), QKeySequence(Qt::CTRL | Qt::Key_Minus), [this] { activeView()->zoomBy(0.8); });
  // Invert acts on the active viewport like the other view tools (it inverted viewport 1 whichever
  // viewport was active); MPR is viewport 1's.
  invert_action_ = add(tr("Invert"), QKeySequence(Qt::Key_I), [this](bool on) {
    SliceView* view = activeView();
    view->setInvert(on);
    if (view == view_) mpr_->setInvert(on);
  });
  invert_action_->setCheckable(true);
  auto* overlays_action = add(tr("Overlays"), QKeySequence(Qt::Key_O), [this](bool on) {
    view_->setShowImageOverlays(on);
    mpr_->setShowImageOverlays(on);
  });
  overlays_action->setCheckable(true);
  overlays_action->setChecked(true);
  overlays_action->setToolTip(tr("Show the image's overlay planes (O)"));
  measure_action_ = add(tr("Length"), QKeySequence(Qt::Key_L), [this](bool on) {
    if (on) angle_action_->setChecked(false);
    for (SliceView* cell : viewports()) cell->setTool(on ? SliceView::Tool::Length : SliceView::Tool::None);
  });
  measure_action_->setCheckable(true);
  measure_action_->setToolTip(tr("Length in mm (L): drag with the left button (only where the image has pixel spacing)"));
  angle_action_ = add(tr("Angle"), QKeySequence(Qt::Key_A), [this](bool on) {
    if (on) measure_action_->setChecked(false);
    for (SliceView* cell : viewports()) cell->setTool(on ? SliceView::Tool::Angle : SliceView::Tool::None);
  });
  angle_action_->setCheckable(true);
  angle_action_->setToolTip(tr("Angle in degrees (A): click an end, the vertex, the other end (only where the image has pixel spacing)"));
  add(tr("Clear measurements"), QKeySequence(Qt::Key_Delete), [this] { activeView()->clearMeasurements(); });
  QAction* remove_last = view->addAction(tr("Remove last measurement"), this, [this] { activeView()->removeLastMeasurement(); });
  remove_last->setShortcut(QKeySequence(Qt::Key_Backspace));
  mpr_action_ = add(tr("MPR"), QKeySequence(Qt::Key_M), [this](bool on) { setMprMode(on); });
  mpr_action_->setCheckable(true);
  mpr_action_->setEnabled(false);
  mpr_action_->setToolTip(tr("MPR (M): axial, coronal and sagittal planes through the series; click in one to move the others"));
  QAction* cine = view->addAction(tr("Play/pause cine"));
  cine->setShortcut(QKeySequence(Qt::Key_Space));
  connect(cine, &QAction::triggered, play_, &QToolButton::toggle);
  layout_action_ = view->addAction(tr("Two viewports (1x2)"), this, [this](bool on) { setSideBySide(on); });
  layout_action_->setCheckable(true);
  layout_action_->setToolTip(tr("A second viewport beside the current series; right-click a series to show it there"));
  buildGridActions(view);
  view->addSeparator();
  attributes_action_ = view->addAction(tr("Attributes"), this, [this](bool on) { showAttributes(on); });
  attributes_action_->setCheckable(true);
  attributes_action_->setShortcut(QKeySequence(Qt::Key_T));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About ScanShare"), this, [this] { showAboutDialog(this); });
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
  // Save/copy image, rotate/flip, regions, arrows, notes and the shortcuts dialog (image_actions.cpp).
  addImageActions({this, file, view, help, toolbar, {measure_action_, angle_action_}}, [this] { return activeView(); },
                  [this] { return viewports(); });
}

void MainWindow::showAttributes(bool on) {
  if (on == tags_dock_->isVisible()) return;
  // The attributes take their width from the centre and the series list (the centre has a minimum
  // width); hiding them gives the series list back the width it had before, so the window looks
  // the same whichever way it was reached.
  if (on) browser_width_ = browser_dock_->width();
  tags_dock_->setVisible(on);
  // Wide enough for the values (shown, the dock took only its small size hint), and the width
  // taken from the slice view, not from the series list (whose names were cut to "C...").
  if (on) resizeDocks({browser_dock_, tags_dock_}, {browser_width_, kAttributesWidth}, Qt::Horizontal);
  if (!on && browser_width_ > 0) resizeDocks({browser_dock_}, {browser_width_}, Qt::Horizontal);
}

bool MainWindow::attributesShown() const { return tags_dock_->isVisible(); }

int MainWindow::seriesCount() const { return static_cast<int>(tree_->seriesList().size()); }

bool MainWindow::showSeries(int index) {
  if (!inventory_ || index < 0 || index >= seriesCount() || index == shown_series_) return false;
  tree_->selectSeries(index);  // the browser's selection loads it (loadSeries)
  return true;
}

void MainWindow::toggleInvert() { invert_action_->trigger(); }

bool MainWindow::mprMode() const { return views_->currentWidget() == mpr_; }

bool MainWindow::setMprMode(bool on) {
  if (views_->currentWidget() == report_) return false;  // a report has no slices to show
  on = on && mpr_->hasVolume();
  if (on) toggleCine(false);
  views_->setCurrentWidget(on ? static_cast<QWidget*>(mpr_) : static_cast<QWidget*>(view_));
  // Slice controls and slice-view tools only apply to the slice view.
  for (QWidget* w : std::initializer_list<QWidget*>{slider_, play_, fps_}) w->setEnabled(!on && view_->hasVolume());
  measure_action_->setEnabled(!on && view_->canMeasure());
  angle_action_->setEnabled(!on && view_->canMeasure());
  if (mpr_action_->isChecked() != on) {
    const QSignalBlocker block(mpr_action_);
    mpr_action_->setChecked(on);
  }
  (on ? static_cast<QWidget*>(mpr_) : static_cast<QWidget*>(view_))->setFocus();
  return on;
}

ShareDialog* MainWindow::openShareDialog(bool interactive) {
  if (!inventory_ || tree_->seriesList().empty()) return nullptr;
  toggleCine(false);
  auto* dialog = new ShareDialog(inventory_, tree_->seriesList(), shown_series_, opened_path_, interactive, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowModality(Qt::WindowModal);
  // The reviewer's view of the copy: the same viewer, opened on the export.
  connect(dialog, &ShareDialog::openExportRequested, this, &MainWindow::openPath);
  dialog->show();
  return dialog;
}

void MainWindow::setBusy(const QString& message, bool cancellable) {
  statusBar()->showMessage(message);
  progress_->setRange(0, 0);
  progress_->setVisible(true);
  cancel_button_->setVisible(cancellable);
}

void MainWindow::setIdle(const QString& message) {
  statusBar()->showMessage(message);
  progress_->setVisible(false);
  cancel_button_->setVisible(false);
}

void MainWindow::openPath(const QString& path) {
  if (cancel_) cancel_->store(true);
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  const unsigned generation = ++generation_;
  ++medium_generation_;
  opened_path_ = path;  // not written to the settings: a CD image or folder is often named after the patient
  share_action_->setEnabled(false);
  setBusy(tr("Reading %1 ...").arg(path), true);
  toggleCine(false);

  const auto cancel = cancel_;
  QPointer<QProgressBar> progress = progress_;
  runLatest<std::shared_ptr<imaging::Inventory>>(
      generation,
      [path, cancel, progress] {
        imaging::ScanOptions options;
        options.cancel = cancel.get();
        options.progress = [progress](std::size_t done, std::size_t total) {
          QMetaObject::invokeMethod(progress, [progress, done, total] {
            if (!progress) return;
            progress->setRange(0, static_cast<int>(total));
            progress->setValue(static_cast<int>(done));
          }, Qt::QueuedConnection);
        };
        return std::make_shared<imaging::Inventory>(imaging::scan(path.toStdString(), options));
      },
      [this](std::shared_ptr<imaging::Inventory> inventory) { showInventory(std::move(inventory)); });
}

// The open dialogs start in the folder that holds the medium, remembered only when its path holds
// no identifier of the patients just read; the medium's own name is never kept.
void MainWindow::rememberOpenFolder() {
  if (!remember_layout_) return;
  QSettings settings;
  const QString folder = identity_words_.folderToRemember(opened_path_);
  if (folder.isEmpty()) settings.remove("last/parent");
  else settings.setValue("last/parent", folder);
}

void MainWindow::showInventory(std::shared_ptr<imaging::Inventory> inventory) {
  inventory_ = std::move(inventory);
  identity_words_ = IdentityWords(*inventory_);
  rememberOpenFolder();
  kept_annotations_.clear();  // keyed by the series of the medium that was open
  viewport_series_.clear();
  view_->clear();
  mpr_->clear();
  compare_->clear();
  compare_series_ = -1;
  ++compare_generation_;
  shown_series_ = -1;
  tree_->showInventory(*inventory_, std::filesystem::path(opened_path_.toStdString()));
  fillProblemList(problems_, *inventory_);
  share_action_->setEnabled(!tree_->seriesList().empty());
  setIdle(tr("%1 series, %2 images, %3 problems").arg(inventory_->seriesCount()).arg(inventory_->instanceCount())
              .arg(inventory_->problems.size()));
  if (tree_->seriesList().empty()) {
    emit loadFailed(tr("no DICOM images found"));
    return;
  }
  startThumbnails();
  const auto& list = tree_->seriesList();
  if (start_series_ >= 0 && start_series_ < static_cast<int>(list.size())) {
    tree_->selectSeries(start_series_);
    return;
  }
  // First series that has images.
  for (std::size_t i = 0; i < list.size(); ++i)
    if (!imaging::orderedSlices(*list[i]).empty()) {
      tree_->selectSeries(static_cast<int>(i));  // triggers loadSeries
      return;
    }
  emit loadFailed(tr("no series with images"));
}

void MainWindow::startThumbnails() {
  const unsigned generation = medium_generation_;
  const auto inventory = inventory_;
  const auto list = tree_->seriesList();
  const auto cancel = cancel_;
  QPointer<MainWindow> self = this;
  (void)QtConcurrent::run([self, inventory, list, cancel, generation] {
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (cancel->load()) return;
      const auto slices = imaging::orderedSlices(*list[i]);
      if (slices.empty()) continue;
      QImage thumbnail;
      try {
        imaging::RenderOptions options;
        options.max_width = options.max_height = 64;
        const auto& middle = slices[slices.size() / 2];
        thumbnail = toQImage(imaging::renderFile(middle.path, middle.frame_index, options));
      } catch (const imaging::Error&) {
        continue;
      }
      QMetaObject::invokeMethod(self, [self, i, thumbnail, generation] {
        if (self && self->medium_generation_ == generation) self->tree_->setThumbnail(static_cast<int>(i), QIcon(QPixmap::fromImage(thumbnail)));
      }, Qt::QueuedConnection);
    }
    QMetaObject::invokeMethod(self, [self, generation] {
      if (self && self->medium_generation_ == generation) emit self->thumbnailsFinished();
    }, Qt::QueuedConnection);
  });
}

void MainWindow::loadSeries(int series_index) {
  if (!inventory_ || series_index == shown_series_) return;
  const auto& list = tree_->seriesList();
  if (series_index < 0 || series_index >= static_cast<int>(list.size())) return;
  toggleCine(false);
  const unsigned generation = ++generation_;
  const imaging::Series* series = list[static_cast<std::size_t>(series_index)];
  if (imaging::isStructuredReport(*series)) return loadReport(series_index);
  if (imaging::isPresentationState(*series)) return loadPresentation(series_index);
  setBusy(tr("Loading %1 ...").arg(seriesLabel(*series)), false);
  runLatest<std::shared_ptr<const imaging::Volume>>(
      generation, main_window_detail::volumeLoader(inventory_, series, cancel_),
      [this, series_index](std::shared_ptr<const imaging::Volume> volume) { showVolume(std::move(volume), series_index); });
}

void MainWindow::showVolume(std::shared_ptr<const imaging::Volume> volume, int series_index, const std::function<void()>& before_shown) {
  shown_series_ = series_index;
  const imaging::Series& series = *tree_->seriesList()[static_cast<std::size_t>(series_index)];
  const bool mpr_on = mprMode();
  views_->setCurrentWidget(view_);  // from a report; MPR again below when it is on and can show this series
  showInViewport(view_, volume, &series);
  syncInvertAction();  // a new series starts uninverted
  measure_action_->setEnabled(view_->canMeasure());
  angle_action_->setEnabled(view_->canMeasure());
  if (MprView::canShow(*volume)) {
    mpr_->setVolume(volume, identity_words_.cornerLabel(series));
    mpr_->setWindow(view_->window());
    if (view_->showsVoiLut()) mpr_->setVoiLut(view_->voiLut());
  } else {
    mpr_->clear();
  }
  mpr_action_->setEnabled(mpr_->hasVolume());
  slider_->setEnabled(true);
  slider_->setRange(0, view_->sliceCount() - 1);
  slider_->setValue(view_->sliceIndex());
  setMprMode(mpr_on && mpr_->hasVolume());
  fillPresets();
  QString message = tr("%1: %2 slices").arg(seriesLabel(series)).arg(view_->sliceCount());
  if (volume->skipped_slices) message += tr(" (%1 could not be shown)").arg(volume->skipped_slices);
  setIdle(message);
  view_->setFocus();
  if (before_shown) before_shown();
  emit seriesShown();
}

void MainWindow::onSliceChanged(int index, int count) {
  slice_label_->setText(tr("%1/%2").arg(index + 1).arg(count));
  if (slider_->value() != index) {
    const QSignalBlocker block(slider_);
    slider_->setValue(index);
  }
  if (tags_dock_->isVisible() && view_->volume())
    tags_->showFile(view_->volume()->slices[static_cast<std::size_t>(index)].path);
}

void MainWindow::toggleCine(bool on) {
  if (on && view_->sliceCount() > 1) {
    cine_timer_->start(1000 / fps_->value());
  } else {
    cine_timer_->stop();
    if (play_->isChecked()) {
      const QSignalBlocker block(play_);
      play_->setChecked(false);
    }
  }
  play_->setText(cine_timer_->isActive() ? tr("Pause") : tr("Play"));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile()) {
      openPath(url.toLocalFile());
      break;
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (remember_layout_) QSettings().setValue("window/state", saveState());
  QMainWindow::closeEvent(event);
}
