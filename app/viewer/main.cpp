// scanshare-viewer [PATH] [--screenshot FILE [--slice K] [--window C,W]] [--benchmark]
//                  [--share-to OUT [--share-...]]  (see viewer_options.cpp)
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <memory>

#include "about_dialog.h"
#include "browser_panel.h"
#include "main_window.h"
#include "imaging/core/temp_dir.h"
#include "mpr_view.h"
#include "quit_on_signal.h"
#include "report_view.h"
#include "share_autopilot.h"
#include "slice_view.h"
#include "tag_browser.h"
#include "step_runner.h"
#include "viewer_options.h"

namespace {

// VTK's offscreen render window needs X (GLX); on Wayland sessions go through XWayland.
void choosePlatform() {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "xcb");
}

void applyStartOptions(MainWindow& window, const ViewerOptions& options) {
  SliceView* view = window.sliceView();
  if (options.slice) view->setSlice(*options.slice - 1);
  if (options.preset && !window.choosePreset(*options.preset - 1))
    std::fprintf(stderr, "scanshare-viewer: there is no preset %d\n", *options.preset);
  if (options.window) view->setWindow(*options.window);
  if (options.angle.size() == 6) {
    const double degrees = view->addAngle({options.angle[0], options.angle[1]}, {options.angle[2], options.angle[3]},
                                          {options.angle[4], options.angle[5]});
    std::printf("angle-deg %.2f\n", degrees);
  }
  if (options.mpr && !window.setMprMode(true)) std::fprintf(stderr, "scanshare-viewer: this series cannot be shown as MPR\n");
  if (options.mpr_point) {
    const auto& p = *options.mpr_point;
    window.mprView()->setCursorVoxel({p[0] - 1, p[1] - 1, p[2] - 1});
  }
}

void printMprGeometry(MainWindow& window) {
  MprView* mpr = window.mprView();
  const QPoint offset = mpr->mapTo(&window, QPoint(0, 0));
  const std::pair<const char*, MprPlane> planes[] = {{"axial", MprPlane::Axial}, {"coronal", MprPlane::Coronal}, {"sagittal", MprPlane::Sagittal}};
  for (const auto& [name, plane] : planes) {
    const QRect pane = mpr->paneRect(plane).translated(offset);
    const QRectF image = mpr->imageRect(plane).translated(offset);
    std::printf("mpr-pane %s %d %d %d %d\nmpr-image %s %.1f %.1f %.1f %.1f\n", name, pane.x(), pane.y(), pane.width(), pane.height(), name,
                image.x(), image.y(), image.width(), image.height());
    const PlaneAxes& axes = mpr->axesOf(plane);
    std::printf("mpr-normal %s %.4f %.4f %.4f\nmpr-letters %s %s\n", name, axes.normal[0], axes.normal[1], axes.normal[2], name,
                qPrintable(mpr->paneLetters(plane).join(' ')));
  }
  const Vec3 voxel = mpr->cursorVoxel();
  std::printf("mpr-cursor %.2f %.2f %.2f\n", voxel[0] + 1, voxel[1] + 1, voxel[2] + 1);
}

int saveScreenshot(MainWindow& window, const ViewerOptions& options) {
  SliceView* view = window.sliceView();
  if (window.mprMode()) window.mprView()->renderNow();
  else view->renderNow();
  for (int c = 1; c < window.viewportCount(); ++c) window.cellView(c)->renderNow();
  const QPixmap picture = window.grab();
  if (!picture.save(options.screenshot_path, "PNG")) {
    std::fprintf(stderr, "scanshare-viewer: %s: cannot write screenshot\n", qPrintable(options.screenshot_path));
    return 2;
  }
  // Where the slice lies in the saved picture, for tests that compare pixels.
  const QRectF r = view->imageRect().translated(view->mapTo(&window, QPoint(0, 0)));
  std::printf("image-rect %.1f %.1f %.1f %.1f\nslice %d/%d\n", r.x(), r.y(), r.width(), r.height(), view->sliceIndex() + 1,
              view->sliceCount());
  if (window.mprMode()) printMprGeometry(window);
  if (!view->probeText().isEmpty()) std::printf("probe-text %s\n", qPrintable(view->probeText()));
  // The orientation letters as drawn (left, top, right, bottom) and each region's statistics.
  if (view->hasVolume()) std::printf("orientation-letters %s\n", qPrintable(view->orientationLetters().join(' ')));
  for (const QString& line : view->regionReports()) std::printf("%s\n", qPrintable(line));
  if (const auto& pr = view->presentation()) {
    std::printf("presentation %s window=%g,%g\n", qPrintable(describePresentation(*pr)), view->window().center, view->window().width);
  }
  // Each viewport of the layout: its slice, where its image lies and its reference line (window coordinates).
  for (int c = 0; c < window.viewportCount(); ++c) {
    SliceView* cell = window.cellView(c);
    if (!cell->hasVolume()) continue;
    const QPoint at = cell->mapTo(&window, QPoint(0, 0));
    const QRectF r = cell->imageRect().translated(at);
    std::printf("cell %d slice %d/%d rect %.1f %.1f %.1f %.1f window %g %g\n", c + 1, cell->sliceIndex() + 1, cell->sliceCount(), r.x(),
                r.y(), r.width(), r.height(), cell->window().center, cell->window().width);
    // The corner's words for the grey look (the window, or the VOI LUT applied) and its inversion.
    std::printf("cell %d window-text %s%s\n", c + 1, qPrintable(cell->windowText()), cell->inverted() ? " inverted" : "");
    if (const auto& line = cell->referenceLine()) {
      const QPointF a = cell->imageToWidget(line->p1()) + at, b = cell->imageToWidget(line->p2()) + at;
      std::printf("cell %d reference-line %.1f %.1f %.1f %.1f\n", c + 1, a.x(), a.y(), b.x(), b.y());
    }
  }
  if (window.sideBySide()) {
    SliceView* compare = window.compareView();
    const QRectF c = compare->imageRect().translated(compare->mapTo(&window, QPoint(0, 0)));
    std::printf("compare-rect %.1f %.1f %.1f %.1f\ncompare-slice %d/%d\n", c.x(), c.y(), c.width(), c.height(),
                compare->sliceIndex() + 1, compare->sliceCount());
  }
  // Where each viewport's widget lies (window coordinates) and which one is active (its border).
  for (int c = 0; window.viewportCount() > 1 && c < window.viewportCount(); ++c) {
    const QRect r = window.cellView(c)->rect().translated(window.cellView(c)->mapTo(&window, QPoint(0, 0)));
    std::printf("viewport %d %d %d %d %d%s\n", c + 1, r.x(), r.y(), r.width(), r.height(), c == window.activeViewport() ? " active" : "");
  }
  if (window.attributesShown()) std::printf("attributes-value-width %d\n", window.tagBrowser()->visibleValueWidth());
  // The browser's items in order, for tests of its words ("browser-patient", "browser-study", ...).
  for (const QString& line : window.browser()->textLines()) std::printf("%s\n", line.toUtf8().constData());
  if (window.reportView()->isVisible()) {
    const QRect page = window.reportView()->rect().translated(window.reportView()->mapTo(&window, QPoint(0, 0)));
    std::printf("report-rect %d %d %d %d\n", page.x(), page.y(), page.width(), page.height());
  }
  return 0;
}

void runBenchmark(MainWindow& window, qint64 first_image_ms) {
  SliceView* view = window.sliceView();
  const int frames = 200;
  const auto base = view->window();
  QElapsedTimer timer;
  timer.start();
  for (int i = 0; i < frames; ++i) {
    view->setWindow({base.center + (i % 20) * base.width / 100.0, base.width * (1.0 + (i % 10) / 20.0)});
    view->renderNow();
  }
  const double wl_fps = frames * 1000.0 / std::max<qint64>(1, timer.elapsed());
  timer.restart();
  for (int i = 0; i < frames; ++i) {
    view->setSlice(i % view->sliceCount());
    view->renderNow();
  }
  const double cine_fps = frames * 1000.0 / std::max<qint64>(1, timer.elapsed());
  const auto* volume = view->volume();
  std::printf("view %dx%d, volume %dx%dx%d\nfirst-image-ms %lld\nwindow-level-fps %.1f\ncine-fps %.1f\n", view->width(),
              view->height(), volume->dimensions[0], volume->dimensions[1], volume->dimensions[2],
              static_cast<long long>(first_image_ms), wl_fps, cine_fps);
  // Every viewport of a 1x2 or 2x2 layout redrawn per frame: a window/level change in each, and a
  // cine step of viewport 1 (the others follow when scrolling is linked).
  if (window.viewportCount() > 1) {
    timer.restart();
    for (int i = 0; i < frames; ++i) {
      for (int c = 0; c < window.viewportCount(); ++c) {
        SliceView* cell = window.cellView(c);
        if (!cell->hasVolume()) continue;
        cell->setWindow({base.center + (i % 20) * base.width / 100.0, base.width * (1.0 + (i % 10) / 20.0)});
        cell->renderNow();
      }
    }
    const double grid_wl = frames * 1000.0 / std::max<qint64>(1, timer.elapsed());
    timer.restart();
    for (int i = 0; i < frames; ++i) {
      view->setSlice(i % view->sliceCount());
      for (int c = 0; c < window.viewportCount(); ++c)
        if (window.cellView(c)->hasVolume()) window.cellView(c)->renderNow();
    }
    std::printf("layout-viewports %d\nlayout-window-level-fps %.1f\nlayout-cine-fps %.1f\n", window.viewportCount(), grid_wl,
                frames * 1000.0 / std::max<qint64>(1, timer.elapsed()));
  }
  // MPR: a cursor move reslices all three planes and redraws them.
  if (window.setMprMode(true)) {
    MprView* mpr = window.mprView();
    timer.restart();
    for (int i = 0; i < frames; ++i) {
      mpr->setCursorVoxel({(i % 20) * volume->dimensions[0] / 20.0, (i % 17) * volume->dimensions[1] / 17.0, (i % 13) * volume->dimensions[2] / 13.0});
      mpr->renderNow();
    }
    std::printf("mpr %dx%d\nmpr-cursor-move-fps %.1f\n", mpr->width(), mpr->height(), frames * 1000.0 / std::max<qint64>(1, timer.elapsed()));
    window.setMprMode(false);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // --version before QApplication: it needs no display (the About box shows the same text).
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--version") == 0) {
      std::printf("%s\n", qPrintable(aboutText()));
      return 0;
    }
  }
  QElapsedTimer since_start;
  since_start.start();
  // A viewer that lost its display or was killed left the CD image it had unpacked: removed now.
  imaging::sweepStaleTempDirs();
  choosePlatform();
  QApplication app(argc, argv);
  QuitOnSignal quit_on_signal;
  QApplication::setOrganizationName("ScanShare");
  QApplication::setApplicationName("scanshare-viewer");
  const ViewerOptions options = parseViewerOptions(QApplication::arguments());
  if (!options.error.isEmpty()) {
    std::fprintf(stderr, "scanshare-viewer: %s\n", qPrintable(options.error));
    return 2;
  }
  const bool share = !options.share_to.isEmpty();
  const bool batch = !options.screenshot_path.isEmpty() || options.benchmark || share;
  MainWindow window(!batch);
  if (options.series) window.setStartSeries(*options.series - 1);
  window.show();
  if (options.show_tags) window.showAttributes(true);

  if (share) {
    // The share flow starts once the medium is open; the autopilot exits the program.
    auto* pilot = new ShareAutopilot(&window, options);
    QObject::connect(&window, &MainWindow::seriesShown, pilot, &ShareAutopilot::start);
    QObject::connect(&window, &MainWindow::loadFailed, &app, [](const QString& message) {
      std::fprintf(stderr, "scanshare-viewer: %s\n", qPrintable(message));
      QApplication::exit(1);
    });
    QTimer::singleShot(120000, &app, [] {
      std::fprintf(stderr, "scanshare-viewer: timed out sharing\n");
      QApplication::exit(3);
    });
  } else if (batch) {
    QObject::connect(&window, &MainWindow::loadFailed, &app, [](const QString& message) {
      std::fprintf(stderr, "scanshare-viewer: %s\n", qPrintable(message));
      QApplication::exit(1);
    });
    // The screenshot waits for the series and the thumbnails; the first-image time does not.
    auto pending = std::make_shared<int>((options.screenshot_path.isEmpty() ? 1 : 2) + (options.steps.empty() ? 0 : 1));
    auto first_image_ms = std::make_shared<qint64>(0);
    auto first_shown = std::make_shared<bool>(false);
    auto finishWhenReady = [&, pending, first_image_ms] {
      if (--*pending > 0) return;
      // Let layouts settle (docks, status bar) before grabbing or timing.
      QTimer::singleShot(100, &app, [&, first_image_ms] {
        int rc = 0;
        if (options.benchmark) runBenchmark(window, *first_image_ms);
        if (!options.screenshot_path.isEmpty()) rc = saveScreenshot(window, options);
        std::fflush(stdout);
        QApplication::exit(rc);
      });
    };
    QObject::connect(&window, &MainWindow::seriesShown, &app, [&, pending, first_image_ms, finishWhenReady, first_shown] {
      // Only the first series shown: a series step shows another one, and seriesShown comes again.
      if (*first_shown) return;
      *first_shown = true;
      window.setViewportCount(options.viewports);
      if (options.compare && window.showCompareSeries(*options.compare - 1)) {
        ++*pending;  // the screenshot waits for the second viewport too
        QObject::connect(&window, &MainWindow::compareShown, &app, finishWhenReady, Qt::SingleShotConnection);
      }
      applyStartOptions(window, options);
      window.sliceView()->renderNow();
      *first_image_ms = since_start.elapsed();
      finishWhenReady();
      if (!options.steps.empty()) {
        auto* runner = new StepRunner(window, options.steps, &window);
        QObject::connect(runner, &StepRunner::finished, &app, finishWhenReady);
        runner->start();
      }
    });
    if (!options.screenshot_path.isEmpty())
      QObject::connect(&window, &MainWindow::thumbnailsFinished, &app, finishWhenReady);
    QTimer::singleShot(120000, &app, [] {
      std::fprintf(stderr, "scanshare-viewer: timed out loading\n");
      QApplication::exit(3);
    });
  }
  if (!options.open_path.isEmpty()) window.openPath(options.open_path);
  return QApplication::exec();
}
