#pragma once
// Bits outside the stored range in compressed pixel data (red team C, C1, 2026-12-06): an embedded
// overlay (a name drawn in bit 15 of a 12-bit image) survives any lossless codec, and the native
// masking (keepStoredBits) never saw it. RLE files that can have such bits (Bits Stored < Bits
// Allocated) are looked at and, where a sample has them, decoded and written as native explicit VR
// little endian with those bits cleared (lossless, only bigger); deflated frames are inflated and
// refused when they have them. JPEG-family frames are copied unread.
#include <string>

#include "imaging_bridge/dcmtk.h"
#include "pixel_stream.h"

namespace imaging::deid {

enum class CompressedBitsRoute {
  None,           // native, no room outside the stored range, or frames copied unread (JPEG, JPEG-LS,
                  // JPEG 2000: docs/deidentification.md; JPEG XL, video)
  DecodeWithDcmtk,// RLE: frames judged without a decoder (FrameVerdict); those that hide a bit are
                  // decoded by DCMTK on the full load
  InflateFrames,  // Deflated Image Frame Compression: each frame inflated (streamed) and checked
};

CompressedBitsRoute compressedBitsRoute(const std::string& transfer_syntax_uid, bool encapsulated,
                                        const SampleBits& bits);

enum class CompressedBitsResult {
  Unchanged,  // decoded, no sample has a bit outside the stored range: the frames are copied as they are
  Cleared,    // the data set's pixel data is now native, masked: write it as explicit VR little endian
  Unchecked,  // cannot be decoded or checked here: the file fails (OutcomeCode::InputPixelBitsUnchecked)
};

// On a fully loaded data set in transfer syntax `xfer`; `reason` says why with Unchecked.
CompressedBitsResult clearCompressedHiddenBits(DcmDataset& dataset, E_TransferSyntax xfer, CompressedBitsRoute route,
                                               const SampleBits& bits, std::string& reason);

// What a look at RLE frames without a decoder says, for DecodeWithDcmtk.
enum class FrameVerdict {
  Clean,    // no frame holds a bit outside the stored range: copy them unread
  MayHide,  // a frame's most significant byte planes have such a bit: decode (full load) and clear
  Unsure,   // a frame's header is not one DCMTK's decoder can be trusted with: refuse
};
// On fragments still on disk (before the full load): each frame's most significant byte planes
// are unpacked and looked at.
FrameVerdict judgeRleFrames(const InputFile& input, const HeaderResult& pixels, const SampleBits& bits);

// The same check on fragments still on disk (a syntax DCMTK 3.6.7 does not know is only streamed):
// Unchanged or Unchecked (a deflated frame with such bits is refused: rewriting it is not done).
CompressedBitsResult checkStreamedFrames(const InputFile& input, const HeaderResult& pixels, CompressedBitsRoute route,
                                         const SampleBits& bits, std::string& reason);

}  // namespace imaging::deid
