#include "view_presentation.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <cmath>

namespace {

const QColor kGraphicColour(255, 255, 170);

QPointF toQt(const imaging::PresentationPoint& p, bool display_units, int columns, int rows) {
  const auto image = imaging::toImagePixels(p, display_units, columns, rows);
  return {image.column, image.row};
}

}  // namespace

ViewPresentation viewPresentation(const imaging::PresentationState& state, int columns, int rows) {
  ViewPresentation view;
  view.label = QString::fromStdString(state.label);
  using Type = imaging::PresentationGraphic::Type;
  for (const auto& g : state.graphics) {
    ViewPresentation::Shape shape;
    shape.kind = g.type == Type::Circle ? ViewPresentation::Shape::Kind::Circle
                 : g.type == Type::Ellipse ? ViewPresentation::Shape::Kind::Ellipse
                 : g.type == Type::Point ? ViewPresentation::Shape::Kind::Point
                                         : ViewPresentation::Shape::Kind::Polyline;
    for (const auto& p : g.points) shape.points.push_back(toQt(p, g.display_units, columns, rows));
    view.shapes.push_back(std::move(shape));
  }
  for (const auto& t : state.texts) {
    const auto at = t.box_top_left ? *t.box_top_left : *t.anchor;
    view.texts.push_back({toQt(at, t.display_units, columns, rows), QString::fromStdString(t.text)});
  }
  if (state.shutter) {
    const auto& s = *state.shutter;
    view.shutter = QRect(QPoint(s.first_column, s.first_row), QPoint(s.last_column, s.last_row));
    view.shutter_grey = s.grey;
  }
  return view;
}

void drawPresentation(QPainter& painter, const ViewPresentation& presentation, int columns, int rows,
                      const std::function<QPointF(const QPointF&)>& toScreen) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  if (presentation.shutter) {
    // Everything of the image outside the shown rectangle (pixel edges half a pixel out).
    auto polygon = [&](double c0, double r0, double c1, double r1) {
      return QPolygonF({toScreen({c0, r0}), toScreen({c1, r0}), toScreen({c1, r1}), toScreen({c0, r1})});
    };
    const QRect& s = *presentation.shutter;
    QPainterPath outside;
    outside.addPolygon(polygon(-0.5, -0.5, columns - 0.5, rows - 0.5));
    QPainterPath shown;
    shown.addPolygon(polygon(s.left() - 0.5, s.top() - 0.5, s.right() + 0.5, s.bottom() + 0.5));
    const int grey = static_cast<int>(std::lround(presentation.shutter_grey * 255.0));
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillPath(outside.subtracted(shown), QColor(grey, grey, grey));
    painter.setRenderHint(QPainter::Antialiasing);
  }
  painter.setPen(QPen(kGraphicColour, 2));
  painter.setBrush(Qt::NoBrush);
  for (const auto& shape : presentation.shapes) {
    const auto& p = shape.points;
    switch (shape.kind) {
      case ViewPresentation::Shape::Kind::Polyline: {
        QPolygonF line;
        for (const auto& point : p) line << toScreen(point);
        painter.drawPolyline(line);
        break;
      }
      case ViewPresentation::Shape::Kind::Circle:
        if (p.size() >= 2) {
          const QPointF c = toScreen(p[0]), e = toScreen(p[1]);
          const double radius = std::hypot(e.x() - c.x(), e.y() - c.y());
          painter.drawEllipse(c, radius, radius);
        }
        break;
      case ViewPresentation::Shape::Kind::Ellipse:
        if (p.size() >= 4) {
          // Major axis ends, then minor axis ends; drawn rotated along the major axis.
          const QPointF a = toScreen(p[0]), b = toScreen(p[1]), c = toScreen(p[2]), d = toScreen(p[3]);
          const QPointF centre = (a + b) / 2.0;
          const double major = std::hypot(b.x() - a.x(), b.y() - a.y()) / 2.0, minor = std::hypot(d.x() - c.x(), d.y() - c.y()) / 2.0;
          painter.save();
          painter.translate(centre);
          painter.rotate(std::atan2(b.y() - a.y(), b.x() - a.x()) * 180.0 / M_PI);
          painter.drawEllipse(QPointF(0, 0), major, minor);
          painter.restore();
        }
        break;
      case ViewPresentation::Shape::Kind::Point:
        for (const auto& point : p) {
          const QPointF s = toScreen(point);
          painter.drawLine(s - QPointF(4, 0), s + QPointF(4, 0));
          painter.drawLine(s - QPointF(0, 4), s + QPointF(0, 4));
        }
        break;
    }
  }
  QFont font = painter.font();
  font.setPointSizeF(11);
  font.setBold(true);
  painter.setFont(font);
  const QFontMetrics metrics(font);
  for (const auto& text : presentation.texts) {
    const QPointF at = toScreen(text.at) + QPointF(0, metrics.ascent());
    painter.setPen(QColor(0, 0, 0, 220));
    painter.drawText(at + QPointF(1, 1), text.text);
    painter.setPen(kGraphicColour);
    painter.drawText(at, text.text);
  }
  painter.restore();
}
