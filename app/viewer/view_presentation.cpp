#include "view_presentation.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QTransform>
#include <cmath>

namespace {

const QColor kGraphicColour(255, 255, 170);

QColor colourOf(const std::optional<imaging::PresentationColour>& rgb) {
  return rgb ? QColor((*rgb)[0], (*rgb)[1], (*rgb)[2]) : kGraphicColour;
}

QPointF toQt(const imaging::PresentationPoint& p, bool display_units, const imaging::PresentationState& state, int columns,
             int rows) {
  const auto image = imaging::toImagePixels(p, display_units, state, columns, rows);
  return {image.column, image.row};
}

// The shown part of the image (inside every shutter shape), in image pixel coordinates.
QPainterPath shownPath(const ViewPresentation::Shutter& s, int columns, int rows) {
  QPainterPath shown;
  shown.addRect(QRectF(-0.5, -0.5, columns, rows));
  auto keep = [&](const QPainterPath& inside) { shown = shown.intersected(inside); };
  if (s.rectangle) {
    QPainterPath rect;
    rect.addRect(QRectF(QPointF(s.rectangle->left() - 0.5, s.rectangle->top() - 0.5),
                        QPointF(s.rectangle->right() + 0.5, s.rectangle->bottom() + 0.5)));
    keep(rect);
  }
  if (s.circle_centre) {
    QPainterPath circle;
    circle.addEllipse(*s.circle_centre, s.circle_radius, s.circle_radius);
    keep(circle);
  }
  if (!s.polygon.isEmpty()) {
    QPainterPath polygon;
    polygon.addPolygon(s.polygon);
    polygon.closeSubpath();
    keep(polygon);
  }
  return shown;
}

void drawShutter(QPainter& painter, const ViewPresentation::Shutter& s, int columns, int rows,
                 const std::function<QPointF(const QPointF&)>& toScreen) {
  // Image pixels to the widget (an affine map: zoom, pan, rotation and flip).
  const QPointF o = toScreen({0, 0}), ex = toScreen({1, 0}) - o, ey = toScreen({0, 1}) - o;
  const QTransform toWidget(ex.x(), ex.y(), ey.x(), ey.y(), o.x(), o.y());
  QPainterPath image;
  image.addRect(QRectF(-0.5, -0.5, columns, rows));
  const QPainterPath outside = toWidget.map(image.subtracted(shownPath(s, columns, rows)));
  const int grey = static_cast<int>(std::lround(s.grey * 255.0));
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.fillPath(outside, QColor(grey, grey, grey));
  painter.setRenderHint(QPainter::Antialiasing);
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
    for (const auto& p : g.points) shape.points.push_back(toQt(p, g.display_units, state, columns, rows));
    shape.colour = colourOf(g.colour);
    view.shapes.push_back(std::move(shape));
  }
  for (const auto& t : state.texts) {
    const auto at = t.box_top_left ? *t.box_top_left : *t.anchor;
    view.texts.push_back({toQt(at, t.display_units, state, columns, rows), QString::fromStdString(t.text), colourOf(t.colour)});
  }
  if (state.shutter) {
    const auto& s = *state.shutter;
    ViewPresentation::Shutter shutter;
    if (s.rectangular) shutter.rectangle = QRect(QPoint(s.first_column, s.first_row), QPoint(s.last_column, s.last_row));
    if (s.circle_centre) {
      shutter.circle_centre = QPointF(s.circle_centre->column, s.circle_centre->row);
      shutter.circle_radius = s.circle_radius;
    }
    for (const auto& p : s.polygon) shutter.polygon << QPointF(p.column, p.row);
    shutter.grey = s.grey;
    view.shutter = shutter;
  }
  if (state.displayed_area) {
    const auto& a = *state.displayed_area;
    ViewPresentation::Area area;
    area.box = QRectF(QPointF(a.first_column - 0.5, a.first_row - 0.5), QPointF(a.last_column + 0.5, a.last_row + 0.5));
    using Size = imaging::PresentationState::DisplayedArea::Size;
    if (a.size == Size::Magnify) area.screen_pixels_per_image_pixel = a.magnification;
    area.true_size = a.size == Size::TrueSize;
    view.area = area;
  }
  view.rotation_degrees = state.rotation_degrees;
  view.horizontal_flip = state.horizontal_flip;
  return view;
}

QString describePresentation(const ViewPresentation& pr) {
  const auto& s = pr.shutter;
  const QRect r = s && s->rectangle ? *s->rectangle : QRect();
  QString line = QString("label=%1 shapes=%2 texts=%3 shutter=%4,%5,%6,%7")
                     .arg(pr.label)
                     .arg(pr.shapes.size())
                     .arg(pr.texts.size())
                     .arg(r.left())
                     .arg(r.right())
                     .arg(r.top())
                     .arg(r.bottom());
  if (s && s->circle_centre)
    line += QString(" circle=%1,%2,%3").arg(s->circle_centre->x()).arg(s->circle_centre->y()).arg(s->circle_radius);
  if (s && !s->polygon.isEmpty()) line += QString(" polygon=%1").arg(s->polygon.size());
  if (pr.area) {
    const QRectF& b = pr.area->box;
    line += QString(" area=%1,%2,%3,%4").arg(b.left()).arg(b.top()).arg(b.right()).arg(b.bottom());
  }
  if (pr.rotation_degrees) line += QString(" rotation=%1").arg(pr.rotation_degrees);
  if (pr.horizontal_flip) line += " flip";
  return line;
}

void drawPresentation(QPainter& painter, const ViewPresentation& presentation, int columns, int rows,
                      const std::function<QPointF(const QPointF&)>& toScreen) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  if (presentation.shutter) drawShutter(painter, *presentation.shutter, columns, rows, toScreen);
  painter.setBrush(Qt::NoBrush);
  for (const auto& shape : presentation.shapes) {
    painter.setPen(QPen(shape.colour, 2));
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
    painter.setPen(text.colour);
    painter.drawText(at, text.text);
  }
  painter.restore();
}
