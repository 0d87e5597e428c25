#pragma once
// The share flow: 1 tick series, 2 options in plain words, 3 before/after table, 4 export with
// progress and Cancel, 5 verify and "Open the export". Every libimaging call (dry run, export,
// verify) runs in a QtConcurrent task; results come back on the UI thread. The test hooks
// (ShareAutopilot) drive this same dialog through its public functions.
#include <QDialog>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "burned_in_preview.h"
#include "imaging/deid/key.h"
#include "imaging/deid/profile.h"
#include "imaging/model/model.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/share_pipeline.h"
#include "share_people.h"

class ShareClinicOptions;

class QButtonGroup;
class QCheckBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTreeWidget;
class QTreeWidgetItem;

class ShareDialog : public QDialog {
  Q_OBJECT
 public:
  enum Step { SeriesStep = 0, OptionsStep, ChangesStep, ExportStep, ResultStep, StepCount };

  // series: the browser's list (same order and numbering as the viewer's --series N).
  // shown_series: the series on screen in the main window (-1: none); step 1 starts with only
  // the series of its patient ticked (none shown: the first patient's).
  // interactive: errors in message boxes and settings remembered; off for the test hooks, which
  // get errors on stderr instead.
  ShareDialog(std::shared_ptr<const imaging::Inventory> inventory, std::vector<const imaging::Series*> series,
              int shown_series, QString source_path, bool interactive, QWidget* parent = nullptr);
  ~ShareDialog() override;

  int step() const;
  bool goNext();  // checks the current step; false (with a message) when it cannot go on
  void goBack();

  // Step 1: series (0-based, browser order); series the engine leaves out cannot be ticked.
  bool seriesReady() const { return series_checked_; }
  void setSeriesTicked(int index, bool ticked);
  bool isSeriesExcluded(int index) const;
  // Burned-in candidates: may be sent with the printed text blacked out (OCR finds it; an image
  // whose re-check still finds identifying text is left out by the engine).
  bool canRedact(int index) const;
  void setSeriesRedacted(int index, bool redact);  // also shows that series' text boxes
  bool isRedacted(int index) const;
  // Ticking a series of a person whose images are not in the selection yet asks first: the tick
  // waits until the question is answered (by the person at the screen, or the test hooks here).
  bool personQuestionPending() const { return !person_question_.isNull(); }
  QWidget* personQuestion() const;
  void answerPersonQuestion(bool add);
  // What step 1 shows: ticked series, the people they belong to, the groups of the list.
  int tickedCount() const { return static_cast<int>(tickedSeries().size()); }
  int peopleInSelection() const { return static_cast<int>(people_.peopleOf(tickedSeries()).size()); }
  int groupCount() const { return people_.count(); }
  int groupSeriesCount(int group) const;  // series listed under that person
  int viewedPerson() const { return viewed_person_; }
  // Step 2.
  void setDateMode(imaging::DateMode mode);
  void setKeepAgeAndSex(bool keep);
  void setRecipient(const QString& name, const QString& id);
  void setZip(bool zip);
  // Step 2, for clinics: a recipe (false when refused: recipeError() says why) and the path of the
  // sealed re-identification mapping written after the export.
  bool setRecipeFile(const QString& path);
  QString recipeError() const;
  QStringList recipeLines() const;
  bool setMappingFile(const QString& path);
  // Step 4.
  void setOutputPath(const QString& path);
  void startExport();
  void cancelExport();
  // Test hook: cancel from the progress callback once this many files are done.
  void setCancelAfter(std::size_t files) { cancel_after_ = files; }

  QString exportPath() const { return export_path_; }
  bool exportSucceeded() const { return export_ok_; }
  bool verifyClean() const { return verify_clean_; }  // verify's own clean()
  QString verdictSummary() const;  // step 5's text
  QStringList verdictRows() const;  // step 5's list: "kind | what | where | detail" per row
  QString recipientNote() const;   // step 2's line about the people in the selection

 signals:
  void seriesChecked();             // step 1's exclusion check is done
  void burnedInLookReady(int index, int identifying, int other);  // OCR boxes of a series are on screen (-1, -1 on error)
  void previewReady(int rows);      // step 3's table is filled
  void exportProgress(int done, int total);
  void exportFinished(bool ok);     // export ended (ok, failed or cancelled)
  void verifyFinished(bool clean, int notes);  // step 5's verify is done: verify's clean(), its notes
  void openExportRequested(const QString& path);
  void failed(const QString& message);  // any error shown to the user

 protected:
  void closeEvent(QCloseEvent* event) override;
  void reject() override;

 private:
  QWidget* buildSeriesPage();
  QWidget* buildOptionsPage();
  QWidget* buildChangesPage();
  QWidget* buildExportPage();
  QWidget* buildResultPage();
  void showStep(int step);
  void checkSeries();
  void computePreview();
  void showVerdict(const imaging::ShareOutcome& outcome);
  void updateSeriesStatus();
  void updateRecipient();
  int seriesIndexOf(QTreeWidgetItem* item) const;
  void askAboutPerson(int index, int column);
  int selectedPerson() const;  // the one person of the selection, -1 when none or several
  void showBurnedInLook(int index);
  std::vector<std::string> identifiersOf(int index) const;
  void onExportDone(const imaging::AnonymizeResult& result, const QString& error, bool cancelled);
  void showError(const QString& title, const QString& message);
  std::vector<int> tickedSeries() const;
  imaging::AnonymizeOptions makeOptions() const;
  QString checkOutputPath() const;

  std::shared_ptr<const imaging::Inventory> inventory_;
  std::vector<const imaging::Series*> series_;
  QString source_path_;
  bool interactive_ = true;
  std::optional<imaging::Key> key_;
  std::vector<imaging::Exclusion> exclusion_;  // per series: the engine's verdict, code None when exported
  std::vector<bool> burned_in_;           // per series: excluded for printed text, may be redacted
  std::map<int, BurnedInLook> looks_;  // OCR result per series, computed once
  int look_shown_ = -1;
  bool series_checked_ = false;
  SharePeople people_;
  int viewed_person_ = -1;
  std::set<int> accepted_people_;  // people whose images may be ticked without asking again
  QPointer<QMessageBox> person_question_;
  std::shared_ptr<std::atomic<bool>> cancel_;  // the running background task, if any
  unsigned preview_generation_ = 0;
  std::size_t cancel_after_ = 0;
  bool exporting_ = false, export_ok_ = false, verify_clean_ = false;
  QString export_path_;

  QStackedWidget* pages_ = nullptr;
  QLabel* step_title_ = nullptr;
  QPushButton* back_ = nullptr;
  QPushButton* next_ = nullptr;
  QPushButton* close_ = nullptr;
  // step 1
  QTreeWidget* series_list_ = nullptr;
  std::vector<QTreeWidgetItem*> series_items_;  // per series index
  QLabel* series_status_ = nullptr;
  QWidget* look_panel_ = nullptr;
  QLabel* look_image_ = nullptr;
  QLabel* look_text_ = nullptr;
  // step 2
  QButtonGroup* dates_ = nullptr;
  QCheckBox* keep_age_sex_ = nullptr;
  QLineEdit* recipient_name_ = nullptr;
  QLineEdit* recipient_id_ = nullptr;
  QLabel* recipient_note_ = nullptr;
  QButtonGroup* format_ = nullptr;
  ShareClinicOptions* clinic_ = nullptr;
  std::optional<imaging::AnonymizeOptions> export_options_;  // of the running export (the mapping needs them)
  // step 3
  QTableWidget* changes_ = nullptr;
  QLabel* changes_status_ = nullptr;
  // step 4
  QLineEdit* output_ = nullptr;
  QPushButton* browse_ = nullptr;
  QPushButton* export_button_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* export_status_ = nullptr;
  // step 5
  QLabel* result_summary_ = nullptr;
  QTreeWidget* findings_ = nullptr;
  QPushButton* open_export_ = nullptr;
  QPushButton* send_ = nullptr;
};
