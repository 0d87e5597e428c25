#pragma once
// A widget that shows a VTK picture: VTK renders into an offscreen render window whose pixels are
// kept as a QImage (the frame) and painted by Qt (Debian's VTK Qt module is built for Qt 5). The
// frame is re-rendered only when it is stale (invalidateFrame) or the widget changed size; the
// slice view and the MPR view both draw through here.
#include <QImage>
#include <QWidget>

#include <vtkNew.h>

class QPainter;
class vtkRenderWindow;

class OffscreenVtkWidget : public QWidget {
 public:
  // Renders now (synchronously: VTK, copy and Qt painting) and returns the milliseconds spent.
  double renderNow();
  // The active viewport of a 1x2 or 2x2 layout: a thin border drawn around it (drawHighlight).
  void setHighlighted(bool on);
  bool highlighted() const { return highlighted_; }

 protected:
  explicit OffscreenVtkWidget(QWidget* parent = nullptr);
  ~OffscreenVtkWidget() override;

  vtkRenderWindow& renderWindow() { return *render_window_; }
  // The picture changed (data, window, camera...): render again before the next paint.
  void invalidateFrame();
  // Clears the widget to black and paints the (opaque) frame at its top left, rendering it first
  // when stale or of another size.
  void drawFrame(QPainter& painter);
  // The active viewport's border, last over the frame (which drawFrame cleared first, so a border
  // taken away leaves nothing behind); nothing when not highlighted or `hidden`.
  void drawHighlight(QPainter& painter, bool hidden = false);
  // Called before each Render() once the render window has the widget's size (w x h): cameras,
  // viewports.
  virtual void prepareRender(int w, int h) = 0;

  void resizeEvent(QResizeEvent* event) override;

 private:
  vtkNew<vtkRenderWindow> render_window_;
  QImage frame_;
  bool frame_dirty_ = true;
  bool highlighted_ = false;
};
