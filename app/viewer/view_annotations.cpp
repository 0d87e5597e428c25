#include "view_annotations.h"

#include <QFontMetrics>
#include <QObject>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace {

const QColor kRegionColour(90, 200, 255);
const QColor kNoteColour(255, 170, 60);

imaging::PixelRegion pixelRegion(const ViewRegion& r) { return {r.shape, r.column, r.row, r.columns, r.rows}; }

// Text with a dark shadow so it reads on any grey.
void shadowedText(QPainter& painter, const QPointF& at, const QString& text, const QColor& colour) {
  painter.setPen(QColor(0, 0, 0, 220));
  painter.drawText(at + QPointF(1, 1), text);
  painter.setPen(colour);
  painter.drawText(at, text);
}

void drawRegion(QPainter& painter, const ViewRegion& region, const imaging::Volume& volume, int slice,
                const std::function<QPointF(const QPointF&)>& toScreen) {
  // The box's edges lie half a pixel outside its first and last pixel centres; quarter turns keep
  // it axis-aligned on the screen.
  const QPointF a = toScreen({region.column - 0.5, region.row - 0.5});
  const QPointF b = toScreen({region.column + region.columns - 0.5, region.row + region.rows - 0.5});
  const QRectF box = QRectF(a, b).normalized();
  painter.setPen(QPen(kRegionColour, 2));
  painter.setBrush(Qt::NoBrush);
  if (region.shape == imaging::RegionShape::Ellipse) painter.drawEllipse(box);
  else painter.drawRect(box);
  const auto stats = regionStatistics(volume, slice, region);
  if (!stats || stats->pixels == 0) return;
  const QFontMetrics metrics(painter.font());
  const QStringList lines = regionLines(*stats, QString::fromStdString(volume.value_unit));
  int text_width = 0;
  for (const QString& line : lines) text_width = std::max(text_width, metrics.horizontalAdvance(line));
  // Beside the region on the right, or on the left when the right edge of the view is too near.
  const bool room_right = !painter.device() || box.right() + 6 + text_width <= painter.device()->width();
  QPointF at(room_right ? box.right() + 6 : box.left() - 6 - text_width, box.top() + metrics.ascent());
  for (const QString& line : lines) {
    shadowedText(painter, at, line, kRegionColour);
    at.ry() += metrics.height();
  }
}

void drawArrow(QPainter& painter, const ViewArrow& arrow, const std::function<QPointF(const QPointF&)>& toScreen) {
  const QPointF from = toScreen(arrow.from), to = toScreen(arrow.to);
  const QPointF d = to - from;
  const double length = std::hypot(d.x(), d.y());
  painter.setPen(QPen(kNoteColour, 2, Qt::SolidLine, Qt::RoundCap));
  painter.drawLine(from, to);
  if (length <= 0.0) return;
  // A filled head of 14 px, 25 degrees either side of the shaft.
  const double angle = std::atan2(d.y(), d.x());
  const double spread = 25.0 * M_PI / 180.0, size = 14.0;
  QPainterPath head;
  head.moveTo(to);
  head.lineTo(to - QPointF(std::cos(angle - spread), std::sin(angle - spread)) * size);
  head.lineTo(to - QPointF(std::cos(angle + spread), std::sin(angle + spread)) * size);
  head.closeSubpath();
  painter.fillPath(head, kNoteColour);
}

}  // namespace

std::optional<imaging::RegionStatistics> regionStatistics(const imaging::Volume& volume, int slice, const ViewRegion& region) {
  if (volume.samples_per_pixel != 1 || slice < 0 || slice >= volume.dimensions[2]) return std::nullopt;
  const float* values = volume.values.data() + volume.sliceSize() * static_cast<std::size_t>(slice);
  return imaging::regionStatistics(values, volume.dimensions[0], volume.dimensions[1], pixelRegion(region),
                                   {volume.spacing[0], volume.spacing[1]});
}

QStringList regionLines(const imaging::RegionStatistics& s, const QString& unit) {
  const QString u = unit.isEmpty() ? QString() : ' ' + unit;
  return {QObject::tr("Mean %1%2").arg(s.mean, 0, 'f', 1).arg(u), QObject::tr("SD %1").arg(s.sd, 0, 'f', 1),
          QObject::tr("Min %1  Max %2").arg(s.min, 0, 'g', 6).arg(s.max, 0, 'g', 6),
          QObject::tr("Area %1 mm\u00B2").arg(s.area_mm2, 0, 'f', 1)};
}

QString regionReport(const ViewRegion& region, const imaging::RegionStatistics& s) {
  return QString("roi-stats %1 pixels=%2 mean=%3 sd=%4 min=%5 max=%6 area-mm2=%7")
      .arg(region.shape == imaging::RegionShape::Ellipse ? "ellipse" : "rect")
      .arg(s.pixels)
      .arg(s.mean, 0, 'f', 2)
      .arg(s.sd, 0, 'f', 2)
      .arg(s.min, 0, 'f', 2)
      .arg(s.max, 0, 'f', 2)
      .arg(s.area_mm2, 0, 'f', 2);
}

void drawAnnotations(QPainter& painter, const ViewAnnotations& annotations, const imaging::Volume& volume, int slice,
                     const std::function<QPointF(const QPointF&)>& toScreen) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  for (const auto& region : annotations.regions) drawRegion(painter, region, volume, slice, toScreen);
  for (const auto& arrow : annotations.arrows) drawArrow(painter, arrow, toScreen);
  QFont font = painter.font();
  font.setPointSizeF(11);
  font.setBold(true);
  painter.setFont(font);
  for (const auto& note : annotations.notes) shadowedText(painter, toScreen(note.at), note.text, kNoteColour);
  painter.restore();
}
