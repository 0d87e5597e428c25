#include "share_autopilot.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "main_window.h"
#include "share_dialog.h"

ShareAutopilot::ShareAutopilot(MainWindow* window, ViewerOptions options)
    : QObject(window), window_(window), options_(std::move(options)) {}

void ShareAutopilot::start() {
  if (started_) return;
  started_ = true;
  dialog_ = window_->openShareDialog(false);
  if (!dialog_) {
    std::fprintf(stderr, "scanshare-viewer: nothing to share\n");
    finish(2);
    return;
  }
  connect(dialog_, &ShareDialog::seriesChecked, this, &ShareAutopilot::onSeriesChecked);
  connect(dialog_, &ShareDialog::burnedInLookReady, this, &ShareAutopilot::onBurnedInLook);
  connect(dialog_, &ShareDialog::previewReady, this, &ShareAutopilot::onPreviewReady);
  connect(dialog_, &ShareDialog::exportProgress, this, [this](int done, int total) {
    if (!progress_shot_ && done * 2 >= total) {  // the export page while it works
      progress_shot_ = true;
      saveStep(ShareDialog::ExportStep);
    }
  });
  connect(dialog_, &ShareDialog::exportFinished, this, &ShareAutopilot::onExportFinished);
  connect(dialog_, &ShareDialog::verifyFinished, this, &ShareAutopilot::onVerifyFinished);
}

void ShareAutopilot::onSeriesChecked() {
  // What step 1 starts with: the groups (one per person) and the ticks of the person on screen.
  std::printf("share-groups %d\n", dialog_->groupCount());
  for (int g = 0; g < dialog_->groupCount(); ++g)
    std::printf("share-group %d series %d%s\n", g + 1, dialog_->groupSeriesCount(g), g == dialog_->viewedPerson() ? " viewed" : "");
  std::printf("share-start-ticked %d people %d\n", dialog_->tickedCount(), dialog_->peopleInSelection());
  if (!options_.share_series.empty()) {
    if (!options_.share_screenshots.isEmpty())
      saveShot(QDir(options_.share_screenshots).filePath(QStringLiteral("share-step1-start.png")));
    // Exactly the listed series (1-based, browser order); others unticked.
    for (int i = 0; i < 1000; ++i) dialog_->setSeriesTicked(i, false);
    for (int n : options_.share_series) {
      if (dialog_->isSeriesExcluded(n - 1)) std::printf("share-series %d excluded\n", n);
      dialog_->setSeriesTicked(n - 1, true);
      answerPersonQuestion(n);
    }
  }
  for (int n : options_.share_redact) {
    if (!dialog_->canRedact(n - 1)) {
      std::printf("share-redact %d not-possible\n", n);
      continue;
    }
    dialog_->setSeriesRedacted(n - 1, true);
    answerPersonQuestion(n);
    if (dialog_->isRedacted(n - 1)) awaited_look_ = n - 1;
  }
  if (awaited_look_ < 0) leaveSeriesStep();
}

// A tick of another person's series waits for an answer: the explicit --share-add-person (no
// unless told), as the person at the screen would click it.
void ShareAutopilot::answerPersonQuestion(int series_number) {
  if (!dialog_->personQuestionPending()) return;
  const bool add = options_.share_add_person == QLatin1String("yes");
  std::printf("share-asked-person %d answer %s\n", series_number, add ? "yes" : "no");
  if (!options_.share_screenshots.isEmpty())
    saveQuestionShot(QDir(options_.share_screenshots).filePath(QStringLiteral("share-step1-question.png")));
  dialog_->answerPersonQuestion(add);
}

void ShareAutopilot::onBurnedInLook(int index, int identifying, int other) {
  if (index != awaited_look_ || dialog_->step() != ShareDialog::SeriesStep) return;
  std::printf("share-text-boxes %d identifying %d other %d\n", index + 1, identifying, other);
  awaited_look_ = -1;
  leaveSeriesStep();
}

void ShareAutopilot::leaveSeriesStep() {
  saveStep(ShareDialog::SeriesStep);
  std::printf("share-ticked %d people %d\n", dialog_->tickedCount(), dialog_->peopleInSelection());
  if (!dialog_->goNext()) return finish(4);
  if (options_.share_dates == "keep") dialog_->setDateMode(imaging::DateMode::Keep);
  if (options_.share_dates == "shift") dialog_->setDateMode(imaging::DateMode::Shift);
  if (options_.share_dates == "remove") dialog_->setDateMode(imaging::DateMode::Remove);
  if (options_.share_drop_age_sex) dialog_->setKeepAgeAndSex(false);
  if (!options_.share_name.isEmpty() || !options_.share_id.isEmpty()) dialog_->setRecipient(options_.share_name, options_.share_id);
  dialog_->setZip(options_.share_zip);
  if (!options_.share_recipe.isEmpty()) {
    if (!dialog_->setRecipeFile(options_.share_recipe)) {
      std::printf("share-recipe-error %s\n", qPrintable(dialog_->recipeError()));
      saveStep(ShareDialog::OptionsStep);
      return finish(4);
    }
    for (const QString& line : dialog_->recipeLines()) std::printf("share-recipe %s\n", qPrintable(line));
  }
  if (!options_.share_mapping.isEmpty() && !dialog_->setMappingFile(options_.share_mapping)) {
    std::printf("share-mapping-refused\n");
    return finish(4);
  }
  if (dialog_->peopleInSelection() > 1) std::printf("share-recipient-note %s\n", qPrintable(dialog_->recipientNote()));
  saveStep(ShareDialog::OptionsStep);
  dialog_->goNext();  // to the before/after table, which is computed in the background
}

void ShareAutopilot::onPreviewReady(int rows) {
  if (dialog_->step() != ShareDialog::ChangesStep) return;
  std::printf("share-changes %d\n", rows);
  saveStep(ShareDialog::ChangesStep);
  if (!options_.screenshot_path.isEmpty()) saveShot(options_.screenshot_path);
  dialog_->goNext();
  dialog_->setOutputPath(options_.share_to);
  if (options_.share_cancel_after > 0) dialog_->setCancelAfter(static_cast<std::size_t>(options_.share_cancel_after));
  saveStep(ShareDialog::ExportStep);
  dialog_->startExport();
}

void ShareAutopilot::onExportFinished(bool ok) {
  std::printf("share-export %s\n", ok ? "done" : "not-done");
  if (!ok) {
    saveStep(ShareDialog::ExportStep);
    finish(4);
  }
}

void ShareAutopilot::onVerifyFinished(bool clean, int notes) {
  std::printf("share-verify %s\nshare-notes %d\nshare-output %s\n", clean ? "clean" : "findings", notes,
              qPrintable(dialog_->exportPath()));
  std::printf("share-verdict %s\n", qPrintable(dialog_->verdictSummary().section(QLatin1Char(':'), 0, 0)));
  for (const QString& row : dialog_->verdictRows()) std::printf("share-finding %s\n", qPrintable(row));
  saveStep(ShareDialog::ResultStep);
  finish(clean ? 0 : 1);
}

void ShareAutopilot::saveStep(int step) {
  if (options_.share_screenshots.isEmpty()) return;
  QDir().mkpath(options_.share_screenshots);
  saveShot(QDir(options_.share_screenshots).filePath(QStringLiteral("share-step%1.png").arg(step + 1)));
}

void ShareAutopilot::saveShot(const QString& path) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QApplication::processEvents();  // let the page lay itself out
  if (!dialog_->grab().save(path, "PNG")) std::fprintf(stderr, "scanshare-viewer: %s: cannot write screenshot\n", qPrintable(path));
}

// The dialog with the question box over its middle, as the screen shows them.
void ShareAutopilot::saveQuestionShot(const QString& path) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QWidget* box = dialog_->personQuestion();
  QApplication::processEvents();
  QPixmap shot = dialog_->grab();
  if (box) {
    const QPixmap question = box->grab();
    QPainter painter(&shot);
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60));
    painter.drawPixmap((shot.width() - question.width()) / 2, (shot.height() - question.height()) / 3, question);
  }
  if (!shot.save(path, "PNG")) std::fprintf(stderr, "scanshare-viewer: %s: cannot write screenshot\n", qPrintable(path));
}

void ShareAutopilot::finish(int code) {
  std::fflush(stdout);
  // Leave the event loop after the current signal has been delivered.
  QTimer::singleShot(0, qApp, [code] { QApplication::exit(code); });
}
