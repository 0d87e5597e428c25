// MainWindow: selecting a presentation state (GSPS) shows the image it refers to with its window,
// graphic and text annotations, shutter, displayed area, rotation and flip, instead of leaving the previous image on screen. The
// reading is libimaging's (imaging::readPresentationState); this file finds the image and applies it.
#include <QComboBox>

#include "browser_panel.h"
#include "imaging/core/error.h"
#include "imaging/media/presentation_state.h"
#include "main_window.h"
#include "main_window_latest.h"
#include "slice_view.h"
#include "view_presentation.h"

namespace {

struct PresentationLoad {
  imaging::PresentationState state;
  std::shared_ptr<const imaging::Volume> volume;
  int series_index = -1;  // of the referenced image, browser order
  int slice = 0;
};

}  // namespace

void MainWindow::loadPresentation(int series_index) {
  const unsigned generation = generation_;  // loadSeries counted this request already
  const std::vector<const imaging::Series*> list = tree_->seriesList();
  const imaging::Series* series = list[static_cast<std::size_t>(series_index)];
  setBusy(tr("Loading %1 ...").arg(seriesLabel(*series)), false);
  runLatest<std::shared_ptr<const PresentationLoad>>(
      generation,
      [inventory = inventory_, list, series, cancel = cancel_] {
        if (series->instances.empty()) throw imaging::Error(imaging::ErrorCode::NotFound, "the presentation state series has no files");
        auto load = std::make_shared<PresentationLoad>();
        load->state = imaging::readPresentationState(series->instances.front().path);
        // The first referenced image that is on this medium.
        for (const auto& ref : load->state.images) {
          for (std::size_t i = 0; i < list.size() && load->series_index < 0; ++i) {
            if (list[i]->series_instance_uid != ref.series_instance_uid) continue;
            for (const auto& instance : list[i]->instances) {
              if (instance.sop_instance_uid != ref.sop_instance_uid) continue;
              load->volume = main_window_detail::volumeLoader(inventory, list[i], cancel)();
              for (std::size_t k = 0; k < load->volume->slices.size(); ++k)
                if (load->volume->slices[k].path == instance.path) load->slice = static_cast<int>(k);
              load->series_index = static_cast<int>(i);
              break;
            }
          }
          if (load->series_index >= 0) break;
        }
        if (load->series_index < 0)
          throw imaging::Error(imaging::ErrorCode::NotFound, "the presentation state refers to images that are not on this disk",
                               series->instances.front().path.string());
        return std::shared_ptr<const PresentationLoad>(std::move(load));
      },
      [this, series_index](std::shared_ptr<const PresentationLoad> load) {
        // The browser keeps the presentation state selected; the view shows the image it refers to.
        showVolume(load->volume, series_index, [this, load] {
          setMprMode(false);  // the state is drawn on the slice view
          view_->setSlice(load->slice);
          if (load->state.window_center && load->state.window_width)
            view_->setWindow({*load->state.window_center, *load->state.window_width});
          const auto& v = *load->volume;
          const ViewPresentation presentation = viewPresentation(load->state, v.dimensions[0], v.dimensions[1]);
          // The state's framing: flip first, then the turn, then the displayed area in that turn.
          if (presentation.horizontal_flip) view_->flipHorizontally();
          if (presentation.rotation_degrees) view_->rotate(presentation.rotation_degrees);
          if (const auto& area = presentation.area) view_->showArea(area->box, area->screen_pixels_per_image_pixel, area->true_size);
          view_->setPresentation(presentation);
        });
      });
}
