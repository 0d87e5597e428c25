// JPEG-LS (1.2.840.10008.1.2.4.80/81) with CharLS 2. DCMTK 3.6.7 bundles an old JPEG-LS codec
// that rejects 2..7-bit streams written by other encoders ("trailing data after image"). The
// requested frame is decoded here and put back into the in-memory dataset as native pixel data,
// so colour models, palettes and MONOCHROME1 still go through the one DCMTK path.
#include <charls/charls.h>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcpixseq.h>

#include <algorithm>
#include <cstring>

#include "fragments.h"
#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "own_decoders.h"

namespace imaging::pixels_detail {

void replaceWithDecodedJpegLs(DcmDataset& dataset, int frame_index, const std::string& path) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
    throw Error(ErrorCode::Unsupported, "no pixel data", path);
  DcmPixelSequence* sequence = nullptr;
  if (static_cast<DcmPixelData*>(element)->getEncapsulatedRepresentation(dataset.getOriginalXfer(), nullptr, sequence).bad() ||
      sequence == nullptr)
    throw Error(ErrorCode::Corrupt, "JPEG-LS pixel data is not encapsulated", path);
  const int frames = std::max(1, bridge::getInt(dataset, DCM_NumberOfFrames, 1));
  const std::vector<std::uint8_t> stream = frameBytes(*sequence, frame_index, frames, FrameStart::Jpeg, path);

  std::vector<std::uint8_t> decoded;
  charls::frame_info info{};
  charls::interleave_mode interleave = charls::interleave_mode::none;
  try {
    charls::jpegls_decoder decoder;
    decoder.source(stream);
    decoder.read_header();
    info = decoder.frame_info();
    interleave = decoder.interleave_mode();
    // The stream must be the image the header describes (and no bigger) before memory is given.
    if (info.width != static_cast<std::uint32_t>(bridge::getInt(dataset, DCM_Columns, 0)) ||
        info.height != static_cast<std::uint32_t>(bridge::getInt(dataset, DCM_Rows, 0)) ||
        info.component_count != bridge::getInt(dataset, DCM_SamplesPerPixel, 1) || info.bits_per_sample > 16)
      throw Error(ErrorCode::Corrupt, "JPEG-LS stream does not match Rows, Columns, Samples per Pixel", path);
    decoded.resize(decoder.destination_size());
    decoder.decode(decoded);
  } catch (const charls::jpegls_error& e) {
    throw Error(ErrorCode::Corrupt, std::string("cannot decode JPEG-LS: ") + e.what(), path);
  }
  if (info.component_count != 1 && info.component_count != 3)
    throw Error(ErrorCode::Unsupported, "cannot decode: JPEG-LS with " + std::to_string(info.component_count) + " components",
                path);

  const int precision = info.bits_per_sample;
  const int bits_allocated = precision <= 8 ? 8 : 16;
  int bits_stored = bridge::getInt(dataset, DCM_BitsStored, precision);
  if (bits_stored < 1 || bits_stored > bits_allocated) bits_stored = precision;
  if (bits_allocated == 8) {
    dataset.putAndInsertUint8Array(DCM_PixelData, decoded.data(), static_cast<unsigned long>(decoded.size()));
  } else {
    // CharLS writes 16-bit samples in host byte order, which is how DCMTK holds OW in memory.
    std::vector<Uint16> words(decoded.size() / 2);
    std::memcpy(words.data(), decoded.data(), words.size() * 2);
    dataset.putAndInsertUint16Array(DCM_PixelData, words.data(), static_cast<unsigned long>(words.size()));
  }
  dataset.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(info.height));
  dataset.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(info.width));
  dataset.putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(info.component_count));
  dataset.putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(bits_allocated));
  dataset.putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(bits_stored));
  dataset.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(bits_stored - 1));
  dataset.putAndInsertString(DCM_NumberOfFrames, "1");
  // Without interleaving CharLS hands out one plane per component.
  if (info.component_count == 3)
    dataset.putAndInsertUint16(DCM_PlanarConfiguration, interleave == charls::interleave_mode::none ? 1 : 0);
}

}  // namespace imaging::pixels_detail
