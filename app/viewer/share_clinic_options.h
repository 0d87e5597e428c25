#pragma once
// Step 2 of the share flow, for clinics: "Recipe..." (a project's rules, shown in plain words before
// they are used; a bad recipe is one line in red) and "Save re-identification mapping..." (the
// sealed mapping, written outside the export after it succeeded). The library does the work
// (imaging/workflow/recipe.h, sealed_mapping.h); this box only holds the choices.
#include <QGroupBox>
#include <QString>
#include <QStringList>
#include <optional>

#include "imaging/model/model.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/recipe.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

class ShareClinicOptions : public QGroupBox {
  Q_OBJECT
 public:
  explicit ShareClinicOptions(QString source_path, QWidget* parent = nullptr);

  // The file dialogs end here; so do the test hooks. false (with recipeError() set) when the
  // recipe is refused; an empty path clears the choice.
  bool setRecipeFile(const QString& path);
  bool setMappingFile(const QString& path);
  const imaging::Recipe* recipe() const { return recipe_ ? &*recipe_ : nullptr; }
  QString recipeError() const { return recipe_error_; }
  QStringList recipeLines() const { return recipe_lines_; }
  QString mappingPath() const { return mapping_path_; }

  // What the recipe decides, applied over the dialog's own choices: profile and dates (when the
  // recipe sets them), its rules, burned-in and SR handling; the ticked series narrowed to those
  // the recipe's series rule matches.
  void applyTo(imaging::AnonymizeOptions& options, const imaging::Inventory& inventory) const;
  // The mapping must lie outside the export and the source: "" when fine, else one line.
  QString mappingProblem(const QString& export_path) const;

 signals:
  void recipeChanged();  // the dates/profile the dialog shows may no longer apply

 private:
  void chooseRecipe();
  void chooseMapping();

  QString source_path_;
  std::optional<imaging::Recipe> recipe_;
  QString recipe_error_;
  QStringList recipe_lines_;
  QString mapping_path_;
  QPlainTextEdit* recipe_text_ = nullptr;
  QLabel* mapping_text_ = nullptr;
};
