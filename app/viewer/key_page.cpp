#include "key_page.h"

#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include "slice_view.h"

namespace {

// Page content on a painter whose device is `page` (device pixels at `dpi`).
void paintPage(QPainter& painter, const QRectF& page, int dpi, const QImage& picture, const QStringList& lines) {
  painter.fillRect(page, Qt::white);
  const double margin = dpi * 0.6;  // about 15 mm
  QRectF area = page.adjusted(margin, margin, -margin, -margin);
  QFont title = painter.font();
  title.setPixelSize(dpi / 5);
  title.setBold(true);
  painter.setFont(title);
  painter.setPen(Qt::black);
  painter.drawText(QRectF(area.left(), area.top(), area.width(), dpi / 3.0), Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("Key image"));
  area.setTop(area.top() + dpi / 2.0);
  // The picture at the top, as large as fits in two thirds of the page, keeping its shape.
  const QSizeF room(area.width(), area.height() * 2.0 / 3.0);
  const QSizeF size = QSizeF(picture.size()).scaled(room, Qt::KeepAspectRatio);
  const QRectF target(area.left() + (area.width() - size.width()) / 2.0, area.top(), size.width(), size.height());
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(target, picture);
  QFont body = painter.font();
  body.setPixelSize(dpi / 8);
  body.setBold(false);
  painter.setFont(body);
  double y = target.bottom() + dpi / 4.0;
  for (const QString& line : lines) {
    painter.drawText(QRectF(area.left(), y, area.width(), dpi / 6.0), Qt::AlignLeft | Qt::AlignVCenter, line);
    y += dpi / 5.0;
  }
}

}  // namespace

bool writeKeyPage(SliceView& view, const QString& path) {
  const imaging::Volume* volume = view.volume();
  if (!volume) return false;
  view.renderNow();
  const QImage picture = view.picture(true);
  QStringList lines = {view.seriesLabel(),
                       QObject::tr("Slice %1 of %2 · window W %3 L %4")
                           .arg(view.sliceIndex() + 1)
                           .arg(view.sliceCount())
                           .arg(view.window().width, 0, 'f', 0)
                           .arg(view.window().center, 0, 'f', 0)};
  const QString unit = QString::fromStdString(volume->value_unit);
  int n = 0;
  for (const auto& region : view.annotations().regions)
    if (const auto stats = regionStatistics(*volume, view.sliceIndex(), region); stats && stats->pixels > 0)
      lines << QObject::tr("Region %1 (%2): %3").arg(++n).arg(region.shape == imaging::RegionShape::Ellipse ? QObject::tr("ellipse") : QObject::tr("rectangle"),
                                                       regionLines(*stats, unit).join(", "));
  for (const auto& note : view.annotations().notes) lines << QObject::tr("Note: %1").arg(note.text);

  if (path.endsWith(".pdf", Qt::CaseInsensitive)) {
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(150);
    pdf.setTitle(QObject::tr("Key image"));
    QPainter painter;
    if (!painter.begin(&pdf)) return false;
    paintPage(painter, QRectF(0, 0, pdf.width(), pdf.height()), 150, picture, lines);
    return painter.end();
  }
  QImage page(1240, 1754, QImage::Format_RGB32);  // A4 at 150 dpi
  QPainter painter(&page);
  paintPage(painter, page.rect(), 150, picture, lines);
  painter.end();
  return page.save(path, "PNG");
}
