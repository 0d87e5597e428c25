#include "step_runner.h"

#include <QAction>
#include <QApplication>
#include <QTimer>
#include <cstdio>

#include "key_page.h"
#include "main_window.h"
#include "mpr_view.h"
#include "shortcuts.h"
#include "slice_view.h"

StepRunner::StepRunner(MainWindow& window, std::vector<ViewerStep> steps, QObject* parent)
    : QObject(parent), window_(window), steps_(std::move(steps)) {}

void StepRunner::start() {
  paintNow();
  QTimer::singleShot(0, this, &StepRunner::next);
}

void StepRunner::next() {
  while (done_ < steps_.size()) {
    const ViewerStep& step = steps_[done_++];
    std::printf("step %zu %s\n", done_, qPrintable(step.text));
    if (!apply(step)) return;  // resumes when the series is shown
    paintNow();
  }
  std::fflush(stdout);
  emit finished();
}

void StepRunner::paintNow() {
  // Layouts first (a dock shown or hidden resizes the centre), then a synchronous paint of the
  // whole window: the screen holds every intermediate picture, as it would for a person.
  QApplication::processEvents();
  window_.repaint();
  QApplication::processEvents();
}

bool StepRunner::apply(const ViewerStep& step) {
  // Slice, window, zoom, pan, the mouse, rotate/flip and drawing act on the active viewport (1
  // unless active=N or a scroll chose another), as a person's keys and mouse would.
  SliceView* view = window_.activeView();
  const auto& v = step.values;
  switch (step.kind) {
    case ViewerStep::Kind::Series: {
      const int index = static_cast<int>(v[0]) - 1;
      if (index >= window_.seriesCount()) {
        std::fprintf(stderr, "scanshare-viewer: %s: there are %d series\n", qPrintable(step.text), window_.seriesCount());
        return true;
      }
      waiting_ = connect(&window_, &MainWindow::seriesShown, this, [this] {
        disconnect(waiting_);
        paintNow();
        QTimer::singleShot(0, this, &StepRunner::next);
      });
      if (window_.showSeries(index)) return false;
      disconnect(waiting_);  // already on screen: nothing to wait for
      return true;
    }
    case ViewerStep::Kind::Slice: view->setSlice(static_cast<int>(v[0]) - 1); return true;
    case ViewerStep::Kind::Mpr: {
      const bool want = !window_.mprMode();
      if (window_.setMprMode(want) != want)
        std::fprintf(stderr, "scanshare-viewer: %s: this series cannot be shown as MPR\n", qPrintable(step.text));
      return true;
    }
    case ViewerStep::Kind::Tags: window_.showAttributes(!window_.attributesShown()); return true;
    case ViewerStep::Kind::Preset:
      if (!window_.choosePreset(static_cast<int>(v[0]) - 1))
        std::fprintf(stderr, "scanshare-viewer: %s: there is no such preset\n", qPrintable(step.text));
      return true;
    case ViewerStep::Kind::Window: view->setWindow({v[0], v[1]}); return true;
    case ViewerStep::Kind::Zoom: view->zoomBy(v[0]); return true;
    case ViewerStep::Kind::Pan: view->panBy({v[0], v[1]}); return true;
    case ViewerStep::Kind::Invert: window_.toggleInvert(); return true;
    case ViewerStep::Kind::Probe: view->moveMouseToPixel(v[0], v[1]); return true;
    case ViewerStep::Kind::Layout: window_.setViewportCount(static_cast<int>(v[0])); return true;
    case ViewerStep::Kind::Link: window_.setLinkedScrolling(v[0] == 1); return true;
    case ViewerStep::Kind::LinkWindow: window_.setLinkedWindow(v[0] == 1); return true;
    case ViewerStep::Kind::Mip: window_.mprView()->setSlabMip(v[0]); return true;
    case ViewerStep::Kind::Tool: {
      // As the toolbar's button would (main_window's Length/Angle and image_actions' drawing tools).
      const QString& t = step.argument;
      const SliceView::Tool tool = t == QLatin1String("length")    ? SliceView::Tool::Length
                                   : t == QLatin1String("angle")   ? SliceView::Tool::Angle
                                   : t == QLatin1String("ellipse") ? SliceView::Tool::Ellipse
                                   : t == QLatin1String("rect")    ? SliceView::Tool::Rectangle
                                   : t == QLatin1String("arrow")   ? SliceView::Tool::Arrow
                                                                   : SliceView::Tool::None;
      for (SliceView* cell : window_.viewports()) cell->setTool(tool);
      return true;
    }
    case ViewerStep::Kind::Active:
      if (static_cast<int>(v[0]) > window_.viewportCount())
        std::fprintf(stderr, "scanshare-viewer: %s: the layout has %d viewports\n", qPrintable(step.text), window_.viewportCount());
      window_.setActiveViewport(static_cast<int>(v[0]) - 1);
      return true;
    case ViewerStep::Kind::MprReset: window_.mprView()->resetRotation(); return true;
    case ViewerStep::Kind::MprRotate:
    case ViewerStep::Kind::MprZoom:
    case ViewerStep::Kind::MprPan: {
      const MprPlane plane = step.argument == QLatin1String("axial")     ? MprPlane::Axial
                             : step.argument == QLatin1String("coronal") ? MprPlane::Coronal
                                                                         : MprPlane::Sagittal;
      if (step.kind == ViewerStep::Kind::MprZoom) window_.mprView()->zoomPane(plane, v[0]);
      else if (step.kind == ViewerStep::Kind::MprRotate) window_.mprView()->rotateCrosshair(plane, v[0]);
      else window_.mprView()->panPane(plane, {v[0], v[1]});
      return true;
    }
    case ViewerStep::Kind::KeyPage:
      if (writeKeyPage(*view, step.argument)) std::printf("key-page %s\n", qPrintable(step.argument));
      else std::fprintf(stderr, "scanshare-viewer: %s: cannot write %s\n", qPrintable(step.text), qPrintable(step.argument));
      return true;
    case ViewerStep::Kind::Drag: view->dragMouseBetweenPixels({v[0], v[1]}, {v[2], v[3]}); return true;
    case ViewerStep::Kind::Cell: {
      const int cell = static_cast<int>(v[0]) - 1, index = static_cast<int>(v[1]) - 1;
      waiting_ = connect(&window_, cell == 0 ? &MainWindow::seriesShown : &MainWindow::compareShown, this, [this] {
        disconnect(waiting_);
        paintNow();
        QTimer::singleShot(0, this, &StepRunner::next);
      });
      if (window_.showCellSeries(cell, index)) return false;
      disconnect(waiting_);
      if (index >= window_.seriesCount())
        std::fprintf(stderr, "scanshare-viewer: %s: there are %d series\n", qPrintable(step.text), window_.seriesCount());
      return true;
    }
    case ViewerStep::Kind::Rotate: view->rotate(static_cast<int>(v[0])); return true;
    case ViewerStep::Kind::FlipH: view->flipHorizontally(); return true;
    case ViewerStep::Kind::FlipV: view->flipVertically(); return true;
    case ViewerStep::Kind::Roi:
      view->addRegion({step.argument == QLatin1String("ellipse") ? imaging::RegionShape::Ellipse : imaging::RegionShape::Rectangle, v[0], v[1],
                       v[2], v[3]});
      return true;
    case ViewerStep::Kind::Arrow: view->addArrow({v[0], v[1]}, {v[2], v[3]}); return true;
    case ViewerStep::Kind::Note: view->addNote({v[0], v[1]}, step.argument); return true;
    case ViewerStep::Kind::Save:
    case ViewerStep::Kind::SaveClean: {
      view->renderNow();
      const bool with = step.kind == ViewerStep::Kind::Save;
      const QRectF r = view->imageRect();  // where the image lies in the saved picture
      if (view->picture(with).save(step.argument, "PNG"))
        std::printf("saved %s %.1f %.1f %.1f %.1f %s\n", with ? "annotated" : "clean", r.x(), r.y(), r.width(), r.height(),
                    qPrintable(step.argument));
      else std::fprintf(stderr, "scanshare-viewer: %s: cannot write %s\n", qPrintable(step.text), qPrintable(step.argument));
      return true;
    }
    case ViewerStep::Kind::Help:
      for (const QString& line : shortcutLines()) std::printf("help %s\n", line.toUtf8().constData());
      for (const QString& line : mouseGestureLines()) std::printf("help-mouse %s\n", line.toUtf8().constData());
      // Every shortcut the window's actions really have, so a test can hold the list to them.
      for (const QAction* action : window_.findChildren<QAction*>())
        for (const QKeySequence& key : action->shortcuts())
          std::printf("help-action %s\t%s\n", key.toString(QKeySequence::PortableText).toUtf8().constData(),
                      action->text().remove('&').toUtf8().constData());
      return true;
    case ViewerStep::Kind::Compare: {
      const int index = static_cast<int>(v[0]) - 1;
      waiting_ = connect(&window_, &MainWindow::compareShown, this, [this] {
        disconnect(waiting_);
        paintNow();
        QTimer::singleShot(0, this, &StepRunner::next);
      });
      if (window_.showCompareSeries(index)) return false;
      disconnect(waiting_);
      if (index >= window_.seriesCount())
        std::fprintf(stderr, "scanshare-viewer: %s: there are %d series\n", qPrintable(step.text), window_.seriesCount());
      return true;
    }
  }
  return true;
}
