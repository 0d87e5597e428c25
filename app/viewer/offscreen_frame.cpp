#include "offscreen_frame.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QPen>

#include <vtkRenderWindow.h>

#include <algorithm>

#include "vtk_frame.h"

OffscreenVtkWidget::OffscreenVtkWidget(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  render_window_->SetOffScreenRendering(1);
  render_window_->SetMultiSamples(0);
}

OffscreenVtkWidget::~OffscreenVtkWidget() = default;

void OffscreenVtkWidget::invalidateFrame() {
  frame_dirty_ = true;
  update();
}

void OffscreenVtkWidget::drawFrame(QPainter& painter) {
  if (frame_dirty_ || frame_.size() != size()) {
    const int w = std::max(1, width()), h = std::max(1, height());
    render_window_->SetSize(w, h);
    prepareRender(w, h);
    render_window_->Render();
    frame_ = grabRenderWindow(*render_window_, w, h);
    frame_dirty_ = false;
  }
  // Every frame on a cleared background: the widget paints opaquely (nothing clears it for us), so
  // whatever the frame does not cover would keep the previous picture.
  painter.fillRect(rect(), Qt::black);
  painter.drawImage(0, 0, frame_);
}

void OffscreenVtkWidget::setHighlighted(bool on) {
  if (on == highlighted_) return;
  highlighted_ = on;
  update();
}

void OffscreenVtkWidget::drawHighlight(QPainter& painter, bool hidden) {
  if (!highlighted_ || hidden) return;
  painter.save();
  painter.setClipping(false);
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.setPen(QPen(QColor(70, 150, 255), 2));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
  painter.restore();
}

double OffscreenVtkWidget::renderNow() {
  QElapsedTimer timer;
  timer.start();
  frame_dirty_ = true;
  repaint();
  return timer.nsecsElapsed() / 1e6;
}

void OffscreenVtkWidget::resizeEvent(QResizeEvent* event) {
  frame_dirty_ = true;
  QWidget::resizeEvent(event);
}
