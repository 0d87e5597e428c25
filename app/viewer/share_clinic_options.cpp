#include "share_clinic_options.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "imaging/core/error.h"
#include "imaging/workflow/sealed_mapping.h"

ShareClinicOptions::ShareClinicOptions(QString source_path, QWidget* parent)
    : QGroupBox(tr("For clinics"), parent), source_path_(std::move(source_path)) {
  auto* layout = new QVBoxLayout(this);
  auto* recipe_row = new QHBoxLayout;
  auto* recipe_button = new QPushButton(tr("Recipe..."), this);
  recipe_button->setObjectName(QStringLiteral("recipeButton"));
  recipe_text_ = new QPlainTextEdit(tr("No recipe: the choices above apply."), this);
  recipe_text_->setReadOnly(true);
  recipe_text_->setObjectName(QStringLiteral("recipeRules"));
  recipe_text_->setFixedHeight(recipe_text_->fontMetrics().lineSpacing() * 6 + 12);
  recipe_row->addWidget(recipe_button, 0, Qt::AlignTop);
  recipe_row->addWidget(recipe_text_, 1);
  layout->addLayout(recipe_row);
  auto* mapping_row = new QHBoxLayout;
  auto* mapping_button = new QPushButton(tr("Save re-identification mapping..."), this);
  mapping_button->setObjectName(QStringLiteral("mappingButton"));
  mapping_text_ = new QLabel(tr("No mapping: nobody can find the patient behind the copy again."), this);
  mapping_text_->setWordWrap(true);
  mapping_text_->setTextFormat(Qt::PlainText);
  mapping_row->addWidget(mapping_button, 0, Qt::AlignTop);
  mapping_row->addWidget(mapping_text_, 1);
  layout->addLayout(mapping_row);
  connect(recipe_button, &QPushButton::clicked, this, &ShareClinicOptions::chooseRecipe);
  connect(mapping_button, &QPushButton::clicked, this, &ShareClinicOptions::chooseMapping);
}

void ShareClinicOptions::chooseRecipe() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Choose a recipe"), {}, tr("Recipes (*.json)"));
  if (!path.isEmpty()) setRecipeFile(path);
}

void ShareClinicOptions::chooseMapping() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save the re-identification mapping"), {}, tr("Mapping (*.map)"));
  if (!path.isEmpty()) setMappingFile(path);
}

bool ShareClinicOptions::setRecipeFile(const QString& path) {
  recipe_.reset();
  recipe_lines_.clear();
  recipe_error_.clear();
  if (path.isEmpty()) {
    recipe_text_->setStyleSheet({});
    recipe_text_->setPlainText(tr("No recipe: the choices above apply."));
    emit recipeChanged();
    return true;
  }
  try {
    recipe_ = imaging::loadRecipe(path.toStdString());
    for (const std::string& line : imaging::describeRecipe(*recipe_)) recipe_lines_ << QString::fromStdString(line);
    recipe_text_->setStyleSheet({});
    recipe_text_->setPlainText(recipe_lines_.join('\n'));
  } catch (const imaging::Error& e) {
    recipe_error_ = QString::fromStdString(e.oneLine());
    recipe_text_->setStyleSheet(QStringLiteral("color: #b00020;"));
    recipe_text_->setPlainText(recipe_error_);
  }
  emit recipeChanged();
  return recipe_.has_value();
}

bool ShareClinicOptions::setMappingFile(const QString& path) {
  mapping_path_ = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
  try {
    if (!mapping_path_.isEmpty()) imaging::checkMappingTarget(mapping_path_.toStdString(), {}, source_path_.toStdString());
  } catch (const imaging::Error& e) {
    mapping_path_.clear();
    mapping_text_->setText(QString::fromStdString(e.oneLine()));
    return false;
  }
  mapping_text_->setText(mapping_path_.isEmpty()
                             ? tr("No mapping: nobody can find the patient behind the copy again.")
                             : tr("After the export: %1 (sealed with your ScanShare key; keep it at the clinic, apart from the copy)")
                                   .arg(mapping_path_));
  return true;
}

void ShareClinicOptions::applyTo(imaging::AnonymizeOptions& options, const imaging::Inventory& inventory) const {
  if (recipe_) imaging::applyRecipeOverChoices(*recipe_, options, inventory);
}

QString ShareClinicOptions::mappingProblem(const QString& export_path) const {
  if (mapping_path_.isEmpty()) return {};
  try {
    imaging::checkMappingTarget(mapping_path_.toStdString(), export_path.toStdString(), source_path_.toStdString());
  } catch (const imaging::Error& e) {
    return QString::fromStdString(e.oneLine());
  }
  return {};
}
