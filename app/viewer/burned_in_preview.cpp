#include "burned_in_preview.h"

#include <QObject>
#include <QPainter>
#include <QPen>
#include <algorithm>
#include <exception>

#include "imaging/core/error.h"
#include "imaging/ocr/redaction.h"
#include "imaging/ocr/text_detection.h"
#include "imaging/pixels/render.h"

namespace {

QImage toQImage(const imaging::Rgb8Image& image) {
  const auto format = image.channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
  return QImage(image.pixels.data(), image.width, image.height, image.width * image.channels, format)
      .convertToFormat(QImage::Format_RGB32);
}

}  // namespace

BurnedInLook lookForBurnedInText(const std::filesystem::path& image, const std::vector<std::string>& identifiers) {
  BurnedInLook look;
  try {
    const imaging::TextDetection found = imaging::detectText(image, 0, identifiers);
    look.image = toQImage(imaging::renderFile(image, 0));
    QPainter painter(&look.image);
    // Thick enough to see once the panel scales a large image down.
    const int pen = std::max(2, std::max(look.image.width(), look.image.height()) / 200);
    // What the blackout will cover: every text line that is not a harmless mark, whole, with the
    // padding redaction adds; shaded, with a white outline.
    const imaging::RedactionRegions regions = imaging::regionsFromDetection(found);
    const int padding = imaging::RedactOptions{}.padding;
    std::vector<imaging::PixelBox> boxes = regions.every_frame;
    if (auto it = regions.per_frame.find(0); it != regions.per_frame.end()) boxes.insert(boxes.end(), it->second.begin(), it->second.end());
    painter.setPen(QPen(QColor(255, 255, 255), std::max(1, pen / 2), Qt::DashLine));
    painter.setBrush(QColor(0, 0, 0, 150));
    for (const auto& region : boxes) {
      const auto box = region.padded(padding);
      painter.drawRect(box.x, box.y, box.width, box.height);
    }
    painter.setBrush(Qt::NoBrush);
    look.lines = static_cast<int>(found.unsafeLineCount());
    for (const auto& word : found.words) {
      const bool identifying = word.kind == imaging::WordKind::Identifying;
      (identifying ? look.identifying : look.other) += 1;
      painter.setPen(QPen(identifying ? QColor(230, 20, 20) : QColor(250, 210, 0), pen));
      const auto box = word.box.padded(2);
      painter.drawRect(box.x, box.y, box.width, box.height);
    }
  } catch (const imaging::Error& e) {
    look = {};
    look.error = QString::fromStdString(e.oneLine());
  } catch (const std::exception& e) {
    look = {};
    look.error = QString::fromUtf8(e.what());
  }
  return look;
}

QString describeBurnedInLook(const BurnedInLook& look) {
  if (!look.error.isEmpty()) return QObject::tr("The text in this picture could not be read: %1").arg(look.error);
  if (look.identifying == 0 && look.other == 0 && look.lines == 0)
    return QObject::tr("No printed text was found in the first image. Look at it yourself before sending.");
  return QObject::tr("First image: %1 word(s) that could identify you (red), %2 other word(s) (yellow) and %3 "
                     "line(s) of text. With \"send with the printed text blacked out\" ticked, the shaded boxes are "
                     "blacked out (whole lines, also where the words could not be read); an image where text is "
                     "still found there afterwards is left out.")
      .arg(look.identifying)
      .arg(look.other)
      .arg(look.lines);
}
