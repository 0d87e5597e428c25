#pragma once
// Dock content: every attribute of the current image, searchable, sequences expandable.
#include <QWidget>
#include <filesystem>

class QLineEdit;
class QTreeWidget;

class TagBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit TagBrowser(QWidget* parent = nullptr);
  void showFile(const std::filesystem::path& path);
  // How many pixels of the Value column can be seen without scrolling (for tests).
  int visibleValueWidth() const;

 private:
  void applyFilter();
  QLineEdit* filter_;
  QTreeWidget* tree_;
  std::filesystem::path shown_;
};
