#include "browser_panel.h"

#include <QMenu>

#include <QHeaderView>
#include <QListWidget>

#include "browser_words.h"

namespace {
QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

const QString kSeparator = QStringLiteral(" \u00b7 ");
// The first " · " of a label becomes a line break, and back.
QString twoLines(QString label) {
  const int at = label.indexOf(kSeparator);
  return at < 0 ? label : label.replace(at, kSeparator.size(), QStringLiteral("\n"));
}
QString oneLine(QString label) { return label.replace(QStringLiteral("\n"), kSeparator); }

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
    for (int cell : {2, 3})
      menu.addAction(tr("Show in viewport %1 (2x2)").arg(cell + 1), this, [this, index, cell] { emit cellRequested(index.toInt(), cell); });
    menu.exec(viewport()->mapToGlobal(at));
  });
}

void BrowserTree::showInventory(const imaging::Inventory& inventory, const std::filesystem::path& opened) {
  clear();
  series_.clear();
  items_.clear();
  for (const BrowserPatient& entry : browserOrder(inventory, opened)) {
    // Two lines in the narrow panel: the name, then birth date, sex and ID.
    auto* patient_item = new QTreeWidgetItem(this, {twoLines(patientLabel(*entry.patient))});
    patient_item->setFlags(Qt::ItemIsEnabled);
    patient_item->setToolTip(0, patientLabel(*entry.patient));
    for (const imaging::Study* study : entry.studies) {
      auto* study_item = new QTreeWidgetItem(patient_item, {twoLines(studyLabel(*study))});
      study_item->setFlags(Qt::ItemIsEnabled);
      if (studyIdentityRemoved(*study))
        study_item->setToolTip(0, tr("The images say the patient's identity was removed (Patient Identity Removed: YES). "
                                     "Names and IDs are made up, and dates may have been shifted."));
      for (const auto& series : study->series) {
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

QStringList BrowserTree::textLines() const {
  QStringList lines;
  for (int p = 0; p < topLevelItemCount(); ++p) {
    const QTreeWidgetItem* patient = topLevelItem(p);
    lines << QStringLiteral("browser-patient ") + oneLine(patient->text(0));
    for (int s = 0; s < patient->childCount(); ++s) {
      const QTreeWidgetItem* study = patient->child(s);
      lines << QStringLiteral("browser-study ") + oneLine(study->text(0));
      for (int k = 0; k < study->childCount(); ++k)
        lines << QStringLiteral("browser-series %1 %2").arg(study->child(k)->data(0, Qt::UserRole).toInt() + 1).arg(study->child(k)->text(0));
    }
  }
  return lines;
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
