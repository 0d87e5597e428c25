#include "verify_binary.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>

#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

#include "imaging_bridge/identifying_values.h"
#include "verify_jpeg.h"

namespace imaging::workflow {
namespace {

std::string tagText(const DcmTagKey& key) {
  char text[16];
  std::snprintf(text, sizeof text, "(%04X,%04X)", key.getGroup(), key.getElement());
  return text;
}

bool isStandardTag(const DcmTagKey& key) {
  return std::strcmp(DcmTag(key).getTagName(), DcmTag_ERROR_TagName) != 0;
}

// Every even-group element at any depth that the dictionary does not know (group lengths aside).
void findUnknownElements(DcmItem& item, const std::string& prefix, std::vector<BinaryFinding>& out) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* elem = static_cast<DcmElement*>(obj);
    const DcmTagKey key = elem->getTag().getXTag();
    const std::string location = prefix + tagText(key);
    if ((key.getGroup() & 1u) == 0 && key.getElement() != 0x0000 && !isStandardTag(key)) {
      out.push_back({FindingKind::UnknownElement, location,
                     std::string("an attribute the standard's dictionary does not know (VR ") +
                         DcmVR(elem->getTag().getEVR()).getVRName() + ", " + std::to_string(elem->getLength()) +
                         " bytes)"});
      continue;
    }
    if (elem->ident() != EVR_SQ) continue;
    auto& seq = static_cast<DcmSequenceOfItems&>(*elem);
    for (unsigned long i = 0; i < seq.card(); ++i)
      findUnknownElements(*seq.getItem(i), location + "[" + std::to_string(i) + "].", out);
  }
}

// Burned In Annotation as text whatever its VR (UN bytes, NUL or space padding, lower case).
bool saysBurnedIn(DcmDataset& dataset) {
  DcmElement* elem = nullptr;
  if (dataset.findAndGetElement(DCM_BurnedInAnnotation, elem, OFFalse).bad() || elem == nullptr) return false;
  if (elem->getLength() > 64) return false;
  std::string text;
  if (bridge::isStringVr(elem->ident())) {
    OFString value;
    if (elem->getOFStringArray(value, OFFalse).bad()) return false;
    text.assign(value.c_str(), value.length());
  } else {
    text = bridge::rawText(*elem);
  }
  std::string word;
  for (char c : text)
    if (static_cast<unsigned char>(c) > ' ') word += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return word == "YES";
}

template <class Word>
std::size_t samplesWithHiddenBits(const Uint8* bytes, std::size_t n, unsigned stored, unsigned high, bool is_signed) {
  constexpr std::size_t size = sizeof(Word);
  const Word mask = static_cast<Word>(((std::uint64_t{1} << stored) - 1) << (high + 1 - stored));
  const bool extend = is_signed && high + 1 == stored;
  const Word sign = static_cast<Word>(Word{1} << high);
  std::size_t count = 0;
  for (std::size_t i = 0; i + size <= n; i += size) {
    Word v = 0;
    for (std::size_t k = 0; k < size; ++k) v = static_cast<Word>(v | Word{bytes[i + k]} << (8 * k));
    const Word outside = static_cast<Word>(v & static_cast<Word>(~mask));
    // A signed value may carry its sign in the bits above High Bit (what most writers do).
    const Word allowed = extend && (v & sign) != 0 ? static_cast<Word>(~mask) : Word{0};
    count += outside != allowed;
  }
  return count;
}

// Whether DCMTK's RLE decoder can be given this frame: segment offsets inside it, in order (it reads
// past the fragment otherwise).
bool rleHeaderSound(const Uint8* b, unsigned long n) {
  if (n < 64) return false;
  auto at = [b](unsigned long i) {
    return static_cast<unsigned long>(b[i]) | static_cast<unsigned long>(b[i + 1]) << 8 |
           static_cast<unsigned long>(b[i + 2]) << 16 | static_cast<unsigned long>(b[i + 3]) << 24;
  };
  const unsigned long segments = at(0);
  if (segments == 0 || segments > 15) return false;
  unsigned long previous = 63;
  for (unsigned long k = 0; k < segments; ++k) {
    const unsigned long offset = at(4 + 4 * k);
    if (offset <= previous || offset >= n) return false;
    previous = offset;
  }
  return true;
}

// Compressed frames. RLE: DCMTK's codec decodes them (after a look at each header) into a native
// copy beside the original, which is counted and dropped again. JPEG, JPEG-LS, JPEG 2000 and HTJ2K
// are not decoded here (DCMTK 3.6.7 has no JPEG 2000 codec, and its JPEG-LS codec corrupts memory on
// a codestream deeper than Bits Stored); a header coding more bits than Bits Stored is what ordinary
// lossless encoders write for 12-bit images, so it is no finding (docs/hardening.md, left).
std::size_t hiddenCompressedBits(DcmDataset& dataset, DcmPixelData& pixels,
                                 const std::function<std::size_t(const Uint8*, std::size_t)>& count) {
  E_TransferSyntax xfer = EXS_Unknown;
  const DcmRepresentationParameter* parameters = nullptr;
  pixels.getOriginalRepresentationKey(xfer, parameters);
  DcmPixelSequence* sequence = nullptr;
  if (pixels.getEncapsulatedRepresentation(xfer, parameters, sequence).bad() || sequence == nullptr) return 0;
  const bool rle = xfer == EXS_RLELossless;
  std::size_t frames = 0;
  for (unsigned long i = 1; i < sequence->card(); ++i) {
    DcmPixelItem* item = nullptr;
    Uint8* b = nullptr;
    if (sequence->getItem(item, i).bad() || item == nullptr || item->getUint8Array(b).bad() || b == nullptr) continue;
    const unsigned long n = item->getLength();
    if (rle) frames += rleHeaderSound(b, n) ? 0 : 1;
  }
  if (!rle || frames > 0) return frames;
  if (dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()) return 0;
  std::size_t n = 0;
  Uint16* words = nullptr;
  Uint8* bytes = nullptr;
  if (pixels.getTag().getEVR() == EVR_OW && pixels.getUint16Array(words).good() && words != nullptr)
    n = count(reinterpret_cast<const Uint8*>(words), pixels.getLength());
  else if (pixels.getUint8Array(bytes).good() && bytes != nullptr)
    n = count(bytes, pixels.getLength());
  pixels.removeAllButOriginalRepresentations();
  return n;
}

// Samples with bits set outside Bits Stored / High Bit, native or decoded: where an embedded
// overlay hides.
std::size_t hiddenPixelBits(DcmDataset& dataset) {
  Uint16 allocated = 0, stored = 0, high = 0, representation = 0;
  if (dataset.findAndGetUint16(DCM_BitsAllocated, allocated).bad() ||
      dataset.findAndGetUint16(DCM_BitsStored, stored).bad() || dataset.findAndGetUint16(DCM_HighBit, high).bad())
    return 0;
  dataset.findAndGetUint16(DCM_PixelRepresentation, representation);
  if (allocated != 8 && allocated != 16 && allocated != 32) return 0;
  if (stored == 0 || stored >= allocated || high >= allocated || high + 1 < stored) return 0;
  if (gLocalByteOrder != EBO_LittleEndian) return 0;
  DcmElement* pixels = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, pixels, OFFalse).bad() || pixels == nullptr) return 0;
  const bool is_signed = representation == 1;
  const auto count = [&](const Uint8* bytes, std::size_t length) -> std::size_t {
    switch (allocated) {
      case 8: return samplesWithHiddenBits<std::uint8_t>(bytes, length, stored, high, is_signed);
      case 16: return samplesWithHiddenBits<std::uint16_t>(bytes, length, stored, high, is_signed);
      default: return samplesWithHiddenBits<std::uint32_t>(bytes, length, stored, high, is_signed);
    }
  };
  if (DcmXfer(dataset.getOriginalXfer()).isEncapsulated())
    return hiddenCompressedBits(dataset, static_cast<DcmPixelData&>(*pixels), count);
  const unsigned long length = pixels->getLength();
  if (length == 0 || length == DCM_UndefinedLength) return 0;
  const Uint8* bytes = nullptr;
  if (pixels->getTag().getEVR() == EVR_OW) {
    Uint16* words = nullptr;
    if (pixels->getUint16Array(words).bad()) return 0;
    bytes = reinterpret_cast<const Uint8*>(words);
  } else {
    Uint8* b = nullptr;
    if (pixels->getUint8Array(b).bad()) return 0;
    bytes = b;
  }
  if (bytes == nullptr) return 0;
  return count(bytes, length);
}

// How many bytes more than its declared image the native Pixel Data (or Float / Double Float Pixel
// Data) holds: bytes no viewer shows, where a whole frame with a name can hide. The image's size is
// worked out here, not asked of the engine: Rows x Columns x samples (two per pixel for 4:2:2) x
// bytes per sample (bits for 1-bit data) x Number of Frames, even. 0 when it fits or when the
// header does not say (a missing Rows is not this check's to judge).
std::uint64_t pixelDataSurplus(DcmDataset& dataset, const DcmTagKey& tag, unsigned bytes_per_sample) {
  DcmElement* pixels = nullptr;
  if (dataset.findAndGetElement(tag, pixels, OFFalse).bad() || pixels == nullptr) return 0;
  if (tag == DCM_PixelData && DcmXfer(dataset.getOriginalXfer()).isEncapsulated()) return 0;
  const std::uint64_t length = pixels->getLength();
  if (length == 0 || length == DCM_UndefinedLength) return 0;
  Uint16 rows = 0, columns = 0, allocated = 0, samples = 1;
  dataset.findAndGetUint16(DCM_Rows, rows);
  dataset.findAndGetUint16(DCM_Columns, columns);
  dataset.findAndGetUint16(DCM_BitsAllocated, allocated);
  if (dataset.findAndGetUint16(DCM_SamplesPerPixel, samples).bad()) samples = 1;  // DCMTK leaves 0
  Sint32 frames = 1;
  if (dataset.tagExists(DCM_NumberOfFrames, OFFalse) && dataset.findAndGetSint32(DCM_NumberOfFrames, frames).bad())
    frames = 1;
  OFString photometric;
  dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometric);
  if (rows == 0 || columns == 0 || frames <= 0) return 0;
  if (samples == 3 && (photometric == "YBR_FULL_422" || photometric == "YBR_PARTIAL_422")) samples = 2;
  const double bits_per_sample = bytes_per_sample != 0 ? 8.0 * bytes_per_sample : allocated;
  if (bits_per_sample == 0) return 0;
  // In doubles: no overflow, and exact far beyond any length a file can have.
  const double bits = double(rows) * double(columns) * double(samples) * double(frames) * bits_per_sample;
  double declared = std::ceil(bits / 8.0);
  declared += std::fmod(declared, 2.0);
  return double(length) > declared ? static_cast<std::uint64_t>(double(length) - declared) : 0;
}

std::string frameTextDetail(const FrameTextSpot& spot) {
  char name[8];
  std::snprintf(name, sizeof name, "FF%02X", spot.marker);
  switch (spot.kind) {
    case FrameText::JpegSegment:
      return std::string("a JPEG frame holds ") + (spot.marker == 0xFE ? "a COM" : "an APPn") + " segment (" + name +
             "), which may carry free text or Exif metadata";
    case FrameText::AfterEndOfImage:
      return "a JPEG frame has bytes after its end (EOI) that are neither padding nor an image";
    case FrameText::Jpeg2000Comment:
      return "a JPEG 2000 header holds a comment (FF64) with text";
    case FrameText::None: break;
  }
  return {};
}

// Every frame of encapsulated pixel data, whatever the transfer syntax says, read for places that
// can carry free text or Exif (a name, an ID, a date). A frame starts at a fragment that starts
// with SOI or with SOC and SIZ, and takes in the fragments after it up to the next such one.
void findJpegComments(DcmDataset& dataset, std::vector<BinaryFinding>& out) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element, OFFalse).bad() || element == nullptr) return;
  auto& pixels = static_cast<DcmPixelData&>(*element);
  E_TransferSyntax xfer = EXS_Unknown;
  const DcmRepresentationParameter* parameters = nullptr;
  pixels.getOriginalRepresentationKey(xfer, parameters);
  DcmPixelSequence* sequence = nullptr;
  if (!DcmXfer(xfer).isEncapsulated() || pixels.getEncapsulatedRepresentation(xfer, parameters, sequence).bad() ||
      sequence == nullptr)
    return;
  std::string frame;  // the frame being joined; empty outside a JPEG or JPEG 2000 frame (video)
  unsigned long frame_first = 0;
  const auto check = [&]() {
    const FrameTextSpot spot = findFrameText(frame);
    if (spot.kind != FrameText::None)
      out.push_back({FindingKind::JpegComment, tagText(DCM_PixelData) + " fragment " + std::to_string(frame_first),
                     frameTextDetail(spot)});
    frame.clear();
  };
  for (unsigned long i = 1; i < sequence->card(); ++i) {
    DcmPixelItem* item = nullptr;
    Uint8* bytes = nullptr;
    if (sequence->getItem(item, i).bad() || item == nullptr) continue;
    const unsigned long length = item->getLength();
    if (length > 0 && (item->getUint8Array(bytes).bad() || bytes == nullptr)) continue;
    const bool starts = length >= 4 && bytes[0] == 0xFF &&
                        (bytes[1] == 0xD8 || (bytes[1] == 0x4F && bytes[2] == 0xFF && bytes[3] == 0x51));
    if (starts) {
      if (!frame.empty()) check();
      frame_first = i;
    }
    if (starts || !frame.empty()) frame.append(reinterpret_cast<const char*>(bytes), length);
  }
  if (!frame.empty()) check();
}

}  // namespace

std::vector<BinaryFinding> checkBinaryContent(DcmDataset& dataset, bool clean_pixels) {
  std::vector<BinaryFinding> findings;
  findUnknownElements(dataset, "", findings);
  if (!clean_pixels && saysBurnedIn(dataset))
    findings.push_back({FindingKind::BurnedInAnnotation, tagText(DCM_BurnedInAnnotation),
                        "Burned In Annotation is YES: the pixels may show identifying text"});
  findJpegComments(dataset, findings);  // before the hidden-bits check decodes the frames
  if (const std::size_t n = hiddenPixelBits(dataset); n > 0)
    findings.push_back({FindingKind::HiddenPixelBits, tagText(DCM_PixelData),
                        std::to_string(n) + " sample(s) (or compressed frames coding more bits than Bits Stored) "
                        "with bits set outside Bits Stored / High Bit (where an embedded overlay is drawn)"});
  const std::pair<DcmTagKey, unsigned> pixel_elements[] = {
      {DCM_PixelData, 0}, {DCM_FloatPixelData, 4}, {DCM_DoubleFloatPixelData, 8}};
  for (const auto& [tag, bytes_per_sample] : pixel_elements)
    if (const std::uint64_t extra = pixelDataSurplus(dataset, tag, bytes_per_sample); extra > 0)
      findings.push_back({FindingKind::PixelDataSurplus, tagText(tag),
                          std::to_string(extra) + " byte(s) after the image the header declares (Rows, Columns, "
                          "Samples per Pixel, Bits Allocated, Number of Frames): no viewer shows them"});
  return findings;
}

}  // namespace imaging::workflow
