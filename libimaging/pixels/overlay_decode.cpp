// Overlay planes (PS3.3 C.9.2): 1-bit bitmaps in groups 6000..601E, positioned by OverlayOrigin,
// optionally one per frame (NumberOfFramesInOverlay from ImageFrameOrigin), either in Overlay Data
// (60xx,3000) or, in retired files, in an unused bit of the pixel data (OverlayBitPosition).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <functional>

#include "dataset_parts.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::pixels_detail {
namespace {

struct Plane {
  int rows = 0;
  int columns = 0;
  int origin_row = 1;       // 1-based, may be negative or past the image
  int origin_column = 1;
  int frames = 1;           // NumberOfFramesInOverlay
  int first_frame = 1;      // ImageFrameOrigin, 1-based
  int bit_position = 0;
};

int intAt(DcmDataset& dataset, Uint16 group, Uint16 element, unsigned long index, int fallback) {
  const DcmTagKey key(group, element);
  Sint16 signed_value = 0;
  if (dataset.findAndGetSint16(key, signed_value, index).good()) return signed_value;
  Uint16 value = 0;
  if (dataset.findAndGetUint16(key, value, index).good()) return value;
  Sint32 number = 0;
  if (dataset.findAndGetSint32(key, number, index).good()) return number;  // IS
  return fallback;
}

// Bit `index` of the overlay's packed bit stream (little endian words: first pixel in bit 0).
class BitStream {
 public:
  explicit BitStream(DcmElement& element) {
    if (element.getUint16Array(words_).good() && words_ != nullptr) {
      count_ = element.getLength() * 8;
    } else if (element.getUint8Array(bytes_).good() && bytes_ != nullptr) {
      count_ = element.getLength() * 8;
    }
  }
  bool valid() const { return count_ > 0; }
  bool at(std::size_t index) const {
    if (index >= count_) return false;
    if (words_) return (words_[index / 16] >> (index % 16)) & 1u;
    return (bytes_[index / 8] >> (index % 8)) & 1u;
  }

 private:
  Uint16* words_ = nullptr;
  Uint8* bytes_ = nullptr;
  std::size_t count_ = 0;
};

void place(const Plane& plane, int width, int height, std::vector<std::uint8_t>& bitmap,
           const std::function<bool(std::size_t)>& bit, std::size_t frame_offset) {
  // Only the part of the plane that lies on the image is visited (a damaged header may claim a
  // 65535 x 65535 plane far outside it).
  const int first_row = std::max(0, 1 - plane.origin_row), last_row = std::min(plane.rows, height + 1 - plane.origin_row);
  const int first_column = std::max(0, 1 - plane.origin_column);
  const int last_column = std::min(plane.columns, width + 1 - plane.origin_column);
  for (int r = first_row; r < last_row; ++r) {
    const int y = plane.origin_row - 1 + r;
    for (int c = first_column; c < last_column; ++c) {
      const int x = plane.origin_column - 1 + c;
      if (bit(frame_offset + static_cast<std::size_t>(r) * plane.columns + c))
        bitmap[static_cast<std::size_t>(y) * width + x] = 1;
    }
  }
}

}  // namespace

std::vector<std::uint8_t> decodeOverlays(DcmDataset& dataset, int frame_index, int width, int height,
                                         bool native_pixels) {
  std::vector<std::uint8_t> bitmap;
  for (Uint16 group = 0x6000; group <= 0x601E; group += 2) {
    Plane plane;
    plane.rows = intAt(dataset, group, 0x0010, 0, 0);
    plane.columns = intAt(dataset, group, 0x0011, 0, 0);
    if (plane.rows <= 0 || plane.columns <= 0) continue;
    plane.origin_row = intAt(dataset, group, 0x0050, 0, 1);
    plane.origin_column = intAt(dataset, group, 0x0050, 1, 1);
    plane.frames = std::max(1, intAt(dataset, group, 0x0015, 0, 1));
    plane.first_frame = std::max(1, intAt(dataset, group, 0x0051, 0, 1));
    plane.bit_position = intAt(dataset, group, 0x0102, 0, 0);
    const int overlay_frame = frame_index + 1 - plane.first_frame;
    const std::size_t plane_size = static_cast<std::size_t>(plane.rows) * plane.columns;

    DcmElement* data = nullptr;
    if (dataset.findAndGetElement(DcmTagKey(group, 0x3000), data).good() && data != nullptr) {
      if (overlay_frame < 0 || overlay_frame >= plane.frames) continue;
      const BitStream bits(*data);
      if (!bits.valid()) continue;
      if (bitmap.empty()) bitmap.assign(static_cast<std::size_t>(width) * height, 0);
      place(plane, width, height, bitmap, [&](std::size_t i) { return bits.at(i); },
            plane_size * static_cast<std::size_t>(overlay_frame));
      continue;
    }
    // Embedded in the pixel data: same size as the image, in every image frame.
    if (!native_pixels || plane.bit_position < 1 || plane.bit_position > 15) continue;
    if (bridge::getInt(dataset, DCM_BitsAllocated, 0) != 16) continue;
    const Uint16* words = nullptr;
    unsigned long count = 0;
    if (dataset.findAndGetUint16Array(DCM_PixelData, words, &count).bad() || words == nullptr) continue;
    const std::size_t image_size = static_cast<std::size_t>(width) * height;
    const std::size_t offset = image_size * static_cast<std::size_t>(frame_index);
    if (offset + image_size > count) continue;
    if (bitmap.empty()) bitmap.assign(image_size, 0);
    const int shift = plane.bit_position;
    plane.rows = std::min(plane.rows, height);
    plane.columns = std::min(plane.columns, width);
    plane.origin_row = plane.origin_column = 1;
    place(plane, width, height, bitmap,
          [&](std::size_t i) {
            const std::size_t y = i / static_cast<std::size_t>(plane.columns), x = i % static_cast<std::size_t>(plane.columns);
            return ((words[offset + y * static_cast<std::size_t>(width) + x] >> shift) & 1u) != 0;
          },
          0);
  }
  return bitmap;
}

}  // namespace imaging::pixels_detail
