#pragma once
// Left panel: patients > studies > series (thumbnail, modality, description, image count), and the
// list of problems found on the medium in plain words.
#include <QIcon>
#include <QStringList>
#include <filesystem>
#include <QTreeWidget>

#include "imaging/model/model.h"

class BrowserTree : public QTreeWidget {
  Q_OBJECT
 public:
  explicit BrowserTree(QWidget* parent = nullptr);
  // Fills the tree; each series item remembers its index in seriesList().
  // Patients in browser order (the one holding the opened file first), studies newest first.
  void showInventory(const imaging::Inventory& inventory, const std::filesystem::path& opened = {});
  // One line per item, for tests: "browser-patient ...", "browser-study ...", "browser-series N ...".
  QStringList textLines() const;
  const std::vector<const imaging::Series*>& seriesList() const { return series_; }
  void setThumbnail(int series_index, const QIcon& icon);
  void selectSeries(int series_index);

 signals:
  void seriesActivated(int series_index);
  void compareRequested(int series_index);  // "show beside" from the context menu
  void cellRequested(int series_index, int cell);  // "show in viewport 3/4": cell 2 or 3 (0-based)

 private:
  std::vector<const imaging::Series*> series_;
  std::vector<QTreeWidgetItem*> items_;
};

class QListWidget;
// Plain-words descriptions of problems (never identifying: file paths relative to the medium).
void fillProblemList(QListWidget* list, const imaging::Inventory& inventory);

// "MR 3: T2 sagittal" for corner text and labels.
QString seriesLabel(const imaging::Series& series);
