#pragma once
// How many bytes of native pixel data the header declares (Rows x Columns x Samples per Pixel x
// Bits Allocated / 8 x Number of Frames, even), and whether the Pixel Data element holds more: bytes
// beyond the declared image are shown by no viewer, so a hidden frame with a name drawn in it
// would travel out unseen (red team D5). Surplus is cut; where the cut is not certain, the file fails.
#include <cstdint>
#include <string>

#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

struct PixelLayout {
  unsigned rows = 0, columns = 0, samples = 1, bits_allocated = 0;
  bool frames_valid = true;        // Number of Frames absent (1) or a positive integer
  std::uint64_t frames = 1;
  std::string photometric;         // YBR_FULL_422 / YBR_PARTIAL_422 hold two samples per pixel
};

enum class PixelFit {
  Fits,        // no longer than the declared image (a shorter value is DCMTK's problem, not a leak)
  Surplus,     // longer: cut to declared_bytes
  Uncuttable,  // longer than anything the header could declare, or the layout does not say how long
               // the image is (Rows, Columns or Bits Allocated missing, 1-bit data, bits not whole bytes)
};

struct PixelFitResult {
  PixelFit fit = PixelFit::Fits;
  std::uint64_t declared_bytes = 0;  // with Surplus: the length to keep
};

// `bytes_per_sample` overrides Bits Allocated (4 for Float Pixel Data, 8 for Double Float Pixel
// Data, 0 for Pixel Data).
PixelFitResult fitNativePixels(const PixelLayout& layout, std::uint64_t value_length, unsigned bytes_per_sample = 0);

// Number of Frames as a count: absent -> 1; anything but a positive integer -> frames_valid false.
void setFramesFromText(PixelLayout& layout, bool present, const std::string& text);

// The layout of a DCMTK data set's top level.
PixelLayout pixelLayoutOf(DcmItem& dataset);

}  // namespace imaging::deid
