// Frames of encapsulated pixel data: one fragment each, where the Basic Offset Table says, or
// found by the marker each starts with.
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

// Index of each frame's first fragment from the Basic Offset Table (item 0: one 32-bit little
// endian byte offset per frame, from the first fragment's item tag); empty unless it has one entry
// per frame, increasing, each at a fragment's start.
std::vector<std::size_t> startsFromOffsetTable(DcmPixelSequence& sequence, const std::vector<Uint32>& lengths,
                                               int frame_count) {
  DcmPixelItem* table = nullptr;
  Uint8* bytes = nullptr;
  if (sequence.getItem(table, 0).bad() || table == nullptr || table->getLength() != 4u * static_cast<Uint32>(frame_count) ||
      table->getUint8Array(bytes).bad() || bytes == nullptr)
    return {};
  std::vector<std::size_t> starts;
  std::uint64_t position = 0;  // of fragment `i`'s item tag
  std::size_t i = 0;
  for (int f = 0; f < frame_count; ++f) {
    const Uint8* p = bytes + 4 * f;
    const std::uint64_t offset = std::uint64_t{p[0]} | std::uint64_t{p[1]} << 8 | std::uint64_t{p[2]} << 16 |
                                 std::uint64_t{p[3]} << 24;
    while (i < lengths.size() && position < offset) position += 8 + std::uint64_t{lengths[i++]};
    if (i >= lengths.size() || position != offset || (!starts.empty() && starts.back() == i)) return {};
    starts.push_back(i);
  }
  return starts;
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
    std::vector<Uint32> lengths;
    for (const auto& fragment : fragments) lengths.push_back(fragment.second);
    starts = startsFromOffsetTable(sequence, lengths, frame_count);
    if (starts.empty())
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
