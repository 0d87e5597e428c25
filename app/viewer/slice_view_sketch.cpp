// SliceView: regions, arrows and notes: drawn with the mouse (the tools E, B, Shift+A and N) or
// added by steps, and put back when their series is shown again.
#include <QApplication>
#include <QInputDialog>
#include <QMouseEvent>

#include <algorithm>
#include <cmath>

#include "slice_view.h"

bool SliceView::pressDrawingTool(const QPointF& screen) {
  const QPointF at = screenToImage(screen);
  if (tool_ == Tool::Note) {
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Text note"), tr("Note:"), QLineEdit::Normal, QString(), &ok);
    if (ok && !text.trimmed().isEmpty()) addNote(at, text.trimmed());
    return true;
  }
  if (tool_ != Tool::Ellipse && tool_ != Tool::Rectangle && tool_ != Tool::Arrow) return false;
  drag_ = Drag::Sketch;
  sketch_ = std::make_pair(at, at);
  return true;
}

ViewAnnotations SliceView::sketchAnnotations() const {
  ViewAnnotations sketch;
  if (!sketch_) return sketch;
  const QPointF a = sketch_->first, b = sketch_->second;
  if (tool_ == Tool::Arrow) {
    if (a != b) sketch.arrows.push_back({a, b});
    return sketch;
  }
  // The box of whole pixels between the two corners the mouse went through.
  const double c0 = std::round(std::min(a.x(), b.x())), r0 = std::round(std::min(a.y(), b.y()));
  const double c1 = std::round(std::max(a.x(), b.x())), r1 = std::round(std::max(a.y(), b.y()));
  if (c1 > c0 && r1 > r0)
    sketch.regions.push_back({tool_ == Tool::Ellipse ? imaging::RegionShape::Ellipse : imaging::RegionShape::Rectangle, c0, r0,
                              c1 - c0 + 1, r1 - r0 + 1});
  return sketch;
}

void SliceView::dragMouseBetweenPixels(const QPointF& from, const QPointF& to) {
  if (!volume_) return;
  auto send = [this](QEvent::Type type, const QPointF& image, Qt::MouseButton button, Qt::MouseButtons buttons) {
    const QPointF at = imageToScreen(image);
    QMouseEvent event(type, at, mapToGlobal(at), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(this, &event);
  };
  send(QEvent::MouseMove, from, Qt::NoButton, Qt::NoButton);
  send(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
  for (int i = 1; i <= 4; ++i) send(QEvent::MouseMove, from + (to - from) * (i / 4.0), Qt::NoButton, Qt::LeftButton);
  send(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

void SliceView::addRegion(const ViewRegion& region) {
  annotations_.regions.push_back(region);
  update();
}

void SliceView::setAnnotations(const ViewAnnotations& annotations) {
  annotations_ = annotations;
  update();
}

void SliceView::addArrow(const QPointF& from, const QPointF& to) {
  annotations_.arrows.push_back({from, to});
  update();
}

void SliceView::addNote(const QPointF& at, const QString& text) {
  annotations_.notes.push_back({at, text});
  update();
}

QStringList SliceView::regionReports() const {
  QStringList lines;
  if (!volume_) return lines;
  for (const auto& region : annotations_.regions)
    if (const auto stats = regionStatistics(*volume_, slice_, region)) lines << regionReport(region, *stats);
  return lines;
}
