#include "browser_panel.h"

#include <QMenu>

#include <QHeaderView>
#include <QListWidget>

namespace {
QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

QString formattedDate(const std::string& da) {
  if (da.size() != 8) return text(da);
  return text(da.substr(0, 4) + "-" + da.substr(4, 2) + "-" + da.substr(6, 2));
}

QString plainKind(imaging::ProblemKind kind) {
  switch (kind) {
    case imaging::ProblemKind::NotDicom: return QObject::tr("Not a DICOM file (skipped)");
    case imaging::ProblemKind::Truncated: return QObject::tr("File is cut short");
    case imaging::ProblemKind::Unreadable: return QObject::tr("Cannot be read");
    case imaging::ProblemKind::UnsafeStructure: return QObject::tr("Damaged: built in a way that cannot be read safely");
    case imaging::ProblemKind::DuplicateSopInstance: return QObject::tr("Same image twice");
    case imaging::ProblemKind::MissingReferencedFile: return QObject::tr("Listed in DICOMDIR but missing");
    case imaging::ProblemKind::InvalidDicomdir: return QObject::tr("DICOMDIR is damaged (all files scanned instead)");
    case imaging::ProblemKind::Unsupported: return QObject::tr("Not supported");
    case imaging::ProblemKind::Incomplete: return QObject::tr("Lacks a required attribute");
  }
  return {};
}
}  // namespace

QString seriesLabel(const imaging::Series& series) {
  QString label = text(series.modality.empty() ? "?" : series.modality);
  if (series.number) label += QStringLiteral(" %1").arg(series.number);
  if (!series.description.empty()) label += QStringLiteral(": ") + text(series.description);
  return label;
}

BrowserTree::BrowserTree(QWidget* parent) : QTreeWidget(parent) {
  setColumnCount(2);
  setHeaderLabels({tr("Series"), tr("Images")});
  header()->setSectionResizeMode(0, QHeaderView::Stretch);
  header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  header()->setStretchLastSection(false);
  setIconSize(QSize(48, 48));
  connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (!item) return;
    const QVariant index = item->data(0, Qt::UserRole);
    if (index.isValid()) emit seriesActivated(index.toInt());
  });
  // Right-click on a series: show it in the second viewport, beside the current one.
  setContextMenuPolicy(Qt::CustomContextMenu);
  connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    QTreeWidgetItem* item = itemAt(at);
    const QVariant index = item ? item->data(0, Qt::UserRole) : QVariant();
    if (!index.isValid()) return;
    QMenu menu(this);
    menu.addAction(tr("Show beside the current series (1x2)"), this, [this, index] { emit compareRequested(index.toInt()); });
    menu.exec(viewport()->mapToGlobal(at));
  });
}

void BrowserTree::showInventory(const imaging::Inventory& inventory) {
  clear();
  series_.clear();
  items_.clear();
  for (const auto& patient : inventory.patients) {
    auto* patient_item = new QTreeWidgetItem(this, {text(patient.name.empty() ? "(no name)" : patient.name)});
    patient_item->setFlags(Qt::ItemIsEnabled);
    for (const auto& study : patient.studies) {
      QString study_text = formattedDate(study.date);
      if (!study.description.empty()) study_text += "  " + text(study.description);
      auto* study_item = new QTreeWidgetItem(patient_item, {study_text.trimmed().isEmpty() ? tr("Study") : study_text});
      study_item->setFlags(Qt::ItemIsEnabled);
      for (const auto& series : study.series) {
        auto* item = new QTreeWidgetItem(study_item, {seriesLabel(series), QString::number(series.instances.size())});
        item->setData(0, Qt::UserRole, static_cast<int>(series_.size()));
        item->setToolTip(0, seriesLabel(series));
        series_.push_back(&series);
        items_.push_back(item);
      }
    }
  }
  expandAll();
}

void BrowserTree::setThumbnail(int series_index, const QIcon& icon) {
  if (series_index >= 0 && series_index < static_cast<int>(items_.size())) items_[static_cast<std::size_t>(series_index)]->setIcon(0, icon);
}

void BrowserTree::selectSeries(int series_index) {
  if (series_index >= 0 && series_index < static_cast<int>(items_.size())) setCurrentItem(items_[static_cast<std::size_t>(series_index)]);
}

void fillProblemList(QListWidget* list, const imaging::Inventory& inventory) {
  list->clear();
  for (const auto& problem : inventory.problems) {
    std::error_code ec;
    auto relative = std::filesystem::relative(problem.path, inventory.root, ec);
    if (ec || relative.empty()) relative = problem.path.filename();
    auto* item = new QListWidgetItem(QStringLiteral("%1: %2").arg(text(relative.string()), plainKind(problem.kind)), list);
    item->setToolTip(text(problem.reason));
  }
  if (inventory.problems.empty()) list->addItem(QObject::tr("No problems found."));
}
