#pragma once
// Test hooks for the share flow: walks the real ShareDialog step by step (ticks, options, output,
// export, verify) as a person would, saves screenshots of the steps, prints one line per outcome
// and exits. Nothing here does DICOM work of its own.
#include <QObject>
#include <QPointer>

#include "viewer_options.h"

class MainWindow;
class ShareDialog;

class ShareAutopilot : public QObject {
  Q_OBJECT
 public:
  ShareAutopilot(MainWindow* window, ViewerOptions options);
  // Call once the medium is open; the application exits with 0 (exported, verify clean),
  // 1 (exported, verify found something identifying), 4 (export failed or cancelled) or 2 (the dialog could not start).
  void start();

 private:
  void onSeriesChecked();
  void answerPersonQuestion(int series_number);
  void onBurnedInLook(int index, int identifying, int other);
  void leaveSeriesStep();
  void onPreviewReady(int rows);
  void onExportFinished(bool ok);
  void onVerifyFinished(bool clean, int notes);
  void saveStep(int step);
  void saveShot(const QString& path);
  void saveQuestionShot(const QString& path);
  void finish(int code);

  MainWindow* window_;
  ViewerOptions options_;
  QPointer<ShareDialog> dialog_;
  bool started_ = false;
  bool progress_shot_ = false;
  int awaited_look_ = -1;  // 0-based series whose OCR boxes must be on screen before step 1's screenshot
};
