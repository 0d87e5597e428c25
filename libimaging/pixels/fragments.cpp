// Frames of encapsulated pixel data: one fragment each, or found by the marker each starts with.
#include "fragments.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

#include <utility>

#include "imaging/core/error.h"

namespace imaging::pixels_detail {
namespace {

bool startsFrame(const Uint8* bytes, Uint32 length, FrameStart start) {
  if (length < 4 || bytes[0] != 0xFF) return false;
  if (start == FrameStart::Jpeg2000) return bytes[1] == 0x4F && bytes[2] == 0xFF && bytes[3] == 0x51;
  return bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

}  // namespace

unsigned long fragmentCount(DcmPixelSequence& sequence) { return sequence.card() > 0 ? sequence.card() - 1 : 0; }

std::vector<std::uint8_t> frameBytes(DcmPixelSequence& sequence, int frame_index, int frame_count, FrameStart start,
                                     const std::string& path) {
  const unsigned long items = sequence.card();
  std::vector<std::pair<Uint8*, Uint32>> fragments;  // after the offset table
  for (unsigned long i = 1; i < items; ++i) {
    DcmPixelItem* item = nullptr;
    Uint8* bytes = nullptr;
    if (sequence.getItem(item, i).bad() || item == nullptr || item->getUint8Array(bytes).bad() || bytes == nullptr)
      continue;
    fragments.emplace_back(bytes, item->getLength());
  }
  if (fragments.empty()) throw Error(ErrorCode::Corrupt, "no compressed fragments in pixel data", path);

  std::vector<std::size_t> starts;  // index of each frame's first fragment
  if (frame_count == 1) {
    starts = {0};
  } else if (static_cast<int>(fragments.size()) == frame_count) {
    for (int f = 0; f < frame_count; ++f) starts.push_back(static_cast<std::size_t>(f));
  } else {
    for (std::size_t i = 0; i < fragments.size(); ++i)
      if (startsFrame(fragments[i].first, fragments[i].second, start)) starts.push_back(i);
  }
  if (frame_index >= static_cast<int>(starts.size()))
    throw Error(ErrorCode::Corrupt, "cannot find frame " + std::to_string(frame_index + 1) + " in pixel data", path);
  const std::size_t begin = starts[static_cast<std::size_t>(frame_index)];
  const std::size_t end =
      frame_index + 1 < static_cast<int>(starts.size()) ? starts[static_cast<std::size_t>(frame_index) + 1] : fragments.size();
  std::vector<std::uint8_t> out;
  for (std::size_t i = begin; i < end; ++i) out.insert(out.end(), fragments[i].first, fragments[i].first + fragments[i].second);
  return out;
}

}  // namespace imaging::pixels_detail
