#include "overlay_image.h"

QImage overlayImage(const imaging::Volume& volume, int slice) {
  if (slice < 0 || static_cast<std::size_t>(slice) >= volume.overlays.size()) return {};
  const auto& bits = volume.overlays[static_cast<std::size_t>(slice)];
  const int columns = volume.dimensions[0], rows = volume.dimensions[1];
  if (bits.size() != static_cast<std::size_t>(columns) * rows) return {};
  QImage overlay(columns, rows, QImage::Format_ARGB32);
  for (int y = 0; y < rows; ++y) {
    auto* line = reinterpret_cast<QRgb*>(overlay.scanLine(y));
    for (int x = 0; x < columns; ++x)
      line[x] = bits[static_cast<std::size_t>(y) * columns + x] ? qRgba(255, 255, 255, 255) : qRgba(0, 0, 0, 0);
  }
  return overlay;
}
