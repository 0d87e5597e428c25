// Header-only reading and raw pixel data appending; see pixel_stream.h. The rules for falling back
// to the full load are listed in docs/deidentification.md ("File and pixel handling").
#include "pixel_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compressed_bits.h"
#include "declared_pixels.h"
#include "imaging_bridge/fd_streams.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>
#include "imaging_bridge/little_endian.h"

namespace imaging::deid {
namespace {

constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;

bool readAt(const bridge::InputFile& file, std::uint64_t offset, void* out, std::size_t size) {
  return file.read(out, size, offset) == static_cast<long>(size);
}

using bridge::le16;
using bridge::le32;

struct ElementHeader {
  std::uint16_t group = 0, element = 0;
  std::uint32_t length = 0;
  std::uint64_t header_size = 0;
  char vr[2] = {0, 0};
};

// Reads a little endian element header at offset (explicit or implicit VR).
bool readElementHeader(const bridge::InputFile& fd, std::uint64_t offset, bool explicit_vr, ElementHeader& h) {
  std::array<unsigned char, 12> b{};
  if (!readAt(fd, offset, b.data(), 8)) return false;
  h.group = le16(&b[0]);
  h.element = le16(&b[2]);
  if (!explicit_vr || h.group == 0xFFFE) {  // items and delimiters never carry a VR
    h.length = le32(&b[4]);
    h.header_size = 8;
    return true;
  }
  h.vr[0] = static_cast<char>(b[4]);
  h.vr[1] = static_cast<char>(b[5]);
  const std::string vr(h.vr, 2);
  if (vr == "OB" || vr == "OW" || vr == "OF" || vr == "OD" || vr == "OL" || vr == "OV" || vr == "SQ" ||
      vr == "UC" || vr == "UN" || vr == "UR" || vr == "UT" || vr == "SV" || vr == "UV") {
    if (!readAt(fd, offset + 8, &b[8], 4)) return false;
    h.length = le32(&b[8]);
    h.header_size = 12;
  } else {
    h.length = le16(&b[6]);
    h.header_size = 8;
  }
  return true;
}

// End of the encapsulated Pixel Data whose fragments start at `offset`, or 0 when the fragments are
// not a clean item list closed by a sequence delimiter.
std::uint64_t endOfFragments(const bridge::InputFile& fd, std::uint64_t offset, std::uint64_t file_size) {
  while (offset + 8 <= file_size) {
    ElementHeader item;
    if (!readElementHeader(fd, offset, false, item)) return 0;
    if (item.group != 0xFFFE) return 0;
    if (item.element == 0xE0DD) return item.length == 0 ? offset + 8 : 0;
    if (item.element != 0xE000 || item.length == kUndefinedLength || (item.length & 1u) != 0) return 0;
    offset += 8 + std::uint64_t{item.length};
  }
  return 0;
}

bool hasTopLevel(DcmDataset& dataset, std::uint16_t group, std::uint16_t element) {
  return dataset.tagExists(DcmTagKey(group, element), OFFalse);
}

}  // namespace

HeaderResult locatePixelData(bridge::DicomFile& opened) {
  HeaderResult result;
  if (!opened.ok() || opened.depth() != bridge::ReadDepth::Header) return result;
  const InputFile& input = opened.input();
  DcmFileFormat& fileformat = opened.format();
  const std::uint64_t stopped_at = opened.stoppedAt();

  DcmDataset& dataset = *fileformat.getDataset();
  const DcmXfer xfer(dataset.getOriginalXfer());
  // A transfer syntax DCMTK does not know: DCMTK parsed the data set by looking at its bytes. Only
  // explicit VR little endian with encapsulated pixel data is understood (every such syntax so far);
  // anything else goes to the full load, where the engine refuses it.
  const std::string declared = bridge::getString(*fileformat.getMetaInfo(), DCM_TransferSyntaxUID);
  const bool foreign = isForeignTransferSyntax(declared);
  if (foreign && xfer.getXfer() != EXS_LittleEndianExplicit) return result;
  if (foreign) result.foreign_transfer_syntax = declared;
  const bool encapsulated = foreign || xfer.isEncapsulated();
  // Deflated data has no byte offsets in the file; big endian (retired) is left to DCMTK; float
  // pixel data comes before (7FE0,0010) and would be a second pixel element.
  if (xfer.getXfer() == EXS_Unknown || xfer.getStreamCompression() != ESC_none || !xfer.isLittleEndian() ||
      hasTopLevel(dataset, 0x7FE0, 0x0008) || hasTopLevel(dataset, 0x7FE0, 0x0009) ||
      hasTopLevel(dataset, 0x7FE0, 0x0010))
    return result;

  const bridge::InputFile& fd = input;
  const std::uint64_t file_size = input.size();
  if (stopped_at > file_size) return result;

  // DCMTK 3.6.7 stops with its stream just after the stop element's tag and length (a putback
  // would leave it at the tag). Either way the offset is verified: the bytes there must be the
  // (7FE0,0010) tag, and its header must end exactly where the stream stopped.
  std::uint64_t start = 0;
  bool found = false;
  for (const std::uint64_t back : {std::uint64_t{0}, std::uint64_t{8}, std::uint64_t{12}}) {
    if (back > stopped_at) break;
    ElementHeader h;
    if (!readElementHeader(fd, stopped_at - back, xfer.isExplicitVR(), h)) continue;
    if (h.group != 0x7FE0 || h.element != 0x0010) continue;
    if (back != 0 && h.header_size != back) continue;
    start = stopped_at - back;
    found = true;
    break;
  }
  if (!found) {
    // No Pixel Data and the stream at the end of the file: the header is the whole file.
    if (stopped_at == file_size) result.kind = HeaderLoad::NoPixelData;
    return result;
  }
  HeaderResult extent = pixelDataExtent(fd, start, xfer.isExplicitVR(), encapsulated);
  extent.foreign_transfer_syntax = std::move(result.foreign_transfer_syntax);
  // RLE and JPEG frames that may hide bits above High Bit are decoded on the full load
  // (compressed_bits.h); JPEG 2000 and deflated frames are checked by the caller while streamed.
  const CompressedBitsRoute bits_route =
      compressedBitsRoute(foreign ? declared : std::string(xfer.getXferID()), encapsulated, sampleBitsOf(dataset));
  if (bits_route == CompressedBitsRoute::DecodeWithDcmtk && extent.kind == HeaderLoad::PixelDataFollows &&
      judgeRleFrames(fd, extent, sampleBitsOf(dataset)) != FrameVerdict::Clean)
    return result;
  // Native samples beyond the declared image are cut (or the file refused) on the full load, which
  // holds the value: rare enough that streaming them is not worth a second way to cut.
  if (extent.kind == HeaderLoad::PixelDataFollows && extent.native &&
      fitNativePixels(pixelLayoutOf(dataset), extent.end - extent.value_begin).fit != PixelFit::Fits)
    return result;
  return extent;
}

HeaderResult pixelDataExtent(const bridge::InputFile& fd, std::uint64_t start, bool explicit_vr, bool encapsulated) {
  HeaderResult result;
  const std::uint64_t file_size = fd.size();
  ElementHeader pixel;
  if (!readElementHeader(fd, start, explicit_vr, pixel) || pixel.group != 0x7FE0 || pixel.element != 0x0010)
    return result;
  if (explicit_vr) {
    const std::string vr(pixel.vr, 2);
    if (vr != "OB" && vr != "OW") return result;
  }
  std::uint64_t end = 0;
  if (pixel.length == kUndefinedLength) {
    // Encapsulated: only in an explicit VR, encapsulated transfer syntax.
    // Encapsulated data must be OB (PS3.5 A.4); DCMTK rewrites a wrong OW, so leave that to it.
    if (!encapsulated || !explicit_vr || std::string(pixel.vr, 2) != "OB") return result;
    end = endOfFragments(fd, start + pixel.header_size, file_size);
    if (end == 0) return result;
  } else {
    if (encapsulated || (pixel.length & 1u) != 0) return result;
    end = start + pixel.header_size + pixel.length;
    if (end > file_size) return result;  // truncated: let the full load report it
  }

  // Nothing may follow except Data Set Trailing Padding (FFFC,FFFC) up to the end of the file,
  // which is dropped.
  if (end != file_size) {
    ElementHeader next;
    if (!readElementHeader(fd, end, explicit_vr, next)) return result;
    if (next.group != 0xFFFC || next.element != 0xFFFC || next.length == kUndefinedLength) return result;
    if (end + next.header_size + next.length != file_size) return result;
  }
  result.kind = HeaderLoad::PixelDataFollows;
  result.begin = start;
  result.end = end;
  result.value_begin = start + pixel.header_size;
  result.native = pixel.length != kUndefinedLength;
  return result;
}

bool isForeignTransferSyntax(const std::string& uid) {
  return !uid.empty() && DcmXfer(uid.c_str()).getXfer() == EXS_Unknown;
}

OFCondition writeFileFormat(DcmFileFormat& fileformat, DcmOutputStream& stream, E_TransferSyntax xfer,
                            const std::string& foreign_transfer_syntax, DcmWriteCache* cache) {
  E_FileWriteMode mode = EWM_createNewMeta;
  if (!foreign_transfer_syntax.empty()) {
    // The meta is made as for explicit VR little endian (the data set's encoding), then names the
    // real transfer syntax; DCMTK must not touch it again while writing.
    xfer = EXS_LittleEndianExplicit;
    OFCondition cond = fileformat.validateMetaInfo(xfer, EWM_createNewMeta);
    DcmMetaInfo& meta = *fileformat.getMetaInfo();
    if (cond.good()) cond = meta.putAndInsertString(DCM_TransferSyntaxUID, foreign_transfer_syntax.c_str());
    if (cond.good())
      cond = meta.computeGroupLengthAndPadding(EGL_withGL, EPD_noChange, EXS_LittleEndianExplicit, EET_ExplicitLength);
    if (cond.bad()) return cond;
    mode = EWM_dontUpdateMeta;
  }
  fileformat.transferInit();
  const OFCondition written =
      fileformat.write(stream, xfer, EET_ExplicitLength, cache, EGL_recalcGL, EPD_noChange, 0, 0, 0, mode);
  fileformat.transferEnd();
  return written;
}

std::string appendRawBytes(int from, std::uint64_t begin, std::uint64_t end, int to, std::uint64_t at) {
  loff_t in_off = static_cast<loff_t>(begin);
  loff_t out_off = static_cast<loff_t>(at);
  std::uint64_t left = end - begin;
  bool kernel_copy = true;
  while (left > 0 && kernel_copy) {
    const ssize_t n = ::copy_file_range(from, &in_off, to, &out_off, left, 0);
    if (n > 0) {
      left -= static_cast<std::uint64_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == ENOSYS || errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP ||
                         errno == EPERM || errno == EBADF)) {
      kernel_copy = false;  // not supported here: plain read/write from where it stopped
    } else if (n == 0) {
      return "input ended before its pixel data did";
    } else {
      return std::string("cannot copy pixel data: ") + std::strerror(errno);
    }
  }
  std::array<char, 1 << 16> buffer{};
  while (left > 0) {
    const std::size_t chunk = left < buffer.size() ? static_cast<std::size_t>(left) : buffer.size();
    const ssize_t n = ::pread(from, buffer.data(), chunk, in_off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return "input ended before its pixel data did";
    std::size_t written = 0;
    while (written < static_cast<std::size_t>(n)) {
      const ssize_t w = ::pwrite(to, buffer.data() + written, static_cast<std::size_t>(n) - written,
                                 out_off + static_cast<off_t>(written));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return std::string("cannot write pixel data: ") + std::strerror(errno);
      written += static_cast<std::size_t>(w);
    }
    in_off += n;
    out_off += n;
    left -= static_cast<std::uint64_t>(n);
  }
  return {};
}

namespace {

// The first bytes of each fragment a header walk reads, so a walk costs one read per frame.
class FragmentWindows {
 public:
  FragmentWindows(const InputFile& input, const std::vector<std::uint64_t>& at, const std::vector<std::uint64_t>& lengths)
      : input_(input), at_(at), lengths_(lengths), windows_(at.size()) {}
  bool read(std::size_t index, std::uint64_t offset, unsigned char* out, std::size_t n) {
    if (offset + n > lengths_[index]) return false;
    std::string& w = windows_[index];
    if (w.empty()) {
      w.resize(static_cast<std::size_t>(std::min<std::uint64_t>(lengths_[index], 64 << 10)));
      if (!readAt(input_, at_[index], w.data(), w.size())) {
        w.clear();
        return false;
      }
    }
    if (offset + n <= w.size()) {
      std::memcpy(out, w.data() + offset, n);
      return true;
    }
    return readAt(input_, at_[index] + offset, out, n);
  }

 private:
  const InputFile& input_;
  const std::vector<std::uint64_t>& at_;
  const std::vector<std::uint64_t>& lengths_;
  std::vector<std::string> windows_;
};

std::string itemHeader(std::uint64_t length) {
  std::string h = {'\xFE', '\xFF', '\x00', '\xE0'};
  for (int k = 0; k < 4; ++k) h += static_cast<char>((length >> (8 * k)) & 0xFF);
  return h;
}

}  // namespace

StreamedRewrite planStreamedJpegStrip(const InputFile& input, const HeaderResult& pixels) {
  StreamedRewrite rewrite;
  if (pixels.kind != HeaderLoad::PixelDataFollows || pixels.native) return rewrite;
  // The items, already checked by endOfFragments: the offset table first, then the fragments.
  ElementHeader table;
  if (!readElementHeader(input, pixels.value_begin, false, table) || table.group != 0xFFFE || table.element != 0xE000) {
    rewrite.result = JpegStripResult::Unsafe;
    rewrite.reason = "the pixel data has no Basic Offset Table item";
    return rewrite;
  }
  std::vector<std::uint32_t> offsets;
  if (table.length % 4 != 0 || table.length > (64u << 20)) {
    rewrite.result = JpegStripResult::Unsafe;
    rewrite.reason = "the Basic Offset Table's length is not a whole number of offsets";
    return rewrite;
  }
  std::string table_bytes(table.length, '\0');
  if (!readAt(input, pixels.value_begin + 8, table_bytes.data(), table_bytes.size())) {
    rewrite.result = JpegStripResult::Unsafe;
    rewrite.reason = "the Basic Offset Table cannot be read";
    return rewrite;
  }
  for (std::size_t i = 0; i < table_bytes.size(); i += 4)
    offsets.push_back(le32(reinterpret_cast<const unsigned char*>(table_bytes.data()) + i));
  std::vector<std::uint64_t> at, lengths;
  std::uint64_t pos = pixels.value_begin + 8 + table.length;
  for (;;) {
    ElementHeader item;
    if (!readElementHeader(input, pos, false, item)) return rewrite;  // checked before: cannot happen
    if (item.element == 0xE0DD) break;
    at.push_back(pos + 8);
    lengths.push_back(item.length);
    pos += 8 + std::uint64_t{item.length};
  }
  FragmentWindows windows(input, at, lengths);
  const JpegStripPlan plan = planJpegStrip(
      lengths, offsets, [&](std::size_t i, std::uint64_t off, unsigned char* out, std::size_t n) {
        return windows.read(i, off, out, n);
      });
  rewrite.result = plan.result;
  rewrite.reason = plan.reason;
  if (plan.result != JpegStripResult::Changed) return rewrite;

  // Element header (undefined length) as it is, a new offset table, the fragments, the delimiter.
  rewrite.pieces.push_back({pixels.begin, pixels.value_begin, {}});
  std::string new_table = itemHeader(table.length);
  for (const std::uint32_t o : plan.offsets)
    for (int k = 0; k < 4; ++k) new_table += static_cast<char>((o >> (8 * k)) & 0xFF);
  rewrite.pieces.push_back({0, 0, new_table});
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    if (plan.fragments[i].empty()) {
      rewrite.pieces.push_back({at[i] - 8, at[i] + lengths[i], {}});
      continue;
    }
    rewrite.pieces.push_back({0, 0, itemHeader(plan.new_lengths[i])});
    for (const FragmentPiece& p : plan.fragments[i]) {
      if (!p.literal.empty()) rewrite.pieces.push_back({0, 0, p.literal});
      else rewrite.pieces.push_back({at[i] + p.begin, at[i] + p.end, {}});
    }
  }
  rewrite.pieces.push_back({pos, pixels.end, {}});
  for (const StreamPiece& p : rewrite.pieces) rewrite.size += p.literal.empty() ? p.end - p.begin : p.literal.size();
  return rewrite;
}

std::string appendPieces(const InputFile& input, const std::vector<StreamPiece>& pieces, int to, std::uint64_t at) {
  for (const StreamPiece& p : pieces) {
    const std::size_t n = p.literal.empty() ? static_cast<std::size_t>(p.end - p.begin) : p.literal.size();
    const char* bytes = p.literal.empty() ? input.headBytes(p.begin, n) : p.literal.data();
    std::string failure;
    if (bytes == nullptr) {
      failure = appendRawBytes(input.fd(), p.begin, p.end, to, at);
    } else {
      for (std::size_t written = 0; written < n && failure.empty();) {
        const ssize_t w = ::pwrite(to, bytes + written, n - written, static_cast<off_t>(at + written));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) failure = std::string("cannot write pixel data: ") + std::strerror(errno);
        else written += static_cast<std::size_t>(w);
      }
    }
    if (!failure.empty()) return failure;
    at += n;
  }
  return {};
}

SampleBits sampleBitsOf(DcmItem& dataset) {
  Uint16 allocated = 0, stored = 0, high = 0, representation = 0;
  SampleBits bits;
  if (dataset.findAndGetUint16(DCM_BitsAllocated, allocated).bad() ||
      dataset.findAndGetUint16(DCM_BitsStored, stored).bad() || dataset.findAndGetUint16(DCM_HighBit, high).bad())
    return bits;  // not a native image module: nothing is masked
  dataset.findAndGetUint16(DCM_PixelRepresentation, representation);
  bits.allocated = allocated;
  bits.stored = stored;
  bits.high = high;
  bits.is_signed = representation == 1;
  return bits;
}

bool SampleBits::hasUnusedBits() const {
  if (allocated != 8 && allocated != 16 && allocated != 32) return false;
  if (stored == 0 || stored > allocated || high >= allocated || high + 1 < stored) return false;
  return stored < allocated;
}

namespace {

template <class Word>
Word fromLittleEndian(Word v) {
  if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ || sizeof(Word) == 1) return v;
  Word out = 0;
  for (std::size_t k = 0; k < sizeof(Word); ++k) out = static_cast<Word>(out << 8 | ((v >> (8 * k)) & 0xFF));
  return out;
}

// One pass, branch-free (the compiler vectorises it): a 512x512 slice costs well under a millisecond.
template <class Word>
void keepStoredBitsOf(char* bytes, std::size_t n, const SampleBits& bits) {
  constexpr std::size_t size = sizeof(Word);
  const std::uint64_t ones = (std::uint64_t{1} << bits.stored) - 1;
  const Word mask = static_cast<Word>(ones << (bits.high + 1 - bits.stored));
  const Word above = bits.is_signed && bits.high + 1 == bits.stored ? static_cast<Word>(~mask) : Word{0};
  const unsigned shift = bits.high;
  for (std::size_t i = 0; i + size <= n; i += size) {
    Word v;
    std::memcpy(&v, bytes + i, size);
    v = fromLittleEndian(v);
    const Word negative = static_cast<Word>(0 - static_cast<Word>((v >> shift) & 1u));  // all ones when the sign is set
    Word out = static_cast<Word>((v & mask) | (above & negative));
    out = fromLittleEndian(out);  // the same swap back
    std::memcpy(bytes + i, &out, size);
  }
}

// Whether any sample has a bit outside `mask`, for layouts without sign extension: the samples are
// OR-ed together 8 bytes at a time (each sample keeps its lanes on a little-endian machine), so the
// check of a whole image is a few instructions per 8 bytes instead of per sample.
template <class Word>
bool anyBitsOutsideMask(const char* bytes, std::size_t n, Word mask) {
  constexpr std::size_t size = sizeof(Word);
  const std::size_t whole = n - n % size;  // a trailing partial sample is left, as keepStoredBits does
  std::uint64_t acc = 0;
  std::size_t i = 0;
  for (; i + 8 <= whole; i += 8) {
    std::uint64_t v;
    std::memcpy(&v, bytes + i, 8);
    acc |= v;
  }
  std::uint64_t outside = 0;
  for (std::size_t lane = 0; lane < 8; lane += size) outside |= std::uint64_t{static_cast<Word>(~mask)} << (8 * lane);
  if ((acc & outside) != 0) return true;
  for (; i + size <= whole; i += size) {
    Word v;
    std::memcpy(&v, bytes + i, size);
    if (static_cast<Word>(v & static_cast<Word>(~mask)) != 0) return true;
  }
  return false;
}

template <class Word>
bool anyBitsOutsideOf(const char* bytes, std::size_t n, const SampleBits& bits) {
  constexpr std::size_t size = sizeof(Word);
  const std::uint64_t ones = (std::uint64_t{1} << bits.stored) - 1;
  const Word mask = static_cast<Word>(ones << (bits.high + 1 - bits.stored));
  const Word above = bits.is_signed && bits.high + 1 == bits.stored ? static_cast<Word>(~mask) : Word{0};
  if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
    if (above == 0) return anyBitsOutsideMask<Word>(bytes, n, mask);
  const unsigned shift = bits.high;
  Word differs = 0;
  for (std::size_t i = 0; i + size <= n; i += size) {
    Word v;
    std::memcpy(&v, bytes + i, size);
    v = fromLittleEndian(v);
    const Word negative = static_cast<Word>(0 - static_cast<Word>((v >> shift) & 1u));
    differs = static_cast<Word>(differs | (v ^ static_cast<Word>((v & mask) | (above & negative))));
  }
  return differs != 0;
}

}  // namespace

bool anyBitsOutsideStored(const char* bytes, std::size_t n, const SampleBits& bits) {
  if (!bits.hasUnusedBits()) return false;
  switch (bits.allocated) {
    case 8: return anyBitsOutsideOf<std::uint8_t>(bytes, n, bits);
    case 16: return anyBitsOutsideOf<std::uint16_t>(bytes, n, bits);
    default: return anyBitsOutsideOf<std::uint32_t>(bytes, n, bits);
  }
}

void keepStoredBits(char* bytes, std::size_t n, const SampleBits& bits) {
  if (!bits.hasUnusedBits()) return;
  switch (bits.allocated) {
    case 8: keepStoredBitsOf<std::uint8_t>(bytes, n, bits); break;
    case 16: keepStoredBitsOf<std::uint16_t>(bytes, n, bits); break;
    default: keepStoredBitsOf<std::uint32_t>(bytes, n, bits); break;
  }
}

std::string appendStoredBits(int from, std::uint64_t begin, std::uint64_t value_begin, std::uint64_t end, int to,
                             std::uint64_t at, const SampleBits& bits) {
  if (std::string failure = appendRawBytes(from, begin, value_begin, to, at); !failure.empty()) return failure;
  at += value_begin - begin;
  // A multiple of every sample size, so each chunk starts on a sample; one per thread, reused (a
  // fresh buffer per file cost more in page faults than the masking itself).
  thread_local std::vector<char> buffer(256 << 10);
  for (std::uint64_t in = value_begin; in < end;) {
    const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), end - in));
    std::size_t got = 0;
    while (got < chunk) {
      const ssize_t n = ::pread(from, buffer.data() + got, chunk - got, static_cast<off_t>(in + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return "input ended before its pixel data did";
      got += static_cast<std::size_t>(n);
    }
    keepStoredBits(buffer.data(), chunk, bits);
    for (std::size_t written = 0; written < chunk;) {
      const ssize_t w = ::pwrite(to, buffer.data() + written, chunk - written, static_cast<off_t>(at + written));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return std::string("cannot write pixel data: ") + std::strerror(errno);
      written += static_cast<std::size_t>(w);
    }
    in += chunk;
    at += chunk;
  }
  return {};
}

}  // namespace imaging::deid
