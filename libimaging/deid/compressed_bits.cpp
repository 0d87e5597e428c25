// See compressed_bits.h.
#include "compressed_bits.h"

#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace imaging::deid {
namespace {

// Inflates one deflated frame (raw deflate, RFC 1951; a zlib header is accepted too) chunk by chunk
// and reports whether any sample has a bit outside the stored range; `failed` when it does not inflate.
bool inflatedFrameHasHiddenBits(const std::string& frame, const SampleBits& bits, bool& failed) {
  failed = false;
  thread_local std::vector<char> out(256 << 10);  // a multiple of every sample size: checks start on a sample
  for (const int window : {-15, 15}) {
    z_stream z{};
    if (inflateInit2(&z, window) != Z_OK) break;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(frame.data()));
    z.avail_in = static_cast<uInt>(frame.size());
    std::size_t fill = 0;
    int status = Z_OK;
    bool found = false;
    while (!found) {
      z.next_out = reinterpret_cast<Bytef*>(out.data() + fill);
      z.avail_out = static_cast<uInt>(out.size() - fill);
      status = inflate(&z, Z_NO_FLUSH);
      fill = out.size() - z.avail_out;
      if (status != Z_OK && status != Z_STREAM_END) break;
      if (fill == out.size() || status == Z_STREAM_END) {
        found = anyBitsOutsideStored(out.data(), fill, bits);
        fill = 0;
      }
      if (status == Z_STREAM_END) break;
    }
    inflateEnd(&z);
    if (found) return true;
    if (status == Z_STREAM_END) return false;
  }
  failed = true;
  return false;
}

// Calls fn(offset, length) for each fragment after the Basic Offset Table, while fn returns true.
template <class Fn>
void forEachFragment(const InputFile& input, const HeaderResult& pixels, Fn fn) {
  std::uint64_t pos = pixels.value_begin;
  bool table = true;
  while (pos + 8 <= pixels.end) {
    unsigned char h[8];
    if (input.read(h, 8, pos) != 8) return;
    const std::uint32_t element = static_cast<std::uint32_t>(h[2]) | static_cast<std::uint32_t>(h[3]) << 8;
    const std::uint64_t length = static_cast<std::uint64_t>(h[4]) | static_cast<std::uint64_t>(h[5]) << 8 |
                                 static_cast<std::uint64_t>(h[6]) << 16 | static_cast<std::uint64_t>(h[7]) << 24;
    if (element == 0xE0DDu) return;
    const std::uint64_t at = pos + 8;
    pos = at + length;
    if (table) {
      table = false;
      continue;
    }
    if (!fn(at, length)) return;
  }
}

// One RLE frame: Clean when its most significant byte planes (unpacked here, not by DCMTK) have no
// bit outside the stored range, MayHide when they have, Unsure when its header is not one DCMTK's
// decoder can be trusted with (it reads past a fragment for a bad offset: hardening.md F3).
FrameVerdict judgeRleFrame(const unsigned char* frame, std::size_t size, const SampleBits& bits) {
  const auto le32 = [&](std::size_t at) {
    return static_cast<std::uint32_t>(frame[at]) | static_cast<std::uint32_t>(frame[at + 1]) << 8 |
           static_cast<std::uint32_t>(frame[at + 2]) << 16 | static_cast<std::uint32_t>(frame[at + 3]) << 24;
  };
  const unsigned bytes_per_sample = bits.allocated / 8;
  if (size < 64 || bytes_per_sample == 0) return FrameVerdict::Unsure;
  const std::uint32_t segments = le32(0);
  if (segments == 0 || segments > 15 || segments % bytes_per_sample != 0) return FrameVerdict::Unsure;
  for (std::uint32_t seg = 0; seg < segments; ++seg) {
    const std::uint64_t begin = le32(4 + 4 * seg);
    const std::uint64_t end = seg + 1 < segments ? le32(8 + 4 * seg) : size;
    if (begin < 64 || begin >= end || end > size) return FrameVerdict::Unsure;
  }
  if (bits.is_signed && bits.high + 1 == bits.stored) return FrameVerdict::MayHide;  // sign extension: decode
  const std::uint64_t ones = (std::uint64_t{1} << bits.stored) - 1;
  const std::uint64_t outside = ~(ones << (bits.high + 1 - bits.stored));
  for (std::uint32_t seg = 0; seg < segments; ++seg) {
    // Segment k of a sample holds byte (bytes_per_sample - 1 - k % bytes_per_sample): MSB first.
    const unsigned byte = bytes_per_sample - 1 - seg % bytes_per_sample;
    const auto mask = static_cast<unsigned char>((outside >> (8 * byte)) & 0xFF);
    if (mask == 0) continue;
    const std::uint64_t begin = le32(4 + 4 * seg);
    const std::uint64_t end = seg + 1 < segments ? le32(8 + 4 * seg) : size;
    // PackBits: n < 128 copies n + 1 bytes, n > 128 repeats the next byte 257 - n times, 128 is nothing.
    for (std::uint64_t i = begin; i < end;) {
      const unsigned char n = frame[i++];
      if (n < 128) {
        for (std::uint64_t k = 0; k <= n && i < end; ++k, ++i)
          if (frame[i] & mask) return FrameVerdict::MayHide;
      } else if (n > 128) {
        if (i >= end) break;
        if (frame[i++] & mask) return FrameVerdict::MayHide;
      }
    }
  }
  return FrameVerdict::Clean;
}

}  // namespace

FrameVerdict judgeRleFrames(const InputFile& input, const HeaderResult& pixels, const SampleBits& bits) {
  FrameVerdict verdict = FrameVerdict::Clean;
  forEachFragment(input, pixels, [&](std::uint64_t at, std::uint64_t length) {
    std::string bytes(static_cast<std::size_t>(length), '\0');
    if (input.read(bytes.data(), bytes.size(), at) != static_cast<long>(bytes.size())) {
      verdict = FrameVerdict::Unsure;
      return false;
    }
    const FrameVerdict v = judgeRleFrame(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), bits);
    if (v != FrameVerdict::Clean) verdict = v;
    return verdict != FrameVerdict::Unsure;
  });
  return verdict;
}

CompressedBitsResult checkStreamedFrames(const InputFile& input, const HeaderResult& pixels, CompressedBitsRoute route,
                                         const SampleBits& bits, std::string& reason) {
  if (route == CompressedBitsRoute::None) return CompressedBitsResult::Unchanged;
  if (route == CompressedBitsRoute::DecodeWithDcmtk) {  // sent to the full load by locatePixelData
    reason = "the compressed frames were not loaded to be decoded";
    return CompressedBitsResult::Unchecked;
  }
  CompressedBitsResult result = CompressedBitsResult::Unchanged;
  forEachFragment(input, pixels, [&](std::uint64_t at, std::uint64_t length) {
    std::string frame(static_cast<std::size_t>(length), '\0');
    if (input.read(frame.data(), frame.size(), at) != static_cast<long>(frame.size())) return false;
    // A frame that does not inflate is no image any reader shows; it is copied, like other
    // frames nothing here can decode.
    bool failed = false;
    if (inflatedFrameHasHiddenBits(frame, bits, failed)) {
      reason = "a deflated frame has bits set outside Bits Stored / High Bit (an embedded overlay); writing it "
               "again without them is not done for this transfer syntax";
      result = CompressedBitsResult::Unchecked;
    }
    return result == CompressedBitsResult::Unchanged;
  });
  return result;
}

CompressedBitsRoute compressedBitsRoute(const std::string& uid, bool encapsulated, const SampleBits& bits) {
  if (!encapsulated || !bits.hasUnusedBits()) return CompressedBitsRoute::None;
  if (uid == "1.2.840.10008.1.2.5") return CompressedBitsRoute::DecodeWithDcmtk;
  // JPEG, JPEG-LS and JPEG 2000 frames are copied unread (2026-12-06, at merge): refusing those that
  // code more bits than Bits Stored refused ordinary lossless exports (DCMTK's dcmcjpeg, dcmcjpls and
  // GDCM's gdcmconv write 16-bit precision for 12-bit CT and MR), and DCMTK's own JPEG-LS decoder is
  // not safe on them. Checking them needs a decoder that survives hostile frames (docs/hardening.md).
  if (uid == "1.2.840.10008.1.2.8.1") return CompressedBitsRoute::InflateFrames;
  return CompressedBitsRoute::None;
}

CompressedBitsResult clearCompressedHiddenBits(DcmDataset& dataset, E_TransferSyntax xfer, CompressedBitsRoute route,
                                               const SampleBits& bits, std::string& reason) {
  if (route == CompressedBitsRoute::None) return CompressedBitsResult::Unchanged;
  if (route == CompressedBitsRoute::InflateFrames) {  // streamed only (checkStreamedFrames)
    reason = "deflated frames are checked only while streamed";
    return CompressedBitsResult::Unchecked;
  }
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element, OFFalse).bad() || element == nullptr)
    return CompressedBitsResult::Unchanged;
  auto& pixels = static_cast<DcmPixelData&>(*element);
  // Each frame judged as on the streamed path; only RLE frames that do hide a bit are decoded.
  {
    DcmPixelSequence* sequence = nullptr;
    if (pixels.getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || sequence == nullptr)
      return CompressedBitsResult::Unchanged;  // native data under a compressed syntax's name
    FrameVerdict verdict = FrameVerdict::Clean;
    for (unsigned long i = 1; i < sequence->card() && verdict != FrameVerdict::Unsure; ++i) {
      DcmPixelItem* item = nullptr;
      Uint8* b = nullptr;
      if (sequence->getItem(item, i).bad() || item == nullptr) continue;
      if (item->getLength() > 0 && (item->getUint8Array(b).bad() || b == nullptr)) {
        verdict = FrameVerdict::Unsure;
        break;
      }
      const FrameVerdict v = b == nullptr ? FrameVerdict::Clean : judgeRleFrame(b, item->getLength(), bits);
      if (v != FrameVerdict::Clean) verdict = v;
    }
    if (verdict == FrameVerdict::Clean) return CompressedBitsResult::Unchanged;
    if (verdict == FrameVerdict::Unsure) {
      reason = "an RLE frame's header cannot be trusted to a decoder, so its bits outside the stored range "
               "cannot be checked";
      return CompressedBitsResult::Unchecked;
    }
  }
  // DCMTK's RLE codec decodes every frame into a native representation kept beside the original;
  // the original is written unless a bit outside the stored range is set.
  const OFCondition decoded = dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
  if (decoded.bad() || !dataset.canWriteXfer(EXS_LittleEndianExplicit)) {
    reason = std::string("the compressed pixel data cannot be decoded to check bits outside the stored range: ") +
             decoded.text();
    return CompressedBitsResult::Unchecked;
  }
  const unsigned long length = pixels.getLength();
  char* bytes = nullptr;
  if (pixels.getTag().getEVR() == EVR_OW || bits.allocated > 8) {
    Uint16* words = nullptr;
    if (pixels.getUint16Array(words).good()) bytes = reinterpret_cast<char*>(words);
  } else {
    Uint8* b = nullptr;
    if (pixels.getUint8Array(b).good()) bytes = reinterpret_cast<char*>(b);
  }
  if (bytes == nullptr || gLocalByteOrder != EBO_LittleEndian) {
    reason = "the decoded pixel data cannot be read";
    return CompressedBitsResult::Unchecked;
  }
  if (!anyBitsOutsideStored(bytes, length, bits)) {
    pixels.removeAllButOriginalRepresentations();
    return CompressedBitsResult::Unchanged;
  }
  keepStoredBits(bytes, length, bits);
  pixels.removeAllButCurrentRepresentations();
  // Native data has no fragments for these to describe.
  dataset.findAndDeleteElement(DCM_ExtendedOffsetTable);
  dataset.findAndDeleteElement(DCM_ExtendedOffsetTableLengths);
  return CompressedBitsResult::Cleared;
}

}  // namespace imaging::deid
