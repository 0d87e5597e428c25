// Monochrome Bits Allocated 32 (PS3.5 8.1.1: each sample one 32-bit word). For a big-endian file
// DCMTK 3.6.7's monochrome path hands out each value with its 16-bit halves swapped (an RT Dose
// then renders as bands). Read here: stored value (Bits Stored mask, sign), then rescale. 32-bit
// colour stays with DCMTK, which reads it right in both byte orders.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstdint>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "own_decoders.h"

namespace imaging::pixels_detail {
namespace {

// The raw 32-bit words of all frames, in the order they are stored.
std::vector<std::uint32_t> storedWords(DcmDataset& dataset, bool big_endian, bool encapsulated, std::size_t needed,
                                       const std::string& path) {
  if (encapsulated && dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad())
    throw Error(ErrorCode::Corrupt, "cannot decompress 32-bit pixel data", path);
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
    throw Error(ErrorCode::Unsupported, "no pixel data", path);
  if (element->getLength() / 4 < needed) throw Error(ErrorCode::Truncated, "pixel data shorter than the image", path);
  std::vector<std::uint32_t> words(needed);
  if (element->getVR() == EVR_OW || element->getVR() == EVR_xs) {
    // DCMTK holds OW as 16-bit words in host order; which half comes first is the file's order
    // (decompressed RLE is little endian).
    Uint16* halves = nullptr;
    if (element->getUint16Array(halves).bad() || halves == nullptr) throw Error(ErrorCode::Corrupt, "no pixel values", path);
    const bool high_first = big_endian && !encapsulated;
    for (std::size_t i = 0; i < needed; ++i) {
      const std::uint32_t a = halves[2 * i], b = halves[2 * i + 1];
      words[i] = high_first ? (a << 16 | b) : (b << 16 | a);
    }
    return words;
  }
  // OB/OL/UN: bytes (OB, UN) in file order, or OL words already in host order.
  if (element->getVR() == EVR_OL) {
    Uint32* values = nullptr;
    if (element->getUint32Array(values).bad() || values == nullptr) throw Error(ErrorCode::Corrupt, "no pixel values", path);
    words.assign(values, values + needed);
    return words;
  }
  Uint8* bytes = nullptr;
  if (element->getUint8Array(bytes).bad() || bytes == nullptr) throw Error(ErrorCode::Corrupt, "no pixel values", path);
  for (std::size_t i = 0; i < needed; ++i) {
    const Uint8* p = bytes + 4 * i;
    words[i] = big_endian && !encapsulated
                   ? (std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3])
                   : (std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0]);
  }
  return words;
}

}  // namespace

bool isWidePixelData(DcmDataset& dataset) {
  return dataset.tagExists(DCM_PixelData) && bridge::getInt(dataset, DCM_BitsAllocated, 0) == 32 &&
         bridge::getInt(dataset, DCM_SamplesPerPixel, 1) == 1;
}

void decodeWideFrame(DcmDataset& dataset, bool big_endian, bool encapsulated, int frame_index, Frame& frame,
                     const std::string& path) {
  const int rows = bridge::getInt(dataset, DCM_Rows, 0);
  const int columns = bridge::getInt(dataset, DCM_Columns, 0);
  const int samples = bridge::getInt(dataset, DCM_SamplesPerPixel, 1);
  int bits_stored = bridge::getInt(dataset, DCM_BitsStored, 32);
  if (bits_stored < 1 || bits_stored > 32) bits_stored = 32;
  const bool is_signed = bridge::getInt(dataset, DCM_PixelRepresentation, 0) == 1;
  if (rows <= 0 || columns <= 0) throw Error(ErrorCode::Corrupt, "image has no size", path);
  if (samples != 1)
    throw Error(ErrorCode::Unsupported, "cannot decode: 32-bit pixels with " + std::to_string(samples) + " samples", path);
  const std::size_t pixels = static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns);
  const std::size_t per_frame = pixels * static_cast<std::size_t>(samples);
  const std::vector<std::uint32_t> words =
      storedWords(dataset, big_endian, encapsulated, per_frame * static_cast<std::size_t>(frame_index + 1), path);
  const std::uint32_t* first = words.data() + per_frame * static_cast<std::size_t>(frame_index);

  const std::uint64_t range = (std::uint64_t{1} << bits_stored) - 1;
  frame.width = columns;
  frame.height = rows;
  frame.samples_per_pixel = 1;
  frame.values.resize(pixels);
  frame.monochrome1 = frame.photometric == "MONOCHROME1";
  for (std::size_t i = 0; i < pixels; ++i) {
    const std::uint64_t stored = first[i] & range;
    const bool negative = is_signed && (stored >> (bits_stored - 1)) != 0;
    const double value = negative ? static_cast<double>(stored) - static_cast<double>(range) - 1.0 : static_cast<double>(stored);
    frame.values[i] = static_cast<float>(value * frame.rescale_slope + frame.rescale_intercept);
  }
}

}  // namespace imaging::pixels_detail
