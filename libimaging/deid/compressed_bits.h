#pragma once
// Bits outside the stored range in compressed pixel data (red team C, C1, 2026-12-06): an embedded
// overlay (a name drawn in bit 15 of a 12-bit image) survives any lossless codec, and the native
// masking (keepStoredBits) never saw it. Files that can have such bits (Bits Stored < Bits
// Allocated) are decoded; where a sample has them the image is written as native explicit VR
// little endian with those bits cleared (lossless, only bigger). Others are not touched.
#include <string>

#include "imaging_bridge/dcmtk.h"
#include "pixel_stream.h"

namespace imaging::deid {

enum class CompressedBitsRoute {
  None,           // native, no room outside the stored range, or a syntax left unread (JPEG XL, video)
  DecodeWithDcmtk,// RLE, JPEG, JPEG-LS: frames judged without a decoder (FrameVerdict); RLE frames
                  // that hide a bit are decoded by DCMTK on the full load
  J2kPrecision,   // JPEG 2000 and HTJ2K: each codestream's SIZ says how many bits it codes; more than
                  // Bits Stored cannot be decoded here (no JPEG 2000 codec in DCMTK 3.6.7): refused
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

// What a look at the frames without a decoder says, for DecodeWithDcmtk.
enum class FrameVerdict {
  Clean,    // no frame can hold a bit outside the stored range: copy them unread
  MayHide,  // an RLE frame's most significant byte planes have such a bit: decode (full load) and clear
  Unsure,   // a JPEG/JPEG-LS frame codes more bits than Bits Stored, or a header is not readable: refuse
};
// On fragments still on disk (before the full load). RLE: the most significant byte planes are
// unpacked and looked at; JPEG and JPEG-LS: a frame coding no more bits than Bits Stored (its SOF
// precision) cannot hold one.
FrameVerdict judgeDcmtkFrames(const InputFile& input, const HeaderResult& pixels, const std::string& uid,
                              const SampleBits& bits);

// The same check on fragments still on disk (a syntax DCMTK 3.6.7 does not know is only streamed):
// Unchanged or Unchecked (a deflated frame with such bits is refused: rewriting it is not done).
CompressedBitsResult checkStreamedFrames(const InputFile& input, const HeaderResult& pixels, CompressedBitsRoute route,
                                         const SampleBits& bits, std::string& reason);

}  // namespace imaging::deid
