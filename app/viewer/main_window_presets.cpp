// MainWindow: the window presets list (the file's presets, its VOI LUTs, a histogram window and,
// for CT, the common HU windows) and applying the one chosen to viewport 1.
#include <QComboBox>

#include "browser_panel.h"
#include "imaging/pixels/render.h"
#include "main_window.h"
#include "slice_view.h"

namespace {

struct NamedWindow {
  const char* name;
  double center, width;
};
// Common CT windows (Hounsfield units).
const NamedWindow kCtWindows[] = {{"Soft tissue", 40, 400}, {"Lung", -600, 1500}, {"Bone", 400, 1800}, {"Brain", 40, 80}};

}  // namespace

void MainWindow::fillPresets() {
  presets_->clear();
  const imaging::Volume* volume = view_->volume();
  if (!volume) return;
  // A third value in an item's data: index of a VOI LUT preset (the table is applied, not a window).
  QVariantList default_data{volume->default_window.center, volume->default_window.width};
  if (!volume->presets.empty() && volume->presets.front().lut) default_data.push_back(0);
  presets_->addItem(tr("Default"), default_data);
  for (std::size_t i = 0; i < volume->presets.size(); ++i) {
    const auto& preset = volume->presets[i];
    const QString name = preset.explanation.empty() ? tr("File preset") : QString::fromStdString(preset.explanation);
    if (preset.lut)
      presets_->addItem(tr("%1 (LUT)").arg(name), QVariantList{preset.window.center, preset.window.width, static_cast<int>(i)});
    else
      presets_->addItem(tr("%1 (%2/%3)").arg(name).arg(preset.window.width).arg(preset.window.center),
                        QVariantList{preset.window.center, preset.window.width});
  }
  if (volume->samples_per_pixel == 1) {
    // Auto from the histogram of the current slice.
    presets_->addItem(tr("Auto (histogram)"), QVariant());
    const auto& list = tree_->seriesList();
    if (shown_series_ >= 0 && list[static_cast<std::size_t>(shown_series_)]->modality == "CT")
      for (const auto& w : kCtWindows)
        presets_->addItem(tr(w.name), QVariantList{w.center, w.width});
  }
}

bool MainWindow::choosePreset(int index) {
  if (index < 0 || index >= presets_->count()) return false;
  presets_->setCurrentIndex(index);
  applyPreset(index);
  return true;
}

void MainWindow::applyPreset(int index) {
  const QVariant data = presets_->itemData(index);
  if (data.isValid()) {
    const QVariantList cw = data.toList();
    const imaging::Volume* volume = view_->volume();
    if (cw.size() == 3 && volume && static_cast<std::size_t>(cw[2].toInt()) < volume->presets.size())
      view_->setVoiLut(volume->presets[static_cast<std::size_t>(cw[2].toInt())].lut);
    else
      view_->setWindow({cw[0].toDouble(), cw[1].toDouble()});
    return;
  }
  const imaging::Volume* volume = view_->volume();
  if (!volume) return;
  imaging::Frame slice;
  slice.width = volume->dimensions[0];
  slice.height = volume->dimensions[1];
  const auto begin = volume->values.begin() + static_cast<std::ptrdiff_t>(volume->sliceSize() * view_->sliceIndex());
  slice.values.assign(begin, begin + static_cast<std::ptrdiff_t>(volume->sliceSize()));
  view_->setWindow(imaging::histogramWindow(slice));
}
