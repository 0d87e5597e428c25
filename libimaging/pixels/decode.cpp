// Decoding with DCMTK's DicomImage (dcmimgle/dcmimage); JPEG 2000 frames are first decoded with
// OpenJPEG and put back into the in-memory dataset as native pixel data, so that colour models,
// palettes, bit depths and MONOCHROME1 all go through the same DCMTK path.
#include "imaging/pixels/decode.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmimage/diregist.h>  // registers colour support for DicomImage
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmimgle/dipixel.h>

#include <algorithm>
#include <memory>
#include <set>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "dataset_parts.h"
#include "fragments.h"
#include "jpeg2000.h"
#include "own_decoders.h"

namespace imaging {
namespace {

const char* const kJpeg2000Lossless = "1.2.840.10008.1.2.4.90";
const char* const kJpeg2000 = "1.2.840.10008.1.2.4.91";

bool isJpeg2000(const std::string& uid) { return uid == kJpeg2000Lossless || uid == kJpeg2000; }
bool isJpeg(const std::string& uid) {
  return uid == UID_JPEGProcess1TransferSyntax || uid == UID_JPEGProcess2_4TransferSyntax ||
         uid == UID_JPEGProcess14TransferSyntax || uid == UID_JPEGProcess14SV1TransferSyntax;
}
bool isJpegLs(const std::string& uid) { return uid == UID_JPEGLSLosslessTransferSyntax || uid == UID_JPEGLSLossyTransferSyntax; }

// Syntaxes that DCMTK reads natively or through the codecs ensureDcmtkReady() registers.
const std::set<std::string>& dcmtkSyntaxes() {
  static const std::set<std::string> syntaxes = {
      "1.2.840.10008.1.2",        "1.2.840.10008.1.2.1",    "1.2.840.10008.1.2.2",
      "1.2.840.10008.1.2.1.99",   "1.2.840.10008.1.2.5",    "1.2.840.10008.1.2.4.50",
      "1.2.840.10008.1.2.4.51",   "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.55",
      "1.2.840.10008.1.2.4.57",   "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
      "1.2.840.10008.1.2.4.81"};
  return syntaxes;
}

std::string syntaxName(const std::string& uid) {
  const DcmXfer xfer(uid.c_str());
  if (xfer.getXfer() != EXS_Unknown) return xfer.getXferName();
  return uid.empty() ? "unknown transfer syntax" : "transfer syntax " + uid;
}


int numberOfFrames(DcmDataset& dataset) { return std::max(1, bridge::getInt(dataset, DCM_NumberOfFrames, 1)); }

// Replaces the encapsulated JPEG 2000 pixel data of the in-memory dataset by the requested frame,
// decoded, so that DicomImage reads it as a native single-frame image.
void replaceWithDecodedJpeg2000(DcmDataset& dataset, int frame_index, const std::string& path) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
    throw Error(ErrorCode::Unsupported, "no pixel data", path);
  auto* pixel_data = static_cast<DcmPixelData*>(element);
  DcmPixelSequence* sequence = nullptr;
  const E_TransferSyntax xfer = dataset.getOriginalXfer();
  if (pixel_data->getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || sequence == nullptr)
    throw Error(ErrorCode::Corrupt, "JPEG 2000 pixel data is not encapsulated", path);

  const std::vector<Uint8> codestream =
      pixels_detail::frameBytes(*sequence, frame_index, numberOfFrames(dataset), pixels_detail::FrameStart::Jpeg2000, path);
  const pixels_detail::J2kImage image = pixels_detail::decodeJpeg2000(codestream.data(), codestream.size(), path);
  if (image.components != 1 && image.components != 3)
    throw Error(ErrorCode::Unsupported, "JPEG 2000 with " + std::to_string(image.components) + " components", path);

  // The codestream is authoritative for sign and depth (some files disagree with their header).
  const int bits_allocated = image.precision <= 8 ? 8 : 16;
  if (image.precision > 16) throw Error(ErrorCode::Unsupported, "JPEG 2000 deeper than 16 bits", path);
  const std::size_t count = image.samples.size();
  if (bits_allocated == 8) {
    std::vector<Uint8> native(count);
    for (std::size_t i = 0; i < count; ++i) native[i] = static_cast<Uint8>(image.samples[i]);
    dataset.putAndInsertUint8Array(DCM_PixelData, native.data(), static_cast<unsigned long>(count));
  } else {
    std::vector<Uint16> native(count);
    for (std::size_t i = 0; i < count; ++i) native[i] = static_cast<Uint16>(image.samples[i]);
    dataset.putAndInsertUint16Array(DCM_PixelData, native.data(), static_cast<unsigned long>(count));
  }
  dataset.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(image.height));
  dataset.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(image.width));
  dataset.putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(image.components));
  dataset.putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(bits_allocated));
  dataset.putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(image.precision));
  dataset.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(image.precision - 1));
  dataset.putAndInsertUint16(DCM_PixelRepresentation, image.is_signed ? 1 : 0);
  dataset.putAndInsertString(DCM_NumberOfFrames, "1");
  if (image.components == 3) {
    dataset.putAndInsertUint16(DCM_PlanarConfiguration, 0);
    // OpenJPEG undoes the codestream's component transform, so YBR_ICT/YBR_RCT come out as RGB.
    const std::string photometric = bridge::getString(dataset, DCM_PhotometricInterpretation);
    if (photometric == "YBR_ICT" || photometric == "YBR_RCT") dataset.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
  }
}

// DCMTK 3.6.7's RLE decoder trusts the segment offsets of each frame's RLE header and reads out of
// bounds when they point past the data (found by fuzzing). Check the header of every frame first:
// 1..15 segments, first offset 64, offsets increasing and inside the frame's bytes.
void checkRleHeaders(DcmDataset& dataset, const std::string& path) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) return;
  DcmPixelSequence* sequence = nullptr;
  if (static_cast<DcmPixelData*>(element)->getEncapsulatedRepresentation(EXS_RLELossless, nullptr, sequence).bad() ||
      sequence == nullptr)
    throw Error(ErrorCode::Corrupt, "RLE pixel data is not encapsulated", path);
  const int frames = numberOfFrames(dataset);
  for (int f = 0; f < frames; ++f) {
    const std::vector<Uint8> bytes = pixels_detail::frameBytes(*sequence, f, frames, pixels_detail::FrameStart::Jpeg, path);
    if (bytes.size() < 64) throw Error(ErrorCode::Corrupt, "RLE frame shorter than its header", path);
    auto word = [&](std::size_t i) {
      return static_cast<Uint32>(bytes[4 * i]) | static_cast<Uint32>(bytes[4 * i + 1]) << 8 |
             static_cast<Uint32>(bytes[4 * i + 2]) << 16 | static_cast<Uint32>(bytes[4 * i + 3]) << 24;
    };
    const Uint32 segments = word(0);
    if (segments < 1 || segments > 15 || word(1) != 64)
      throw Error(ErrorCode::Corrupt, "invalid RLE header in frame " + std::to_string(f + 1), path);
    for (Uint32 s = 1; s <= segments; ++s) {
      const Uint32 offset = word(s);
      if (offset >= bytes.size() || (s > 1 && offset <= word(s - 1)))
        throw Error(ErrorCode::Corrupt, "RLE segment offset outside frame " + std::to_string(f + 1), path);
    }
  }
}

std::vector<WindowPreset> windowPresets(DcmDataset& dataset) {
  std::vector<WindowPreset> presets;
  for (unsigned long i = 0;; ++i) {
    Float64 center = 0, width = 0;
    if (dataset.findAndGetFloat64(DCM_WindowCenter, center, i).bad() ||
        dataset.findAndGetFloat64(DCM_WindowWidth, width, i).bad())
      break;
    if (width < 1) continue;  // invalid per PS3.3 C.11.2.1.2
    OFString explanation;
    dataset.findAndGetOFString(DCM_WindowCenterWidthExplanation, explanation, i);
    presets.push_back({{center, width}, explanation.c_str(), nullptr});
  }
  return presets;
}

template <typename T>
void copyValues(const void* data, std::size_t count, double slope, double intercept, std::vector<float>& out) {
  const T* source = static_cast<const T*>(data);
  out.resize(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<float>(source[i] * slope + intercept);
}

void readMonochrome(const DicomImage& image, double slope, double intercept, Frame& frame, const std::string& path) {
  const DiPixel* inter = image.getInterData();
  if (inter == nullptr || inter->getData() == nullptr) throw Error(ErrorCode::Corrupt, "no pixel values", path);
  const std::size_t count = static_cast<std::size_t>(frame.width) * frame.height;
  if (inter->getCount() < count) throw Error(ErrorCode::Truncated, "pixel data shorter than the image", path);
  switch (inter->getRepresentation()) {
    case EPR_Uint8: copyValues<Uint8>(inter->getData(), count, slope, intercept, frame.values); break;
    case EPR_Sint8: copyValues<Sint8>(inter->getData(), count, slope, intercept, frame.values); break;
    case EPR_Uint16: copyValues<Uint16>(inter->getData(), count, slope, intercept, frame.values); break;
    case EPR_Sint16: copyValues<Sint16>(inter->getData(), count, slope, intercept, frame.values); break;
    case EPR_Uint32: copyValues<Uint32>(inter->getData(), count, slope, intercept, frame.values); break;
    case EPR_Sint32: copyValues<Sint32>(inter->getData(), count, slope, intercept, frame.values); break;
  }
}

void readColour(DicomImage& image, Frame& frame, const std::string& path) {
  const std::size_t count = static_cast<std::size_t>(frame.width) * frame.height * 3;
  const void* data = image.getOutputData(8, 0, 0);  // 8 bits, first loaded frame, interleaved RGB
  if (data == nullptr) throw Error(ErrorCode::Corrupt, "colour conversion failed", path);
  const auto* rgb = static_cast<const Uint8*>(data);
  frame.values.assign(rgb, rgb + count);
}

ErrorCode codeFor(EI_Status status) {
  switch (status) {
    case EIS_NotSupportedValue: return ErrorCode::Unsupported;
    case EIS_MemoryFailure: return ErrorCode::Internal;
    default: return ErrorCode::Corrupt;
  }
}

}  // namespace

std::unique_ptr<DcmFileFormat> pixels_detail::loadLazily(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::NotFound, "no such file", path.string());
  // Large elements (pixel data) stay on disk until a frame is asked for.
  bridge::DicomFile file = bridge::DicomFile::open(path, bridge::ReadDepth::LazyValues);
  file.throwIfFailed();
  return file.releaseFormat();
}

bool canDecodeTransferSyntax(const std::string& uid) { return isJpeg2000(uid) || dcmtkSyntaxes().count(uid) > 0; }

int frameCount(const std::filesystem::path& path) {
  auto file = pixels_detail::loadLazily(path);
  return numberOfFrames(*file->getDataset());
}

Frame decodeFrame(const std::filesystem::path& path, int frame_index) {
  const std::string where = path.string();
  auto file = pixels_detail::loadLazily(path);
  DcmDataset& dataset = *file->getDataset();
  const bool float_pixels = !dataset.tagExists(DCM_PixelData) && pixels_detail::hasFloatPixelData(dataset);
  if (!dataset.tagExists(DCM_PixelData) && !float_pixels) throw Error(ErrorCode::Unsupported, "no pixel data", where);

  const std::string syntax = pixels_detail::transferSyntaxOf(*file);
  if (!canDecodeTransferSyntax(syntax)) throw Error(ErrorCode::Unsupported, "cannot decode " + syntaxName(syntax), where);

  Frame frame;
  frame.frame_count = numberOfFrames(dataset);
  if (frame_index < 0 || frame_index >= frame.frame_count)
    throw Error(ErrorCode::InvalidArgument,
                "frame " + std::to_string(frame_index + 1) + " requested, the file has " + std::to_string(frame.frame_count),
                where);
  frame.frame_index = frame_index;
  frame.photometric = bridge::getString(dataset, DCM_PhotometricInterpretation);
  frame.presets = windowPresets(dataset);
  for (auto& preset : pixels_detail::voiLutPresets(dataset)) frame.presets.push_back(std::move(preset));
  if (float_pixels) {
    pixels_detail::decodeFloatFrame(dataset, frame_index, frame, where);
    return frame;
  }

  // Rescale is applied here in floating point: DCMTK's own modality transform rounds to integers,
  // which loses fractional slopes (PET, some MR). A modality LUT sequence is left to DCMTK.
  unsigned long flags = CIF_UsePartialAccessToPixelData;
  const bool has_modality_lut = dataset.tagExists(DCM_ModalityLUTSequence);
  if (!has_modality_lut) {
    Float64 slope = 1.0, intercept = 0.0;
    if (dataset.findAndGetFloat64(DCM_RescaleSlope, slope).good() && slope != 0.0) frame.rescale_slope = slope;
    if (dataset.findAndGetFloat64(DCM_RescaleIntercept, intercept).good()) frame.rescale_intercept = intercept;
    flags |= CIF_IgnoreModalityTransformation;
  }

  E_TransferSyntax xfer = dataset.getOriginalXfer();
  const bool native_pixels = !DcmXfer(xfer).isEncapsulated();
  unsigned long first = static_cast<unsigned long>(frame_index);
  if (isJpeg2000(syntax) || isJpegLs(syntax)) {
    if (isJpeg2000(syntax)) replaceWithDecodedJpeg2000(dataset, frame_index, where);
    else pixels_detail::replaceWithDecodedJpegLs(dataset, frame_index, where);
    xfer = EXS_LittleEndianExplicit;
    first = 0;
  } else if (isJpeg(syntax) && pixels_detail::isolateJpegFrame(dataset, frame_index, where)) {
    first = 0;
  }

  // Before DicomImage, which may take over the pixel data that embedded overlays live in.
  std::vector<std::uint8_t> overlay = pixels_detail::decodeOverlays(
      dataset, frame_index, bridge::getInt(dataset, DCM_Columns, 0), bridge::getInt(dataset, DCM_Rows, 0), native_pixels);
  if (pixels_detail::isWidePixelData(dataset)) {
    if (syntax == UID_RLELosslessTransferSyntax) checkRleHeaders(dataset, where);
    pixels_detail::decodeWideFrame(dataset, !DcmXfer(xfer).isLittleEndian(), DcmXfer(xfer).isEncapsulated(), frame_index,
                                   frame, where);
    frame.overlay = std::move(overlay);
    return frame;
  }
  pixels_detail::expandSegmentedPalettes(dataset, where);
  if (syntax == UID_RLELosslessTransferSyntax) checkRleHeaders(dataset, where);
  DicomImage image(&dataset, xfer, flags, first, 1);
  if (image.getStatus() != EIS_Normal)
    throw Error(codeFor(image.getStatus()), std::string("cannot decode pixels: ") + DicomImage::getString(image.getStatus()),
                where);
  frame.width = static_cast<int>(image.getWidth());
  frame.height = static_cast<int>(image.getHeight());
  if (frame.width <= 0 || frame.height <= 0) throw Error(ErrorCode::Corrupt, "image has no size", where);

  if (image.isMonochrome()) {
    frame.samples_per_pixel = 1;
    frame.monochrome1 = frame.photometric == "MONOCHROME1";
    readMonochrome(image, frame.rescale_slope, frame.rescale_intercept, frame, where);
  } else {
    frame.samples_per_pixel = 3;
    frame.rescale_slope = 1.0;
    frame.rescale_intercept = 0.0;
    frame.presets.clear();
    readColour(image, frame, where);
  }
  frame.overlay = std::move(overlay);
  return frame;
}

}  // namespace imaging
