#include "tag_browser.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "imaging/core/error.h"
#include "imaging/media/dump.h"

namespace {

QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

void addNodes(QTreeWidgetItem* parent, QTreeWidget* tree, const std::vector<imaging::AttributeNode>& nodes) {
  for (const auto& node : nodes) {
    const QStringList columns{text(node.tag), text(node.keyword), text(node.vr), text(node.value)};
    auto* item = parent ? new QTreeWidgetItem(parent, columns) : new QTreeWidgetItem(tree, columns);
    item->setToolTip(1, columns[1]);
    item->setToolTip(3, columns[3]);
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      auto* sequence_item = new QTreeWidgetItem(item, {QObject::tr("Item %1").arg(i + 1)});
      addNodes(sequence_item, tree, node.items[i]);
    }
  }
}

// Shows an item when it or any descendant matches; returns whether it is shown.
bool filterItem(QTreeWidgetItem* item, const QString& needle) {
  bool any_child = false;
  for (int i = 0; i < item->childCount(); ++i) any_child |= filterItem(item->child(i), needle);
  bool match = needle.isEmpty();
  for (int c = 0; c < item->columnCount() && !match; ++c) match = item->text(c).contains(needle, Qt::CaseInsensitive);
  item->setHidden(!(match || any_child));
  return match || any_child;
}

}  // namespace

TagBrowser::TagBrowser(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  filter_ = new QLineEdit(this);
  filter_->setPlaceholderText(tr("Search tag, name or value"));
  filter_->setClearButtonEnabled(true);
  tree_ = new QTreeWidget(this);
  tree_->setHeaderLabels({tr("Tag"), tr("Name"), tr("VR"), tr("Value")});
  // Narrow tag and name columns: at 150 + 170 pixels the values (the column people open this for)
  // had a few pixels left in the docked panel and could not be read (found 2026-12-06 by looking
  // at `--steps tags`). The full text of a cut cell is in its tooltip.
  tree_->setColumnWidth(0, 104);
  tree_->setColumnWidth(1, 150);
  tree_->setColumnWidth(2, 30);
  layout->addWidget(filter_);
  layout->addWidget(tree_);
  connect(filter_, &QLineEdit::textChanged, this, &TagBrowser::applyFilter);
}

void TagBrowser::showFile(const std::filesystem::path& path) {
  if (path == shown_ || !isVisible()) return;
  shown_ = path;
  tree_->clear();
  try {
    const imaging::DumpedFile dumped = imaging::dumpFile(path);
    if (!dumped.meta.empty()) {
      auto* meta = new QTreeWidgetItem(tree_, {tr("File meta information")});
      addNodes(meta, tree_, dumped.meta);
    }
    addNodes(nullptr, tree_, dumped.dataset);
  } catch (const imaging::Error& e) {
    new QTreeWidgetItem(tree_, {tr("Cannot read"), {}, {}, QString::fromStdString(e.what())});
  }
  applyFilter();
}

int TagBrowser::visibleValueWidth() const {
  const int before = tree_->columnWidth(0) + tree_->columnWidth(1) + tree_->columnWidth(2);
  return std::max(0, tree_->viewport()->width() - before);
}

void TagBrowser::applyFilter() {
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) filterItem(tree_->topLevelItem(i), filter_->text());
}
