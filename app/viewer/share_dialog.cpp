#include "share_dialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "browser_panel.h"
#include "imaging/core/error.h"
#include "imaging/deid/parts.h"
#include "imaging/workflow/sealed_mapping.h"
#include "imaging/workflow/share_pipeline.h"
#include "imaging/workflow/verify.h"
#include "send_dialog.h"
#include "share_clinic_options.h"
#include "share_verdict.h"
#include "share_words.h"

namespace {

QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

const char* const kStepTitles[] = {
    QT_TRANSLATE_NOOP("ShareDialog", "Step 1 of 5: which series to send"),
    QT_TRANSLATE_NOOP("ShareDialog", "Step 2 of 5: what to keep"),
    QT_TRANSLATE_NOOP("ShareDialog", "Step 3 of 5: what changes and what stays"),
    QT_TRANSLATE_NOOP("ShareDialog", "Step 4 of 5: where to save the copy"),
    QT_TRANSLATE_NOOP("ShareDialog", "Step 5 of 5: check of the copy"),
};

// Result of a background task, handed to the UI thread.
struct SeriesCheck {
  std::vector<imaging::Exclusion> exclusion;  // per series
  QString error;
};
struct Preview {
  std::vector<imaging::DryRunInstance> instances;
  QString error;
};
struct ExportOutcome {
  imaging::ShareOutcome share;  // the copy written and verify's verdict on it
  QString error;
  bool cancelled = false;
};

QLabel* wrappedLabel(const QString& s, QWidget* parent) {
  auto* label = new QLabel(s, parent);
  label->setWordWrap(true);
  return label;
}

}  // namespace

ShareDialog::ShareDialog(std::shared_ptr<const imaging::Inventory> inventory, std::vector<const imaging::Series*> series,
                         int shown_series, QString source_path, bool interactive, QWidget* parent)
    : QDialog(parent), inventory_(std::move(inventory)), series_(std::move(series)), source_path_(std::move(source_path)),
      interactive_(interactive), exclusion_(series_.size()), people_(*inventory_, series_) {
  setWindowTitle(tr("Share a de-identified copy"));
  // The person whose images are on screen; with none shown, the first person of the list.
  viewed_person_ = people_.personOf(shown_series);
  if (viewed_person_ < 0) viewed_person_ = people_.personOf(0);
  accepted_people_.insert(viewed_person_);
  try {
    key_ = imaging::Key::loadOrCreate(imaging::Key::defaultLocation());
  } catch (const imaging::Error& e) {
    key_.reset();
    QMetaObject::invokeMethod(this, [this, message = QString::fromStdString(e.oneLine())] {
      showError(tr("No key"), tr("The private key for de-identification cannot be read or created:\n%1").arg(message));
    }, Qt::QueuedConnection);
  }

  auto* layout = new QVBoxLayout(this);
  step_title_ = new QLabel(this);
  QFont title_font = step_title_->font();
  title_font.setPointSizeF(title_font.pointSizeF() * 1.3);
  title_font.setBold(true);
  step_title_->setFont(title_font);
  layout->addWidget(step_title_);
  pages_ = new QStackedWidget(this);
  pages_->addWidget(buildSeriesPage());
  pages_->addWidget(buildOptionsPage());
  pages_->addWidget(buildChangesPage());
  pages_->addWidget(buildExportPage());
  pages_->addWidget(buildResultPage());
  layout->addWidget(pages_, 1);

  auto* buttons = new QHBoxLayout;
  back_ = new QPushButton(tr("< &Back"), this);
  next_ = new QPushButton(tr("&Next >"), this);
  next_->setDefault(true);
  close_ = new QPushButton(tr("Close"), this);
  buttons->addStretch(1);
  buttons->addWidget(back_);
  buttons->addWidget(next_);
  buttons->addWidget(close_);
  layout->addLayout(buttons);
  connect(back_, &QPushButton::clicked, this, &ShareDialog::goBack);
  connect(next_, &QPushButton::clicked, this, &ShareDialog::goNext);
  connect(close_, &QPushButton::clicked, this, &ShareDialog::reject);

  resize(980, 640);
  if (interactive_) restoreGeometry(QSettings().value("share/geometry").toByteArray());
  showStep(SeriesStep);
  checkSeries();
}

ShareDialog::~ShareDialog() {
  if (cancel_) cancel_->store(true);
}

// ---- pages ---------------------------------------------------------------------------------

QWidget* ShareDialog::buildSeriesPage() {
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  layout->addWidget(wrappedLabel(tr("Tick the series to send. Only the images of the person you were looking at are "
                                    "ticked; the viewer asks before another person's images are added. Written reports "
                                    "are left out, and so are series that may show your name inside the picture, unless "
                                    "you tick \"send with the printed text blacked out\" for them: the text found is then "
                                    "shown on the right for you to check."),
                                 page));
  series_list_ = new QTreeWidget(page);
  series_list_->setColumnCount(3);
  series_list_->setHeaderLabels({tr("Series"), tr("Images"), tr("Note")});
  series_list_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  series_list_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  series_list_->header()->setStretchLastSection(true);
  series_list_->setWordWrap(true);
  // Person > study (date, description) > series: names are shown, never saved.
  std::vector<QTreeWidgetItem*> person_items(static_cast<std::size_t>(people_.count()), nullptr);
  std::map<const imaging::Study*, QTreeWidgetItem*> study_items;
  for (int i = 0; i < static_cast<int>(series_.size()); ++i) {
    const int person = people_.personOf(i);
    QTreeWidgetItem*& person_item = person_items[static_cast<std::size_t>(person)];
    if (!person_item) {
      person_item = new QTreeWidgetItem(series_list_, {person == viewed_person_ ? tr("%1 (the images you were looking at)").arg(people_.name(person))
                                                                                : people_.name(person)});
      QFont bold = person_item->font(0);
      bold.setBold(true);
      person_item->setFont(0, bold);
      person_item->setFlags(Qt::ItemIsEnabled);
      person_item->setData(0, Qt::UserRole, -1);
    }
    const imaging::Study* study = people_.studyOf(i);
    QTreeWidgetItem*& study_item = study_items[study];
    if (!study_item) {
      QString label = tr("Study of %1").arg(readableDate(study ? study->date : std::string()));
      if (study && !study->description.empty()) label += QStringLiteral(": ") + text(study->description);
      study_item = new QTreeWidgetItem(person_item, {label});
      study_item->setFlags(Qt::ItemIsEnabled);
      study_item->setData(0, Qt::UserRole, -1);
    }
    const imaging::Series* series = series_[static_cast<std::size_t>(i)];
    auto* item = new QTreeWidgetItem(study_item);
    item->setText(0, seriesLabel(*series));
    item->setText(1, QString::number(series->instances.size()));
    item->setFlags(item->flags() & ~Qt::ItemIsUserCheckable);
    item->setText(2, tr("checking..."));
    item->setData(0, Qt::UserRole, i);
    series_items_.push_back(item);
  }
  series_list_->expandAll();
  auto* row = new QHBoxLayout;
  row->addWidget(series_list_, 1);
  look_panel_ = new QGroupBox(tr("Text printed in the picture"), page);
  auto* look_layout = new QVBoxLayout(look_panel_);
  look_image_ = new QLabel(look_panel_);
  look_image_->setFixedSize(300, 300);
  look_image_->setAlignment(Qt::AlignCenter);
  look_image_->setStyleSheet(QStringLiteral("background: black; color: white"));
  look_layout->addWidget(look_image_);
  look_text_ = wrappedLabel({}, look_panel_);
  look_text_->setFixedWidth(300);
  look_layout->addWidget(look_text_);
  look_layout->addStretch(1);
  look_panel_->setVisible(false);
  row->addWidget(look_panel_);
  layout->addLayout(row, 1);
  connect(series_list_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    const int index = seriesIndexOf(item);
    if (!series_checked_ || index < 0) return;
    // Another person's images join the selection only once the person at the screen said so.
    const bool adds = (column == 0 && !isSeriesExcluded(index) && item->checkState(0) == Qt::Checked) ||
                      (column == 2 && isRedacted(index));
    if (adds && !accepted_people_.count(people_.personOf(index))) {
      {
        const QSignalBlocker block(series_list_);
        item->setCheckState(column, Qt::Unchecked);
      }
      askAboutPerson(index, column);
      return;
    }
    updateSeriesStatus();
    if (isRedacted(index)) showBurnedInLook(index);
  });
  connect(series_list_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    const int index = seriesIndexOf(item);
    if (series_checked_ && canRedact(index)) showBurnedInLook(index);
  });
  series_status_ = new QLabel(tr("Checking which series can be shared..."), page);
  layout->addWidget(series_status_);
  return page;
}

QWidget* ShareDialog::buildOptionsPage() {
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  layout->addWidget(wrappedLabel(tr("Names, ID numbers, addresses, hospital and doctor names are always removed. "
                                    "Choose what happens to the rest."),
                                 page));
  auto* dates_box = new QGroupBox(tr("Dates (of the scans, of birth)"), page);
  auto* dates_layout = new QVBoxLayout(dates_box);
  dates_ = new QButtonGroup(this);
  const std::pair<imaging::DateMode, QString> date_choices[] = {
      {imaging::DateMode::Keep, tr("Keep them as they are")},
      {imaging::DateMode::Shift, tr("Shift them all by the same secret number of days (time between scans stays right)")},
      {imaging::DateMode::Remove, tr("Remove them")},
  };
  for (const auto& [mode, label] : date_choices) {
    auto* button = new QRadioButton(label, dates_box);
    dates_->addButton(button, static_cast<int>(mode));
    dates_layout->addWidget(button);
  }
  dates_->button(static_cast<int>(imaging::Profile::defaultProfile().dateMode()))->setChecked(true);
  layout->addWidget(dates_box);

  keep_age_sex_ = new QCheckBox(tr("Keep age, sex, height and weight (often needed to read the images)"), page);
  keep_age_sex_->setChecked(imaging::Profile::defaultProfile().has(imaging::DeidOption::RetainPatientCharacteristics));
  layout->addWidget(keep_age_sex_);

  auto* recipient_box = new QGroupBox(tr("Name for the recipient"), page);
  auto* recipient_layout = new QVBoxLayout(recipient_box);
  auto* fields = new QHBoxLayout;
  recipient_name_ = new QLineEdit(recipient_box);
  recipient_id_ = new QLineEdit(recipient_box);
  fields->addWidget(new QLabel(tr("Name:"), recipient_box));
  fields->addWidget(recipient_name_, 2);
  fields->addWidget(new QLabel(tr("ID:"), recipient_box));
  fields->addWidget(recipient_id_, 1);
  recipient_layout->addLayout(fields);
  recipient_note_ = wrappedLabel({}, recipient_box);
  recipient_layout->addWidget(recipient_note_);
  layout->addWidget(recipient_box);

  auto* format_box = new QGroupBox(tr("Save as"), page);
  auto* format_layout = new QVBoxLayout(format_box);
  format_ = new QButtonGroup(this);
  auto* folder = new QRadioButton(tr("A folder (like a CD, with a DICOMDIR)"), format_box);
  auto* zip = new QRadioButton(tr("One zip file (easy to upload or attach)"), format_box);
  format_->addButton(folder, 0);
  format_->addButton(zip, 1);
  folder->setChecked(true);
  format_layout->addWidget(folder);
  format_layout->addWidget(zip);
  layout->addWidget(format_box);
  clinic_ = new ShareClinicOptions(source_path_, page);
  layout->addWidget(clinic_);
  layout->addStretch(1);
  // A recipe that fixes the dates decides them: the choice above shows the recipe's and is locked.
  connect(clinic_, &ShareClinicOptions::recipeChanged, this, [this, dates_box] {
    const imaging::Recipe* recipe = clinic_->recipe();
    if (recipe && recipe->dates) dates_->button(static_cast<int>(*recipe->dates))->setChecked(true);
    dates_box->setEnabled(!(recipe && recipe->dates));
    dates_box->setTitle(recipe && recipe->dates ? tr("Dates (of the scans, of birth): set by the recipe")
                                                : tr("Dates (of the scans, of birth)"));
  });
  // The page scrolls rather than squeezing its wrapped texts when the window is small.
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(page);
  return scroll;
}

QWidget* ShareDialog::buildChangesPage() {
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  layout->addWidget(wrappedLabel(tr("Every attribute that changes, and every text that stays, in the first image of each ticked series. Values "
                                    "before the change are only shown here; they are never saved."),
                                 page));
  changes_ = new QTableWidget(0, 4, page);
  changes_->setHorizontalHeaderLabels({tr("Attribute"), tr("Before"), tr("After"), tr("What happens")});
  changes_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  changes_->horizontalHeader()->setStretchLastSection(true);
  changes_->setColumnWidth(0, 250);
  changes_->setColumnWidth(1, 250);
  changes_->setColumnWidth(2, 200);
  changes_->verticalHeader()->setVisible(false);
  changes_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  changes_->setSelectionBehavior(QAbstractItemView::SelectRows);
  changes_->setAlternatingRowColors(true);
  layout->addWidget(changes_, 1);
  changes_status_ = new QLabel(page);
  layout->addWidget(changes_status_);
  return page;
}

QWidget* ShareDialog::buildExportPage() {
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  layout->addWidget(wrappedLabel(tr("Choose where the copy goes: a new or empty folder, or a new zip file. The "
                                    "images on the CD are not changed."),
                                 page));
  auto* row = new QHBoxLayout;
  output_ = new QLineEdit(page);
  browse_ = new QPushButton(tr("&Choose..."), page);
  row->addWidget(output_, 1);
  row->addWidget(browse_);
  layout->addLayout(row);
  auto* actions = new QHBoxLayout;
  export_button_ = new QPushButton(tr("&Export"), page);
  cancel_button_ = new QPushButton(tr("Cancel export"), page);
  cancel_button_->setEnabled(false);
  actions->addWidget(export_button_);
  actions->addWidget(cancel_button_);
  actions->addStretch(1);
  layout->addLayout(actions);
  progress_ = new QProgressBar(page);
  progress_->setValue(0);
  layout->addWidget(progress_);
  export_status_ = wrappedLabel({}, page);
  layout->addWidget(export_status_);
  layout->addStretch(1);

  const QString last_dir = interactive_ ? QSettings().value("share/last_folder").toString() : QString();
  if (!last_dir.isEmpty()) output_->setText(QDir(last_dir).filePath(tr("shared-scans")));
  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString start = QFileInfo(output_->text()).absolutePath();
    const bool zip = format_->checkedId() == 1;
    const QString path = zip ? QFileDialog::getSaveFileName(this, tr("Zip file for the copy"), start, tr("Zip (*.zip)"))
                             : QFileDialog::getExistingDirectory(this, tr("Folder for the copy (new or empty)"), start);
    if (!path.isEmpty()) output_->setText(path);
  });
  connect(export_button_, &QPushButton::clicked, this, &ShareDialog::startExport);
  connect(cancel_button_, &QPushButton::clicked, this, &ShareDialog::cancelExport);
  return page;
}

QWidget* ShareDialog::buildResultPage() {
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  result_summary_ = wrappedLabel({}, page);
  result_summary_->setAlignment(Qt::AlignTop | Qt::AlignLeft);  // stays at the top when there is no list
  layout->addWidget(result_summary_);
  findings_ = new QTreeWidget(page);
  findings_->setColumnCount(4);
  findings_->setHeaderLabels({tr("Kind"), tr("What"), tr("Where"), tr("Detail")});
  findings_->setColumnWidth(0, 110);
  findings_->setColumnWidth(1, 380);
  findings_->setColumnWidth(2, 260);
  findings_->setRootIsDecorated(false);
  layout->addWidget(findings_, 1);
  auto* row = new QHBoxLayout;
  open_export_ = new QPushButton(tr("&Open the export"), page);
  open_export_->setToolTip(tr("Look at the copy as the recipient will see it"));
  open_export_->setEnabled(false);
  row->addWidget(open_export_);
  send_ = new QPushButton(tr("&Send..."), page);
  send_->setToolTip(tr("Send the checked copy to a DICOM archive or viewer"));
  send_->setEnabled(false);
  row->addWidget(send_);
  row->addStretch(1);
  layout->addLayout(row);
  connect(open_export_, &QPushButton::clicked, this, [this] {
    emit openExportRequested(export_path_);
    accept();
  });
  connect(send_, &QPushButton::clicked, this, [this] {
    SendDialog dialog(export_path_, interactive_, this);
    dialog.exec();
  });
  return page;
}

// ---- navigation -----------------------------------------------------------------------------

int ShareDialog::step() const { return pages_->currentIndex(); }

void ShareDialog::showStep(int step) {
  pages_->setCurrentIndex(step);
  step_title_->setText(tr(kStepTitles[step]));
  back_->setEnabled(step > SeriesStep && step < ResultStep && !exporting_);
  next_->setVisible(step < ExportStep);
  next_->setEnabled(step != SeriesStep || series_checked_);
  close_->setText(step == ResultStep ? tr("Close") : tr("Cancel"));
  if (step == OptionsStep) updateRecipient();
  if (step == ChangesStep) computePreview();
}

bool ShareDialog::goNext() {
  const int current = step();
  if (current == SeriesStep) {
    if (!series_checked_) return false;
    if (tickedSeries().empty()) {
      showError(tr("Nothing ticked"), tr("Tick at least one series to send."));
      return false;
    }
  }
  if (current == OptionsStep && selectedPerson() >= 0 && recipient_name_->text().trimmed().isEmpty() !=
                                                    recipient_id_->text().trimmed().isEmpty()) {
    // Either both or neither: the other one is taken from the made-up name.
    if (recipient_name_->text().trimmed().isEmpty()) recipient_name_->setText(recipient_name_->placeholderText());
    else recipient_id_->setText(recipient_id_->placeholderText());
  }
  if (current >= ExportStep) return false;
  showStep(current + 1);
  return true;
}

void ShareDialog::goBack() {
  if (step() > SeriesStep && !exporting_) showStep(step() - 1);
}

void ShareDialog::closeEvent(QCloseEvent* event) {
  if (exporting_) {
    cancelExport();
    event->ignore();
    return;
  }
  QDialog::closeEvent(event);
}

void ShareDialog::reject() {
  if (exporting_) {
    cancelExport();
    return;
  }
  if (cancel_) cancel_->store(true);
  if (interactive_) QSettings().setValue("share/geometry", saveGeometry());
  QDialog::reject();
}

void ShareDialog::showError(const QString& title, const QString& message) {
  emit failed(message);
  if (interactive_) QMessageBox::warning(this, title, message);
  else std::fprintf(stderr, "scanshare-viewer: %s: %s\n", qPrintable(title), qPrintable(message));
}

// ---- step 1 ---------------------------------------------------------------------------------

void ShareDialog::checkSeries() {
  if (!key_) return;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto* watcher = new QFutureWatcher<SeriesCheck>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    const SeriesCheck check = watcher->result();
    watcher->deleteLater();
    if (!check.error.isEmpty()) {
      series_status_->setText(check.error);
      showError(tr("Cannot check the series"), check.error);
      return;
    }
    exclusion_ = check.exclusion;
    burned_in_.assign(exclusion_.size(), false);
    for (int i = 0; i < static_cast<int>(series_items_.size()); ++i) {
      QTreeWidgetItem* item = series_items_[static_cast<std::size_t>(i)];
      const imaging::Exclusion& reason = exclusion_[static_cast<std::size_t>(i)];
      if (reason.code == imaging::OutcomeCode::None) {
        // Only the images of the person on screen start ticked.
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, people_.personOf(i) == viewed_person_ ? Qt::Checked : Qt::Unchecked);
        item->setText(2, QString());
      } else if (imaging::isBurnedIn(reason.code)) {
        // Printed text: may go with the text blacked out, ticked in the note column.
        burned_in_[static_cast<std::size_t>(i)] = true;
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setForeground(0, palette().brush(QPalette::Disabled, QPalette::Text));
        item->setText(2, tr("Send with the printed text blacked out"));
        item->setCheckState(2, Qt::Unchecked);
        item->setToolTip(2, plainExclusionReason(reason) + QLatin1Char('\n') +
                                tr("Tick to send it with the text blacked out; the text found is shown on the right."));
      } else {
        item->setCheckState(0, Qt::Unchecked);
        item->setDisabled(true);
        item->setText(2, plainExclusionReason(reason));
        item->setToolTip(2, text(reason.detail));
      }
    }
    series_checked_ = true;
    updateSeriesStatus();
    if (step() == SeriesStep) next_->setEnabled(true);
    emit seriesChecked();
  });
  imaging::AnonymizeOptions options;
  options.deid = imaging::makeDeidConfig(*key_, imaging::Profile::defaultProfile());
  options.jobs = 1;
  options.cancel = cancel_.get();
  watcher->setFuture(QtConcurrent::run([inventory = inventory_, list = series_, options, cancel = cancel_]() mutable {
    SeriesCheck check;
    check.exclusion.resize(list.size());
    try {
      // The engine's own verdict: a dry run of each series' first instance.
      for (std::size_t i = 0; i < list.size() && !cancel->load(); ++i) {
        options.series = {list[i]->series_instance_uid};
        const auto preview = imaging::dryRun(*inventory, options, 1);
        if (!preview.empty() && preview.front().status == imaging::InstanceOutcome::Status::Excluded)
          check.exclusion[i] = {preview.front().code, preview.front().reason};
      }
    } catch (const imaging::Error& e) {
      check.error = QString::fromStdString(e.oneLine());
    }
    return check;
  }));
}

void ShareDialog::setSeriesTicked(int index, bool ticked) {
  if (index < 0 || index >= static_cast<int>(series_items_.size())) return;
  QTreeWidgetItem* item = series_items_[static_cast<std::size_t>(index)];
  if (!isSeriesExcluded(index)) item->setCheckState(0, ticked ? Qt::Checked : Qt::Unchecked);
}

bool ShareDialog::isSeriesExcluded(int index) const {
  return index >= 0 && index < static_cast<int>(exclusion_.size()) && exclusion_[static_cast<std::size_t>(index)].code != imaging::OutcomeCode::None;
}

bool ShareDialog::canRedact(int index) const {
  return index >= 0 && index < static_cast<int>(burned_in_.size()) && burned_in_[static_cast<std::size_t>(index)];
}

bool ShareDialog::isRedacted(int index) const {
  return canRedact(index) && series_items_[static_cast<std::size_t>(index)]->checkState(2) == Qt::Checked;
}

void ShareDialog::setSeriesRedacted(int index, bool redact) {
  if (!canRedact(index)) return;
  QTreeWidgetItem* item = series_items_[static_cast<std::size_t>(index)];
  item->setCheckState(2, redact ? Qt::Checked : Qt::Unchecked);
  series_list_->setCurrentItem(item);
}

std::vector<std::string> ShareDialog::identifiersOf(int index) const {
  const imaging::Series* wanted = series_[static_cast<std::size_t>(index)];
  for (const auto& patient : inventory_->patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series)
        if (&series == wanted) return {patient.name, patient.id, patient.birth_date};
  return {};
}

void ShareDialog::showBurnedInLook(int index) {
  look_panel_->setVisible(true);
  look_shown_ = index;
  const auto show = [this](int shown) {
    const BurnedInLook& look = looks_.at(shown);
    look_image_->setPixmap(look.image.isNull() ? QPixmap()
                                               : QPixmap::fromImage(look.image.scaled(look_image_->size(), Qt::KeepAspectRatio,
                                                                                      Qt::SmoothTransformation)));
    if (look.image.isNull()) look_image_->setText(tr("(no picture)"));
    look_text_->setText(plainExclusionReason(exclusion_[static_cast<std::size_t>(shown)]) + QStringLiteral("\n\n") +
                        describeBurnedInLook(look));
    emit burnedInLookReady(shown, look.error.isEmpty() ? look.identifying : -1, look.error.isEmpty() ? look.other : -1);
  };
  if (looks_.count(index)) return show(index);
  look_image_->setPixmap(QPixmap());
  look_image_->setText(tr("Reading the text in the picture..."));
  look_text_->clear();
  const auto& instances = series_[static_cast<std::size_t>(index)]->instances;
  if (instances.empty()) return;
  auto* watcher = new QFutureWatcher<BurnedInLook>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, index, show] {
    looks_[index] = watcher->result();
    watcher->deleteLater();
    if (look_shown_ == index) show(index);
  });
  watcher->setFuture(QtConcurrent::run([path = instances.front().path, identifiers = identifiersOf(index)] {
    return lookForBurnedInText(path, identifiers);
  }));
}

void ShareDialog::updateSeriesStatus() {
  std::size_t images = 0;
  const auto ticked = tickedSeries();
  for (int index : ticked) images += series_[static_cast<std::size_t>(index)]->instances.size();
  const auto people = people_.peopleOf(ticked);
  QString whose;
  if (people.size() == 1) whose = tr(", all of %1").arg(people_.name(people.front()));
  else if (people.size() > 1) whose = tr(", of %1 people").arg(people.size());
  series_status_->setText(tr("Ticked: %1 series (%2 images)%3.").arg(ticked.size()).arg(images).arg(whose));
}

int ShareDialog::seriesIndexOf(QTreeWidgetItem* item) const {
  if (!item) return -1;
  const QVariant index = item->data(0, Qt::UserRole);
  return index.isValid() ? index.toInt() : -1;
}

int ShareDialog::groupSeriesCount(int group) const {
  int n = 0;
  for (int i = 0; i < static_cast<int>(series_.size()); ++i) n += people_.personOf(i) == group;
  return n;
}

int ShareDialog::selectedPerson() const {
  const auto people = people_.peopleOf(tickedSeries());
  return people.size() == 1 ? people.front() : -1;
}

void ShareDialog::askAboutPerson(int index, int column) {
  if (person_question_) return;  // one question at a time; this tick stays off
  const int person = people_.personOf(index);
  const QString name = people_.name(person);
  auto* box = new QMessageBox(QMessageBox::Question, tr("Add another person's images?"),
                              tr("\"%1\" is of %2, not of the person whose images you were looking at.\n\n"
                                 "Add %2's images to what you send?")
                                  .arg(seriesLabel(*series_[static_cast<std::size_t>(index)]), name),
                              QMessageBox::NoButton, this);
  box->addButton(tr("Add %1's images").arg(name), QMessageBox::YesRole);
  box->setDefaultButton(box->addButton(tr("Do not add"), QMessageBox::NoRole));
  box->setWindowModality(Qt::WindowModal);
  box->setAttribute(Qt::WA_DeleteOnClose);
  connect(box, &QMessageBox::finished, this, [this, box, index, column, person] {
    person_question_ = nullptr;
    const bool add = box->buttonRole(box->clickedButton()) == QMessageBox::YesRole;
    if (!add) return;
    accepted_people_.insert(person);
    series_items_[static_cast<std::size_t>(index)]->setCheckState(column, Qt::Checked);  // the tick the question held back
  });
  person_question_ = box;
  box->open();
}

QWidget* ShareDialog::personQuestion() const { return person_question_.data(); }

void ShareDialog::answerPersonQuestion(bool add) {
  if (!person_question_) return;
  QMessageBox* box = person_question_;
  for (QAbstractButton* button : box->buttons())
    if ((box->buttonRole(button) == QMessageBox::YesRole) == add) return button->click();
}

std::vector<int> ShareDialog::tickedSeries() const {
  std::vector<int> ticked;
  for (int i = 0; i < static_cast<int>(series_items_.size()); ++i)
    if ((!isSeriesExcluded(i) && series_items_[static_cast<std::size_t>(i)]->checkState(0) == Qt::Checked) || isRedacted(i))
      ticked.push_back(i);
  return ticked;
}

// ---- step 2 ---------------------------------------------------------------------------------

void ShareDialog::setDateMode(imaging::DateMode mode) { dates_->button(static_cast<int>(mode))->setChecked(true); }
void ShareDialog::setKeepAgeAndSex(bool keep) { keep_age_sex_->setChecked(keep); }
void ShareDialog::setRecipient(const QString& name, const QString& id) {
  recipient_name_->setText(name);
  recipient_id_->setText(id);
}
void ShareDialog::setZip(bool zip) { format_->button(zip ? 1 : 0)->setChecked(true); }

void ShareDialog::updateRecipient() {
  const int person = selectedPerson();
  const bool one = person >= 0 && key_;
  recipient_name_->setEnabled(one);
  recipient_id_->setEnabled(one);
  if (one) {
    // The made-up name the copy gets when the fields stay empty.
    const auto pseudonym = imaging::makeHmacPseudonyms(*key_)->forPatient(people_.patient(person).identityKey());
    recipient_name_->setPlaceholderText(text(pseudonym.name));
    recipient_id_->setPlaceholderText(text(pseudonym.id));
    recipient_note_->setText(tr("What the recipient sees instead of the name and ID of %1. Leave empty for the made-up "
                                "name shown in grey (the same every time you share these images).").arg(people_.name(person)));
  } else {
    recipient_name_->setPlaceholderText({});
    recipient_id_->setPlaceholderText({});
    recipient_note_->setText(tr("The ticked images belong to %1 people: each gets a made-up name of their own.")
                                 .arg(people_.peopleOf(tickedSeries()).size()));
  }
}

QString ShareDialog::recipientNote() const { return recipient_note_->text(); }

bool ShareDialog::setRecipeFile(const QString& path) { return clinic_->setRecipeFile(path); }
QString ShareDialog::recipeError() const { return clinic_->recipeError(); }
QStringList ShareDialog::recipeLines() const { return clinic_->recipeLines(); }
bool ShareDialog::setMappingFile(const QString& path) { return clinic_->setMappingFile(path); }

imaging::AnonymizeOptions ShareDialog::makeOptions() const {
  imaging::Profile profile = imaging::Profile::defaultProfile();
  profile.setDateMode(static_cast<imaging::DateMode>(dates_->checkedId()));
  if (keep_age_sex_->isChecked()) profile.options.insert(imaging::DeidOption::RetainPatientCharacteristics);
  else profile.options.erase(imaging::DeidOption::RetainPatientCharacteristics);
  imaging::AnonymizeOptions options;
  options.deid = imaging::makeDeidConfig(*key_, profile);
  const QString name = recipient_name_->text().trimmed(), id = recipient_id_->text().trimmed();
  if (selectedPerson() >= 0 && (!name.isEmpty() || !id.isEmpty()))
    options.pseudonym = imaging::Pseudonym{(name.isEmpty() ? recipient_name_->placeholderText() : name).toStdString(),
                                           (id.isEmpty() ? recipient_id_->placeholderText() : id).toStdString()};
  for (int index : tickedSeries()) {
    options.series.push_back(series_[static_cast<std::size_t>(index)]->series_instance_uid);
    options.redact_burned_in = options.redact_burned_in || isRedacted(index);
  }
  options.zip = format_->checkedId() == 1;
  clinic_->applyTo(options, *inventory_);
  return options;
}

// ---- step 3 ---------------------------------------------------------------------------------

void ShareDialog::computePreview() {
  if (!key_) return;
  if (cancel_) cancel_->store(true);
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  const unsigned generation = ++preview_generation_;
  changes_->setRowCount(0);
  changes_status_->setText(tr("Working out what changes..."));
  next_->setEnabled(false);
  auto* watcher = new QFutureWatcher<Preview>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
    const Preview preview = watcher->result();
    watcher->deleteLater();
    if (generation != preview_generation_) return;  // options changed meanwhile
    if (step() == ChangesStep) next_->setEnabled(preview.error.isEmpty());
    if (!preview.error.isEmpty()) {
      changes_status_->setText(preview.error);
      showError(tr("Cannot work out the changes"), preview.error);
      return;
    }
    const auto rows = mergeChanges(preview.instances);
    changes_->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
      const ChangeRow& row = rows[static_cast<std::size_t>(r)];
      const QString name = row.keyword.empty() ? text(row.tag) : text(row.keyword) + QStringLiteral("  ") + text(row.tag);
      const QString cells[] = {name, joinValues(row.before), row.action == "remove" ? tr("(removed)") : joinValues(row.after), plainAction(row.action)};
      for (int c = 0; c < 4; ++c) {
        auto* cell = new QTableWidgetItem(cells[c]);
        cell->setToolTip(cells[c]);
        changes_->setItem(r, c, cell);
      }
    }
    std::size_t failed = 0;
    for (const auto& instance : preview.instances) failed += instance.status == imaging::InstanceOutcome::Status::Failed;
    std::size_t staying = 0;
    for (const auto& row : rows) staying += row.action == "keep-text" || row.action == "keep-verbatim";
    QString status = tr("%1 attributes change and %2 text values stay as shown (first image of each of %3 series).")
                         .arg(rows.size() - staying)
                         .arg(staying)
                         .arg(preview.instances.size());
    if (failed) status += tr(" %1 image(s) could not be read.").arg(failed);
    changes_status_->setText(status);
    emit previewReady(static_cast<int>(rows.size()));
  });
  imaging::AnonymizeOptions options = makeOptions();
  const std::vector<std::string> selected = options.series;
  options.jobs = 1;
  options.cancel = cancel_.get();
  watcher->setFuture(QtConcurrent::run([inventory = inventory_, options, selected, cancel = cancel_]() mutable {
    Preview preview;
    try {
      for (const auto& uid : selected) {
        if (cancel->load()) break;
        options.series = {uid};
        for (auto& instance : imaging::dryRun(*inventory, options, 1)) preview.instances.push_back(std::move(instance));
      }
    } catch (const imaging::Error& e) {
      if (e.code() != imaging::ErrorCode::Cancelled) preview.error = QString::fromStdString(e.oneLine());
    }
    return preview;
  }));
}

// ---- step 4 ---------------------------------------------------------------------------------

void ShareDialog::setOutputPath(const QString& path) { output_->setText(path); }

QString ShareDialog::checkOutputPath() const {
  const QString path = output_->text().trimmed();
  if (path.isEmpty()) return tr("Choose where the copy goes.");
  const QFileInfo info(path);
  if (format_->checkedId() == 1) {
    if (info.exists()) return tr("%1: a file of that name already exists; choose a new name.").arg(path);
  } else if (info.exists() && (!info.isDir() || !QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))) {
    return tr("%1: this folder is not empty; choose a new or empty folder.").arg(path);
  }
  if (!QFileInfo(info.absolutePath()).isDir()) return tr("%1: the folder it would go in does not exist.").arg(path);
  return {};
}

void ShareDialog::startExport() {
  if (exporting_ || !key_) return;
  QString path = output_->text().trimmed();
  if (format_->checkedId() == 1 && !path.isEmpty() && !path.endsWith(QStringLiteral(".zip"), Qt::CaseInsensitive)) {
    path += QStringLiteral(".zip");
    output_->setText(path);
  }
  QString problem = checkOutputPath();
  if (problem.isEmpty()) problem = clinic_->mappingProblem(QFileInfo(path).absoluteFilePath());
  if (problem.isEmpty() && makeOptions().series.empty()) problem = tr("The recipe's series rule matches none of the ticked series.");
  if (!problem.isEmpty()) {
    export_status_->setText(problem);
    showError(tr("Cannot export there"), problem);
    emit exportFinished(false);
    return;
  }
  path = QFileInfo(path).absoluteFilePath();
  if (interactive_) QSettings().setValue("share/last_folder", QFileInfo(path).absolutePath());
  exporting_ = true;
  export_ok_ = false;
  export_path_ = path;
  if (cancel_) cancel_->store(true);
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  for (QWidget* w : std::initializer_list<QWidget*>{output_, browse_, export_button_, back_}) w->setEnabled(false);
  cancel_button_->setEnabled(true);
  progress_->setRange(0, 0);
  export_status_->setText(tr("Exporting..."));

  // The library's share pipeline writes the copy and verifies it against the disk, as
  // `scanshare anonymize` does; the scan the viewer already has is reused.
  imaging::ShareRequest request;
  request.input = source_path_.toStdString();
  request.scanned = inventory_;
  request.options = makeOptions();
  request.options.keep_written_uids = !clinic_->mappingPath().isEmpty();  // the mapping pairs them with the source's
  export_options_ = request.options;  // the mapping needs them after the export
  request.output = path.toStdString();
  request.verify = true;
  request.key = key_;
  request.jobs = 2;
  request.cancel = cancel_.get();
  QPointer<ShareDialog> self = this;
  request.progress = [self, cancel = cancel_, cancel_after = cancel_after_](imaging::ShareStage stage, std::size_t done,
                                                                         std::size_t total) {
    if (stage == imaging::ShareStage::Export && cancel_after && done >= cancel_after)
      cancel->store(true);  // test hook: same path as the button
    QMetaObject::invokeMethod(self, [self, stage, done, total] {
      if (!self || !self->exporting_) return;
      if (stage == imaging::ShareStage::Verify) {
        self->progress_->setRange(0, 0);
        self->export_status_->setText(tr("Checking the copy for anything that could identify you..."));
        return;
      }
      if (stage != imaging::ShareStage::Export) return;
      self->progress_->setRange(0, static_cast<int>(total));
      self->progress_->setValue(static_cast<int>(done));
      self->export_status_->setText(tr("Exporting image %1 of %2...").arg(done).arg(total));
      emit self->exportProgress(static_cast<int>(done), static_cast<int>(total));
    }, Qt::QueuedConnection);
  };
  auto* watcher = new QFutureWatcher<ExportOutcome>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    const ExportOutcome outcome = watcher->result();
    watcher->deleteLater();
    onExportDone(outcome.share.result, outcome.error, outcome.cancelled);
    if (outcome.error.isEmpty() && !outcome.cancelled) showVerdict(outcome.share);
  });
  watcher->setFuture(QtConcurrent::run([request = std::move(request)]() mutable {
    ExportOutcome outcome;
    try {
      outcome.share = imaging::SharePipeline(std::move(request)).run();
    } catch (const imaging::Error& e) {
      outcome.cancelled = e.code() == imaging::ErrorCode::Cancelled;
      outcome.error = QString::fromStdString(e.oneLine());
    } catch (const std::exception& e) {
      outcome.error = QString::fromUtf8(e.what());
    }
    return outcome;
  }));
}

void ShareDialog::cancelExport() {
  if (!exporting_ || !cancel_) return;
  cancel_->store(true);
  export_status_->setText(tr("Cancelling..."));
  cancel_button_->setEnabled(false);
}

void ShareDialog::onExportDone(const imaging::AnonymizeResult& result, const QString& error, bool cancelled) {
  exporting_ = false;
  cancel_button_->setEnabled(false);
  for (QWidget* w : std::initializer_list<QWidget*>{output_, browse_, export_button_, back_}) w->setEnabled(true);
  progress_->setRange(0, 1);
  progress_->setValue(0);
  if (cancelled) {
    export_status_->setText(tr("Cancelled: nothing was saved."));
    emit exportFinished(false);
    return;
  }
  if (!error.isEmpty()) {
    export_status_->setText(error);
    showError(tr("Export failed"), error);
    emit exportFinished(false);
    return;
  }
  export_ok_ = true;
  progress_->setValue(1);
  // Files that failed: one line each, naming the file (or its place on the copy) and the reason.
  QStringList problems;
  for (const auto& f : result.files)
    if (f.status == imaging::InstanceOutcome::Status::Failed)
      problems << text(f.input_withheld ? f.description : f.input_relative) + QStringLiteral(": ") + text(f.reason);
  for (const auto& s : result.skipped)
    if (s.bad) problems << (s.input_withheld ? tr("(name withheld)") : text(s.input_relative)) + QStringLiteral(": ") + text(s.reason);
  std::size_t redacted = 0, still_identifying = 0, nothing_blacked_out = 0;
  for (const auto& f : result.files) {
    redacted += f.redacted;
    const bool burned_in_out = f.burned_in && f.status == imaging::InstanceOutcome::Status::Excluded;
    still_identifying += burned_in_out && (f.code == imaging::OutcomeCode::BurnedInStillIdentifying ||
                                           f.code == imaging::OutcomeCode::BurnedInStillText);
    nothing_blacked_out += burned_in_out && (f.code == imaging::OutcomeCode::BurnedInNoTextFound ||
                                             f.code == imaging::OutcomeCode::BurnedInNothingChanged);
  }
  QString saved = tr("Saved %1 images to %2.").arg(result.kept).arg(export_path_);
  if (redacted) saved += tr(" %1 of them with the printed text blacked out.").arg(redacted);
  if (still_identifying)
    saved += tr(" %1 image(s) were left out: text that could identify you was still found after blacking out.").arg(still_identifying);
  if (nothing_blacked_out)
    saved += tr(" %1 image(s) were left out: no printed text was found to black out; cover it with the box tool.").arg(nothing_blacked_out);
  if (!clinic_->mappingPath().isEmpty() && export_options_) {
    // Sealed with this user's key, outside the copy; a failure here leaves the copy as it is.
    try {
      imaging::saveSealedMapping(clinic_->mappingPath().toStdString(), *key_, *inventory_, *export_options_, result);
      saved += tr(" The re-identification mapping was saved to %1: keep it at the clinic.").arg(clinic_->mappingPath());
    } catch (const imaging::Error& e) {
      problems << tr("The re-identification mapping was not saved: %1").arg(QString::fromStdString(e.oneLine()));
    }
  }
  export_status_->setText(saved);
  if (!problems.isEmpty())
    showError(tr("Some files were not exported"), tr("These files could not be exported:\n%1").arg(problems.join('\n')));
  emit exportFinished(true);
  showStep(ResultStep);
  result_summary_->setText(saved);
}

// ---- step 5 ---------------------------------------------------------------------------------

QString ShareDialog::verdictSummary() const { return result_summary_->text(); }

QStringList ShareDialog::verdictRows() const {
  QStringList rows;
  for (int i = 0; i < findings_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = findings_->topLevelItem(i);
    rows << QStringList{item->text(0), item->toolTip(1), item->text(2), item->text(3)}.join(QStringLiteral(" | "));
  }
  return rows;
}

// Verify's verdict, from the share pipeline that wrote the copy.
void ShareDialog::showVerdict(const imaging::ShareOutcome& outcome) {
  open_export_->setEnabled(true);
  findings_->clear();
  if (!outcome.verify_error.empty() || !outcome.verdict) {
    const QString error = QString::fromStdString(outcome.verify_error);
    result_summary_->setText(tr("The copy was saved to %1, but it could not be checked:\n%2").arg(export_path_, error));
    verify_clean_ = false;
    showError(tr("Check failed"), error);
    emit verifyFinished(false, 0);
    return;
  }
  // The verdict is verify's own: clean() or the findings, kind, place and detail (never values).
  const ShareVerdict verdict = makeVerdict(*outcome.verdict, export_path_);
  for (const VerdictRow& row : verdict.rows) {
    auto* item = new QTreeWidgetItem(findings_, {row.kind, row.what, row.where, row.detail});
    if (row.problem) item->setForeground(0, QBrush(QColor(176, 0, 0)));
    item->setToolTip(1, row.technical_kind.isEmpty() ? row.what : row.technical_kind);
  }
  verify_clean_ = verdict.clean;
  send_->setEnabled(verify_clean_);  // never offer to send a copy verify did not pass
  findings_->setVisible(!verdict.rows.empty());
  result_summary_->setText(verdict.summary);
  result_summary_->setStyleSheet(verdict.clean ? QStringLiteral("color: #0a6b1f") : QStringLiteral("color: #b00000; font-weight: bold"));
  emit verifyFinished(verify_clean_, verdict.notes);
}
