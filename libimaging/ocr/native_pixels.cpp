// Uncompressed access to stored pixel values. Lossless: DCMTK's decoders give back the stored
// values of lossless syntaxes exactly; for JPEG 2000 and JPEG-LS below 8 bits decodeFrame's values
// are mapped back through the rescale (exact for integer data), since DCMTK 3.6.7 has no JPEG 2000
// codec and its JPEG-LS codec crashes on 2..7-bit streams.
#include "native_pixels.h"

#include <dcmtk/dcmdata/dcpixel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/pixels/decode.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"

namespace imaging::ocr_detail {
namespace {

// JPEG 2000 (no DCMTK codec) and JPEG-LS below 8 bits (DCMTK 3.6.7's codec crashes on such
// streams from other encoders) are decoded by the pixels module, with OpenJPEG and CharLS.
bool decodedByPixelsModule(const std::string& uid, int bits_stored) {
  const bool jpeg2000 = uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91";
  const bool jpeg_ls = uid == "1.2.840.10008.1.2.4.80" || uid == "1.2.840.10008.1.2.4.81";
  return jpeg2000 || (jpeg_ls && bits_stored < 8);
}

std::string syntaxName(const std::string& uid) {
  const DcmXfer xfer(uid.c_str());
  if (xfer.getXfer() != EXS_Unknown) return xfer.getXferName();
  return uid.empty() ? "unknown transfer syntax" : "transfer syntax " + uid;
}

void readGeometry(DcmDataset& dataset, NativePixels& image) {
  image.rows = bridge::getInt(dataset, DCM_Rows);
  image.columns = bridge::getInt(dataset, DCM_Columns);
  image.frames = std::max(1, bridge::getInt(dataset, DCM_NumberOfFrames, 1));
  image.samples = bridge::getInt(dataset, DCM_SamplesPerPixel, 1);
  image.bits_allocated = bridge::getInt(dataset, DCM_BitsAllocated);
  image.bits_stored = bridge::getInt(dataset, DCM_BitsStored, image.bits_allocated);
  image.high_bit = bridge::getInt(dataset, DCM_HighBit, image.bits_stored - 1);
  image.is_signed = bridge::getInt(dataset, DCM_PixelRepresentation) == 1;
  image.planar = bridge::getInt(dataset, DCM_PlanarConfiguration);
  image.photometric = bridge::getString(dataset, DCM_PhotometricInterpretation);
}

void check(const OFCondition& condition, const std::string& what, const std::string& where) {
  if (condition.bad()) throw Error(ErrorCode::Internal, what + ": " + condition.text(), where);
}

void replacePixelData(DcmDataset& dataset, const std::vector<Uint8>* bytes, const std::vector<Uint16>* words,
                      const std::string& where) {
  delete dataset.remove(DCM_PixelData);
  auto* element = new DcmPixelData(DcmTag(DCM_PixelData, words ? EVR_OW : EVR_OB));
  const OFCondition status = words ? element->putUint16Array(words->data(), static_cast<unsigned long>(words->size()))
                                   : element->putUint8Array(bytes->data(), static_cast<unsigned long>(bytes->size()));
  if (status.bad()) {
    delete element;
    check(status, "cannot store pixel data", where);
  }
  check(dataset.insert(element, true), "cannot store pixel data", where);
}

// Decodes every frame with the pixels module and stores the result natively: monochrome as its
// stored values (rescale undone), colour as 8-bit interleaved RGB.
void rebuildFromDecodedFrames(const std::filesystem::path& path, NativePixels& image) {
  const std::string where = path.string();
  DcmDataset& dataset = *image.file->getDataset();
  const bool monochrome = image.samples == 1 && image.photometric.rfind("MONOCHROME", 0) == 0;
  if (monochrome && dataset.tagExists(DCM_ModalityLUTSequence))
    throw Error(ErrorCode::Unsupported, "cannot redact compressed pixel data that uses a modality LUT sequence", where);
  if (monochrome && image.bits_allocated != 8 && image.bits_allocated != 16)
    throw Error(ErrorCode::Unsupported, "cannot redact " + std::to_string(image.bits_allocated) + "-bit pixel data", where);
  const std::size_t pixels = static_cast<std::size_t>(image.rows) * image.columns;
  std::vector<Uint8> bytes;
  std::vector<Uint16> words;
  const long long lowest = image.is_signed ? -(1LL << (image.bits_stored - 1)) : 0;
  const long long highest = image.is_signed ? (1LL << (image.bits_stored - 1)) - 1 : (1LL << image.bits_stored) - 1;
  const long long mask = (1LL << image.bits_stored) - 1;
  for (int f = 0; f < image.frames; ++f) {
    const Frame frame = decodeFrame(path, f);
    if (frame.width != image.columns || frame.height != image.rows)
      throw Error(ErrorCode::Corrupt, "decoded frame size differs from Rows/Columns", where);
    if (!monochrome) {
      if (frame.samples_per_pixel != 3) throw Error(ErrorCode::Unsupported, "unexpected colour model", where);
      for (float v : frame.values) bytes.push_back(static_cast<Uint8>(std::clamp(std::lround(v), 0L, 255L)));
      continue;
    }
    for (std::size_t i = 0; i < pixels; ++i) {
      const double stored = (frame.values[i] - frame.rescale_intercept) / frame.rescale_slope;
      const long long value = std::clamp(static_cast<long long>(std::llround(stored)), lowest, highest) & mask;
      if (image.bits_allocated == 8) bytes.push_back(static_cast<Uint8>(value));
      else words.push_back(static_cast<Uint16>(value));
    }
  }
  if (monochrome) {
    replacePixelData(dataset, image.bits_allocated == 8 ? &bytes : nullptr, image.bits_allocated == 8 ? nullptr : &words,
                     where);
    // Stored values now sit in the low bits.
    check(dataset.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(image.bits_stored - 1)), "high bit", where);
  } else {
    replacePixelData(dataset, &bytes, nullptr, where);
    check(dataset.putAndInsertString(DCM_PhotometricInterpretation, "RGB"), "photometric", where);
    check(dataset.putAndInsertUint16(DCM_SamplesPerPixel, 3), "samples", where);
    check(dataset.putAndInsertUint16(DCM_PlanarConfiguration, 0), "planar configuration", where);
    check(dataset.putAndInsertUint16(DCM_BitsAllocated, 8), "bits allocated", where);
    check(dataset.putAndInsertUint16(DCM_BitsStored, 8), "bits stored", where);
    check(dataset.putAndInsertUint16(DCM_HighBit, 7), "high bit", where);
    check(dataset.putAndInsertUint16(DCM_PixelRepresentation, 0), "pixel representation", where);
    // The palette no longer applies to RGB samples.
    for (const DcmTagKey& tag :
         {DCM_RedPaletteColorLookupTableDescriptor, DCM_GreenPaletteColorLookupTableDescriptor,
          DCM_BluePaletteColorLookupTableDescriptor, DCM_RedPaletteColorLookupTableData,
          DCM_GreenPaletteColorLookupTableData, DCM_BluePaletteColorLookupTableData, DCM_PaletteColorLookupTableUID,
          DCM_SegmentedRedPaletteColorLookupTableData, DCM_SegmentedGreenPaletteColorLookupTableData,
          DCM_SegmentedBluePaletteColorLookupTableData})
      delete dataset.remove(tag);
  }
  image.decompressed = true;
  readGeometry(dataset, image);
}

std::unique_ptr<DcmFileFormat> loadWhole(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::NotFound, "no such file", path.string());
  bridge::DicomFile file = bridge::DicomFile::open(path, bridge::ReadDepth::Everything);
  file.throwIfFailed();
  return file.releaseFormat();
}

std::size_t bytesPerFrame(const NativePixels& image) {
  const std::size_t pixels = static_cast<std::size_t>(image.rows) * image.columns;
  if (image.photometric == "YBR_FULL_422" || image.photometric == "YBR_PARTIAL_422") return pixels * 2;
  return pixels * static_cast<std::size_t>(image.samples) * static_cast<std::size_t>(image.bits_allocated / 8);
}

// Stored value of a monochrome sample (shifted, masked, sign-extended).
long long storedValue(unsigned long raw, const NativePixels& image) {
  const int shift = image.high_bit + 1 - image.bits_stored;
  const unsigned long mask = (1UL << image.bits_stored) - 1;
  long long value = static_cast<long long>((raw >> shift) & mask);
  if (image.is_signed && (value >> (image.bits_stored - 1)) != 0) value -= (1LL << image.bits_stored);
  return value;
}

unsigned long withStoredValue(unsigned long raw, long long value, const NativePixels& image) {
  const int shift = image.high_bit + 1 - image.bits_stored;
  const unsigned long mask = ((1UL << image.bits_stored) - 1) << shift;
  return (raw & ~mask) | ((static_cast<unsigned long>(value) << shift) & mask);
}

template <typename T>
std::size_t blackOutMonochrome(T* frame_data, const NativePixels& image, const PixelBox& box) {
  const std::size_t pixels = static_cast<std::size_t>(image.rows) * image.columns;
  // The frame's own darkest stored value: black under any window, and the value range (which
  // viewers use for automatic windows) stays as it was.
  const bool inverted = image.photometric == "MONOCHROME1";
  long long black = storedValue(frame_data[0], image);
  for (std::size_t i = 1; i < pixels; ++i) {
    const long long v = storedValue(frame_data[i], image);
    black = inverted ? std::max(black, v) : std::min(black, v);
  }
  std::size_t count = 0;
  for (int y = box.y; y < box.y + box.height; ++y) {
    T* row = frame_data + static_cast<std::size_t>(y) * image.columns;
    for (int x = box.x; x < box.x + box.width; ++x, ++count) row[x] = static_cast<T>(withStoredValue(row[x], black, image));
  }
  return count;
}

std::size_t blackOutColour(Uint8* frame_data, const NativePixels& image, const PixelBox& box) {
  const bool ybr = image.photometric.rfind("YBR_", 0) == 0;
  const Uint8 luma_black = image.photometric == "YBR_PARTIAL_422" || image.photometric == "YBR_PARTIAL_420" ? 16 : 0;
  const Uint8 black[3] = {ybr ? luma_black : Uint8{0}, ybr ? Uint8{128} : Uint8{0}, ybr ? Uint8{128} : Uint8{0}};
  const std::size_t pixels = static_cast<std::size_t>(image.rows) * image.columns;
  std::size_t count = 0;
  const bool subsampled = image.photometric == "YBR_FULL_422" || image.photometric == "YBR_PARTIAL_422";
  for (int y = box.y; y < box.y + box.height; ++y) {
    for (int x = box.x; x < box.x + box.width; ++x, ++count) {
      const std::size_t pixel = static_cast<std::size_t>(y) * image.columns + x;
      if (subsampled) {
        // Two pixels share Y0 Y1 Cb Cr.
        Uint8* pair = frame_data + (pixel / 2) * 4;
        pair[pixel % 2] = black[0];
        pair[2] = black[1];
        pair[3] = black[2];
      } else if (image.planar == 1) {
        for (int s = 0; s < 3; ++s) frame_data[static_cast<std::size_t>(s) * pixels + pixel] = black[s];
      } else {
        for (int s = 0; s < 3; ++s) frame_data[pixel * 3 + static_cast<std::size_t>(s)] = black[s];
      }
    }
  }
  return count;
}

}  // namespace

NativePixels loadNative(const std::filesystem::path& path) {
  const std::string where = path.string();
  NativePixels image;
  image.file = loadWhole(path);
  DcmDataset& dataset = *image.file->getDataset();
  if (!dataset.tagExists(DCM_PixelData)) throw Error(ErrorCode::Unsupported, "no pixel data", where);
  image.input_syntax = bridge::getString(*image.file->getMetaInfo(), DCM_TransferSyntaxUID);
  if (image.input_syntax.empty()) {
    const char* uid = DcmXfer(dataset.getOriginalXfer()).getXferID();
    image.input_syntax = uid ? uid : "";
  }
  if (!canDecodeTransferSyntax(image.input_syntax))
    throw Error(ErrorCode::Unsupported, "cannot decode " + syntaxName(image.input_syntax), where);
  readGeometry(dataset, image);
  if (image.rows <= 0 || image.columns <= 0) throw Error(ErrorCode::Corrupt, "image has no size", where);

  const bool encapsulated = DcmXfer(dataset.getOriginalXfer()).isEncapsulated();
  if (encapsulated && decodedByPixelsModule(image.input_syntax, image.bits_stored)) {
    rebuildFromDecodedFrames(path, image);
  } else if (encapsulated) {
    if (dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() || !dataset.canWriteXfer(EXS_LittleEndianExplicit))
      throw Error(ErrorCode::Corrupt, "cannot decompress " + syntaxName(image.input_syntax), where);
    image.decompressed = true;
    readGeometry(dataset, image);  // decoders may change the colour model (YBR -> RGB)
  }
  if (image.photometric == "PALETTE COLOR") rebuildFromDecodedFrames(path, image);

  const bool monochrome = image.photometric == "MONOCHROME1" || image.photometric == "MONOCHROME2";
  const bool colour = image.samples == 3 && image.bits_allocated == 8 &&
                      (image.photometric == "RGB" || image.photometric == "YBR_FULL" ||
                       image.photometric == "YBR_FULL_422" || image.photometric == "YBR_PARTIAL_422");
  if (!(monochrome && image.samples == 1 && (image.bits_allocated == 8 || image.bits_allocated == 16)) && !colour)
    throw Error(ErrorCode::Unsupported,
                "cannot redact " + image.photometric + " with " + std::to_string(image.bits_allocated) + " bits allocated",
                where);
  if (image.bits_stored < 1 || image.bits_stored > image.bits_allocated || image.high_bit < image.bits_stored - 1 ||
      image.high_bit >= image.bits_allocated)
    throw Error(ErrorCode::Corrupt, "inconsistent Bits Stored / High Bit", where);

  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
    throw Error(ErrorCode::Corrupt, "no pixel data", where);
  if (static_cast<std::size_t>(element->getLength()) < bytesPerFrame(image) * static_cast<std::size_t>(image.frames))
    throw Error(ErrorCode::Truncated, "pixel data shorter than the image", where);
  return image;
}

std::size_t blackOut(NativePixels& image, int frame, const PixelBox& box, std::size_t* changed) {
  DcmDataset& dataset = *image.file->getDataset();
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
    throw Error(ErrorCode::Internal, "pixel data vanished");
  const std::size_t frame_bytes = bytesPerFrame(image);
  const std::size_t offset = frame_bytes * static_cast<std::size_t>(frame);
  Uint8* bytes = nullptr;
  if (element->getUint8Array(bytes).bad() || bytes == nullptr) throw Error(ErrorCode::Internal, "cannot access pixel data");
  // The frame as it was, to count the samples that really changed (a box over black changes none).
  std::vector<Uint8> before;
  if (changed != nullptr) before.assign(bytes + offset, bytes + offset + frame_bytes);
  std::size_t count = 0;
  if (image.bits_allocated == 16) {
    Uint16* data = nullptr;
    if (element->getUint16Array(data).bad() || data == nullptr) throw Error(ErrorCode::Internal, "cannot access pixel data");
    count = blackOutMonochrome(data + offset / 2, image, box);
  } else if (image.samples == 1) {
    count = blackOutMonochrome(bytes + offset, image, box);
  } else {
    count = blackOutColour(bytes + offset, image, box);
  }
  if (changed != nullptr) {
    const std::size_t sample = image.bits_allocated == 16 ? 2 : 1;
    for (std::size_t i = 0; i + sample <= frame_bytes; i += sample)
      if (std::memcmp(&before[i], bytes + offset + i, sample) != 0) ++*changed;
  }
  return count;
}

}  // namespace imaging::ocr_detail
