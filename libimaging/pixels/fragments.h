#pragma once
// Private to the pixels module: finding the frames of encapsulated pixel data (PS3.5 A.4).
#include <cstdint>
#include <string>
#include <vector>

class DcmPixelSequence;

namespace imaging::pixels_detail {

// What every frame's compressed stream begins with.
enum class FrameStart {
  Jpeg2000,  // SOC then SIZ: FF 4F FF 51
  Jpeg,      // SOI and the next marker: FF D8 FF (JPEG, JPEG-LS)
};

// The fragments of one frame, concatenated. One fragment per frame when their counts agree;
// otherwise where the Basic Offset Table says, when it has one valid entry per frame; otherwise
// each frame starts at a fragment that begins with `start`, so files whose offset table is empty
// or wrong still decode. Throws imaging::Error when the frame is not there.
std::vector<std::uint8_t> frameBytes(DcmPixelSequence& sequence, int frame_index, int frame_count, FrameStart start,
                                     const std::string& path);

// Number of fragments after the offset table.
unsigned long fragmentCount(DcmPixelSequence& sequence);

}  // namespace imaging::pixels_detail
