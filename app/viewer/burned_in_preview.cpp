#include "burned_in_preview.h"

#include <QObject>
#include <QPainter>
#include <QPen>
#include <algorithm>
#include <exception>

#include "imaging/core/error.h"
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
  if (look.identifying == 0 && look.other == 0)
    return QObject::tr("No printed text was found in the first image. Look at it yourself before sending.");
  return QObject::tr("First image: %1 word(s) that could identify you (red) and %2 other word(s) (yellow). With "
                     "\"send with the printed text blacked out\" ticked, these boxes are blacked out; an image where "
                     "identifying text is still found afterwards is left out.")
      .arg(look.identifying)
      .arg(look.other);
}
