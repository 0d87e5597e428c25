// See declared_pixels.h.
#include "declared_pixels.h"

#include <cstdlib>
#include <limits>

namespace imaging::deid {

void setFramesFromText(PixelLayout& layout, bool present, const std::string& text) {
  layout.frames = 1;
  layout.frames_valid = true;
  if (!present) return;
  std::size_t a = text.find_first_not_of(' ');
  std::size_t b = text.find_last_not_of(" \0", std::string::npos, 2);
  if (a == std::string::npos || b == std::string::npos) return;  // empty: one frame, as DCMTK reads it
  const std::string digits = text.substr(a, b - a + 1);
  std::size_t start = digits[0] == '+' ? 1 : 0;
  if (start == digits.size() || digits.size() - start > 10 ||
      digits.find_first_not_of("0123456789", start) != std::string::npos) {
    layout.frames_valid = false;
    return;
  }
  layout.frames = std::strtoull(digits.c_str() + start, nullptr, 10);
  if (layout.frames == 0) layout.frames_valid = false;
}

PixelFitResult fitNativePixels(const PixelLayout& layout, std::uint64_t value_length, unsigned bytes_per_sample) {
  PixelFitResult result;
  if (value_length == 0) return result;
  const bool whole_bytes = bytes_per_sample != 0 || (layout.bits_allocated != 0 && layout.bits_allocated % 8 == 0);
  if (layout.rows == 0 || layout.columns == 0 || layout.samples == 0 || !layout.frames_valid ||
      (!whole_bytes && layout.bits_allocated != 1)) {
    result.fit = PixelFit::Uncuttable;
    return result;
  }
  // 4:2:2 native data holds Y Y Cb Cr for each pair of pixels: two samples per pixel, not three.
  const bool half_chroma = layout.samples == 3 &&
                           (layout.photometric == "YBR_FULL_422" || layout.photometric == "YBR_PARTIAL_422");
  const std::uint64_t samples = half_chroma ? 2 : layout.samples;
  std::uint64_t units = 0;  // samples of the whole image; bits for 1-bit data
  bool overflow = __builtin_mul_overflow(std::uint64_t{layout.rows}, std::uint64_t{layout.columns}, &units);
  overflow = overflow || __builtin_mul_overflow(units, samples, &units);
  overflow = overflow || __builtin_mul_overflow(units, layout.frames, &units);
  std::uint64_t bytes = 0;
  if (whole_bytes) {
    const std::uint64_t size = bytes_per_sample != 0 ? bytes_per_sample : layout.bits_allocated / 8;
    overflow = overflow || __builtin_mul_overflow(units, size, &bytes);
  } else {
    bytes = units / 8 + (units % 8 != 0 ? 1 : 0);  // 1-bit frames are packed without padding
  }
  if (overflow) return result;  // larger than any value could be: fits
  bytes += bytes & 1u;          // values have even length
  if (value_length <= bytes) return result;
  // 1-bit frames written padded to a byte each (against PS3.5 8.1.1) make a small surplus that
  // is not ours to cut; a multi-frame cut there could take a frame's last row. Refused instead.
  result.fit = whole_bytes ? PixelFit::Surplus : PixelFit::Uncuttable;
  result.declared_bytes = bytes;
  return result;
}

PixelLayout pixelLayoutOf(DcmItem& dataset) {
  PixelLayout layout;
  Uint16 v = 0;
  if (dataset.findAndGetUint16(DCM_Rows, v).good()) layout.rows = v;
  if (dataset.findAndGetUint16(DCM_Columns, v).good()) layout.columns = v;
  if (dataset.findAndGetUint16(DCM_BitsAllocated, v).good()) layout.bits_allocated = v;
  if (dataset.findAndGetUint16(DCM_SamplesPerPixel, v).good()) layout.samples = v;
  OFString text;
  const bool frames = dataset.tagExists(DCM_NumberOfFrames, OFFalse);
  if (frames) dataset.findAndGetOFStringArray(DCM_NumberOfFrames, text, OFFalse);
  setFramesFromText(layout, frames, std::string(text.c_str(), text.length()));
  OFString photometric;
  if (dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometric).good())
    layout.photometric.assign(photometric.c_str(), photometric.length());
  return layout;
}

}  // namespace imaging::deid
