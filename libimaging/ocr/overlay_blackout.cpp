#include "overlay_blackout.h"

#include <algorithm>

namespace imaging::ocr_detail {

std::size_t blackOutOverlays(DcmDataset& dataset, int frame, const PixelBox& box) {
  std::size_t cleared = 0;
  for (Uint16 group = 0x6000; group <= 0x601E; group += 2) {
    Uint16 rows = 0, columns = 0;
    if (dataset.findAndGetUint16(DcmTagKey(group, 0x0010), rows).bad() ||
        dataset.findAndGetUint16(DcmTagKey(group, 0x0011), columns).bad() || rows == 0 || columns == 0)
      continue;
    DcmElement* data = nullptr;
    Uint16* words = nullptr;
    if (dataset.findAndGetElement(DcmTagKey(group, 0x3000), data).bad() || data == nullptr ||
        data->getUint16Array(words).bad() || words == nullptr)
      continue;
    const std::size_t word_count = data->getLength() / 2;
    Sint16 origin_row = 1, origin_column = 1;
    dataset.findAndGetSint16(DcmTagKey(group, 0x0050), origin_row, 0);
    dataset.findAndGetSint16(DcmTagKey(group, 0x0050), origin_column, 1);
    Sint32 overlay_frames = 1;
    Uint16 first_frame = 1;
    dataset.findAndGetSint32(DcmTagKey(group, 0x0015), overlay_frames);
    dataset.findAndGetUint16(DcmTagKey(group, 0x0051), first_frame);
    // One plane for all frames, or one per frame from Image Frame Origin on.
    const int plane = overlay_frames <= 1 ? 0 : frame - (static_cast<int>(first_frame) - 1);
    if (plane < 0 || plane >= std::max<Sint32>(1, overlay_frames)) continue;
    const std::size_t plane_bits = static_cast<std::size_t>(rows) * columns;
    for (int y = box.y; y < box.y + box.height; ++y)
      for (int x = box.x; x < box.x + box.width; ++x) {
        const int oy = y - (origin_row - 1), ox = x - (origin_column - 1);
        if (oy < 0 || ox < 0 || oy >= rows || ox >= columns) continue;
        const std::size_t bit = static_cast<std::size_t>(plane) * plane_bits + static_cast<std::size_t>(oy) * columns + ox;
        if (bit / 16 >= word_count) continue;
        const Uint16 mask = static_cast<Uint16>(1u << (bit % 16));
        if (words[bit / 16] & mask) {
          words[bit / 16] = static_cast<Uint16>(words[bit / 16] & ~mask);
          ++cleared;
        }
      }
  }
  return cleared;
}

}  // namespace imaging::ocr_detail
