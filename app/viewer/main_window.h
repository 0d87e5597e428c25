#pragma once
// The viewer's main window: browser and problems on the left, slice view in the centre with its
// slider, cine and window controls, tag browser on the right. Scanning and loading run in the
// background (QtConcurrent); the UI only shows results.
#include <QMainWindow>
#include <QString>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "imaging/media/structured_report.h"
#include "imaging/model/model.h"
#include "identity_words.h"
#include "imaging/pixels/volume.h"
#include "view_annotations.h"

class BrowserTree;
class QComboBox;
class QDockWidget;
class QGridLayout;
class QLabel;
class QMenu;
class QListWidget;
class QProgressBar;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;
class ShareDialog;
class SliceView;
class TagBrowser;

class MprView;
class QStackedWidget;
class ReportView;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  const BrowserTree* browser() const { return tree_; }
  // remember_layout: restore and save window layout and last folder (off for tests and benchmarks).
  explicit MainWindow(bool remember_layout = true);
  ~MainWindow() override;

  void openPath(const QString& path);
  SliceView* sliceView() const { return view_; }
  MprView* mprView() const { return mpr_; }
  // The page that shows a structured report; visible while one is shown.
  ReportView* reportView() const { return report_; }
  // MPR (three orthogonal planes) instead of the slice view; only for volumes MPR can show.
  bool setMprMode(bool on);
  bool mprMode() const;
  // Series (0-based, browser order) to show first after opening; the first with images otherwise.
  void setStartSeries(int index) { start_series_ = index; }
  void showAttributes(bool on);
  bool attributesShown() const;
  const TagBrowser* tagBrowser() const { return tags_; }
  // Shows series `index` (0-based, browser order) as a click in the browser would; true when a load
  // started (seriesShown follows), false when it is already shown or there is no such series.
  bool showSeries(int index);
  int seriesCount() const;
  // The Invert button (I), for both views.
  void toggleInvert();
  // Chooses entry `index` (0-based; 0 = Default) of the presets list as a click would; false when
  // there is no such entry.
  bool choosePreset(int index);
  // Two viewports side by side (layout 1x2): the second shows the compare series beside the
  // current one; off: the current one alone (layout 1x1).
  void setSideBySide(bool on);
  bool sideBySide() const;
  // Loads series `index` (0-based, browser order) into the second viewport (compareShown follows);
  // false when it is already there, there is no such series or it has no images.
  bool showCompareSeries(int index);
  SliceView* compareView() const { return compare_; }
  // Layouts 1x1, 1x2 and 2x2 (1, 2 or 4 viewports; main_window_grid.cpp). Viewport 1 is the
  // current series, 2 the compare series, 3 and 4 (2x2 only) any other series.
  void setViewportCount(int count);
  int viewportCount() const;
  SliceView* cellView(int cell) const;  // 0-based; nullptr beyond 4
  // Loads series `index` into viewport `cell` (0-based) as the browser would; true when a load
  // started (seriesShown follows for viewport 1, compareShown for the others).
  bool showCellSeries(int cell, int index);
  // Linked scrolling: scrolling one viewport moves the others to the nearest position (same Frame of
  // Reference) or slice location (otherwise), for stacks about parallel to it.
  void setLinkedScrolling(bool on);
  bool linkedScrolling() const { return linked_; }
  // Linked window/level: a window set in one viewport (drag, preset, steps) is set in the others.
  void setLinkedWindow(bool on);
  bool linkedWindow() const { return linked_window_; }
  // The active viewport: the one last clicked or scrolled (viewport 1 at first). Rotate/flip, fit and
  // zoom, clearing measurements, save/copy and the key image page act on it; in 1x2 and 2x2 it has
  // a thin border, and its slice is the reference line's (main_window_active.cpp).
  SliceView* activeView() const;
  int activeViewport() const;  // 0-based
  void setActiveViewport(int cell);
  // The four slice viewports (hidden ones too): a drawing tool is set in all of them, and the one
  // clicked draws.
  std::vector<SliceView*> viewports() const;
  // Opens the share flow for the open medium (nullptr when nothing is open). interactive: off for
  // the test hooks (errors on stderr, nothing remembered).
  ShareDialog* openShareDialog(bool interactive);

 signals:
  void seriesShown();               // a volume is on screen
  void compareShown();              // the second viewport has its series
  void loadFailed(const QString& message);
  void thumbnailsFinished();        // every series of the open medium has its thumbnail (or none)

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildActions();
  void buildDocks();
  void buildCentre();
  void showInventory(std::shared_ptr<imaging::Inventory> inventory);
  void loadSeries(int series_index);
  // Runs load() on a worker thread; back on the UI thread, passes its value to show() unless a
  // newer request (generation, counted by *latest, else generation_) superseded it, or reports the
  // imaging::Error it threw.
  template <typename T, typename Load, typename Show>
  void runLatest(unsigned generation, Load load, Show show, const unsigned* latest = nullptr);
  // before_shown: runs once the volume is on screen, just before seriesShown (a presentation state
  // applies itself there).
  void showVolume(std::shared_ptr<const imaging::Volume> volume, int series_index, const std::function<void()>& before_shown = {});
  // A presentation state: the image it refers to, shown with its window, annotations and shutter
  // (main_window_presentation.cpp).
  void loadPresentation(int series_index);
  // A structured report's text in place of the image (the image views are cleared).
  void loadReport(int series_index);
  void showReport(std::shared_ptr<const imaging::StructuredReport> report, int series_index);
  void startThumbnails();
  void fillPresets();
  void applyPreset(int index);
  void onSliceChanged(int index, int count);
  void setBusy(const QString& message, bool cancellable);
  void setIdle(const QString& message);
  void toggleCine(bool on);
  // Linked scrolling and reference lines after `source` showed another slice or series.
  void followSlice(SliceView* source);
  void updateReferenceLines();
  void buildGridActions(QMenu* view);
  void updateActiveHighlight();
  // The Invert button's check follows the active viewport (after a click, a layout or a new series).
  void syncInvertAction();
  // Shows a series' volume in a viewport, keeping the regions, arrows and notes drawn on the series
  // it showed before and putting back those drawn on this one earlier in the session.
  void showInViewport(SliceView* cell, std::shared_ptr<const imaging::Volume> volume, const imaging::Series* series);
  void keepAnnotations(SliceView* cell);
  std::map<const imaging::Series*, ViewAnnotations> kept_annotations_;  // of the open medium's series
  std::map<const SliceView*, const imaging::Series*> viewport_series_;

  std::shared_ptr<imaging::Inventory> inventory_;
  IdentityWords identity_words_;  // the open medium's patients: corner text and remembered folder
  void rememberOpenFolder();
  std::shared_ptr<std::atomic<bool>> cancel_;
  unsigned generation_ = 0;         // drops results of loads that were superseded
  unsigned medium_generation_ = 0;  // the same for the opened medium (thumbnails)
  int shown_series_ = -1;
  bool remember_layout_ = true;
  int start_series_ = -1;

  BrowserTree* tree_ = nullptr;
  QListWidget* problems_ = nullptr;
  TagBrowser* tags_ = nullptr;
  QDockWidget* tags_dock_ = nullptr;
  QDockWidget* browser_dock_ = nullptr;
  QAction* attributes_action_ = nullptr;
  int browser_width_ = 0;  // the series list's width before the attributes were shown
  SliceView* view_ = nullptr;
  MprView* mpr_ = nullptr;
  ReportView* report_ = nullptr;
  SliceView* compare_ = nullptr;     // the second viewport (layout 1x2)
  SliceView* cells_[2] = {nullptr, nullptr};  // viewports 3 and 4 (layout 2x2)
  int cell_series_[2] = {-1, -1};
  unsigned cell_generation_[2] = {0, 0};
  bool linked_ = false;
  bool following_ = false;                   // a linked scroll is moving the other viewports
  bool linked_window_ = false;
  bool following_window_ = false;            // a linked window is being set in the other viewports
  void followWindow(SliceView* source);
  SliceView* active_ = nullptr;              // the viewport scrolled last: its slice is the reference
  std::map<const SliceView*, const imaging::Volume*> seen_volume_;  // tells a new series from a scroll
  std::map<const SliceView*, const imaging::Volume*> window_seen_volume_;  // and from a window change
  QGridLayout* viewport_grid_ = nullptr;     // viewports 1 and 2 on top, 3 and 4 below (2x2)
  QAction* grid_action_ = nullptr;           // View > Four viewports (2x2)
  QAction* link_action_ = nullptr;           // View > Link scrolling
  QAction* link_window_action_ = nullptr;    // View > Link window/level
  int compare_series_ = -1;
  unsigned compare_generation_ = 0;
  QStackedWidget* views_ = nullptr;
  QAction* mpr_action_ = nullptr;
  QAction* layout_action_ = nullptr;  // View > Two viewports (1x2)
  QAction* angle_action_ = nullptr;
  QSlider* slider_ = nullptr;
  QLabel* slice_label_ = nullptr;
  QComboBox* presets_ = nullptr;
  QToolButton* play_ = nullptr;
  QSpinBox* fps_ = nullptr;
  QTimer* cine_timer_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QToolButton* cancel_button_ = nullptr;
  QAction* measure_action_ = nullptr;
  QAction* invert_action_ = nullptr;
  QAction* share_action_ = nullptr;
  QString opened_path_;  // what the open medium was read from (verify's "against")
};
