#include "imaging_bridge/structure_check.h"

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/fd_streams.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include <zlib.h>

namespace imaging::bridge {
namespace {

constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;

// A forward window over bytes that Derived::refill() produces one chunk at a time (file bytes,
// inflated bytes); Derived::seek() moves within or beyond it.
template <class Derived>
class ByteWindow {
 public:
  std::uint64_t pos() const { return base_ + at_; }
  bool read(void* out, std::size_t n) {
    auto* dst = static_cast<char*>(out);
    while (n > 0) {
      if (at_ == buffer_.size() && !self().refill()) return false;
      const std::size_t take = std::min(n, buffer_.size() - at_);
      std::memcpy(dst, buffer_.data() + at_, take);
      at_ += take;
      dst += take;
      n -= take;
    }
    return true;
  }
  bool skip(std::uint64_t n) { return self().seek(pos() + n); }

 protected:
  static constexpr std::size_t kChunk = 64 * 1024;
  ReadWindow buffer_{kChunk};
  std::uint64_t base_ = 0;  // offset of buffer_[0] in the byte stream
  std::size_t at_ = 0;      // read position inside buffer_

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

// Buffered reads with cheap skips: the walk visits every element, so seeking the stream for each
// one would cost a system call per element.
class Reader : public ByteWindow<Reader> {
  friend class ByteWindow<Reader>;

 public:
  explicit Reader(const InputFile& file) : file_(file) {}
  bool ok() const { return file_.good(); }
  bool seek(std::uint64_t p) {
    if (p >= base_ && p <= base_ + buffer_.size()) {
      at_ = static_cast<std::size_t>(p - base_);
      return true;
    }
    base_ = p;
    buffer_.clear();
    at_ = 0;
    jumped_ = true;
    return true;
  }

 private:
  bool refill() {
    base_ += buffer_.size();
    // After a jump over a value (pixel data, a fragment) only the next element header is needed:
    // reading a whole window per fragment would read all of a large multi-frame file.
    const std::size_t want = jumped_ ? kAfterJump : kChunk;
    jumped_ = false;
    const long n = file_.read(buffer_.data(), want, base_);
    buffer_.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    at_ = 0;
    return !buffer_.empty();
  }
  static constexpr std::size_t kAfterJump = 4096;
  const InputFile& file_;
  bool jumped_ = false;
};

// The data set of a Deflated Explicit VR Little Endian file, inflated on demand (raw deflate after
// the file meta) through one 64 KB window: seeks go forward by inflating and discarding, so memory
// stays at the window whatever the declared lengths. DCMTK cannot skip values in such a file and
// allocates each declared length up front; walking the inflated bytes first lets the check refuse a
// length that runs past the data (or past `limit`) before DCMTK allocates it.
class InflatingReader : public ByteWindow<InflatingReader> {
  friend class ByteWindow<InflatingReader>;

 public:
  InflatingReader(const std::string& path, std::uint64_t data_set_offset, std::uint64_t limit)
      : in_(path, std::ios::binary), limit_(limit) {
    in_.seekg(static_cast<std::streamoff>(data_set_offset));
    ok_ = static_cast<bool>(in_) && inflateInit2(&stream_, -MAX_WBITS) == Z_OK;
  }
  ~InflatingReader() {
    if (ok_) inflateEnd(&stream_);
  }
  InflatingReader(const InflatingReader&) = delete;
  InflatingReader& operator=(const InflatingReader&) = delete;

  bool ok() const { return ok_; }
  // True when a read or seek failed because it would have passed `limit`, not because the data ended.
  bool passedLimit() const { return passed_limit_; }
  // True when the stream could not be inflated at all (e.g. not raw deflate): no verdict then.
  bool undecodable() const { return failed_ && base_ + buffer_.size() == 0; }
  void setLimit(std::uint64_t limit) { limit_ = limit; }
  std::uint64_t limit() const { return limit_; }

  bool seek(std::uint64_t p) {
    if (p > limit_) {
      passed_limit_ = true;
      return false;
    }
    if (p < base_) return false;  // only small steps back inside the window are needed
    while (p > base_ + buffer_.size()) {
      if (!refill()) return false;
    }
    at_ = static_cast<std::size_t>(p - base_);
    return true;
  }

 private:
  bool refill() {
    base_ += buffer_.size();
    buffer_.clear();
    at_ = 0;
    if (base_ >= limit_) {
      passed_limit_ = true;
      return false;
    }
    if (!ok_ || ended_ || failed_) return false;
    buffer_.resize(kChunk);
    stream_.next_out = reinterpret_cast<Bytef*>(buffer_.data());
    stream_.avail_out = static_cast<uInt>(kChunk);
    while (stream_.avail_out > 0) {
      if (stream_.avail_in == 0) {
        in_.read(input_, sizeof input_);
        stream_.next_in = reinterpret_cast<Bytef*>(input_);
        stream_.avail_in = static_cast<uInt>(in_.gcount());
        if (stream_.avail_in == 0) break;  // compressed data ends without an end-of-stream block
      }
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        ended_ = true;
        break;
      }
      if (rc != Z_OK) {
        failed_ = true;
        break;
      }
    }
    buffer_.resize(kChunk - stream_.avail_out);
    return !buffer_.empty();
  }

  std::ifstream in_;
  z_stream stream_{};
  char input_[16 * 1024];
  std::uint64_t limit_;
  bool ok_ = false, ended_ = false, failed_ = false, passed_limit_ = false;
};

std::uint16_t u16(const unsigned char* b, bool big) { return big ? (b[0] << 8 | b[1]) : (b[1] << 8 | b[0]); }
std::uint32_t u32(const unsigned char* b, bool big) {
  return big ? (std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 | b[3])
             : (std::uint32_t(b[3]) << 24 | std::uint32_t(b[2]) << 16 | std::uint32_t(b[1]) << 8 | b[0]);
}

bool isUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
// VRs whose explicit encoding has 2 reserved bytes and a 4-byte length.
// Explicit VR elements whose length field is 4 bytes (after 2 reserved ones). Like DCMTK, a VR of
// two upper-case letters that is not a standard short one is taken as a future VR with a 4-byte
// length (PS3.5 7.1.2); anything else unknown has a 2-byte length. Walking such an element any
// other way than DCMTK does would check different bytes than DCMTK then parses.
bool hasLongLength(const unsigned char* vr) {
  static const char* const kShort[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
                                       "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"};
  if (!isUpper(vr[0]) || !isUpper(vr[1])) return false;
  for (const char* v : kShort)
    if (vr[0] == v[0] && vr[1] == v[1]) return false;
  return true;
}

struct Open {
  std::uint64_t end;          // absolute end for defined lengths, or UINT64_MAX until a delimiter
  bool encapsulated = false;  // items are compressed fragments: skipped, not walked
};

// Inflated bytes a deflated file may hold before its top-level Pixel Data, and in all.
constexpr std::uint64_t kDeflatedHeaderLimit = 64ull << 20;
constexpr std::uint64_t kDeflatedTotalLimit = 1ull << 30;

struct Encoding {
  bool has_meta = false;     // false: the encoding is guessed per element, as DCMTK does
  bool explicit_vr = true;
  bool big = false;
};

bool isTextVrCode(const unsigned char* vr) {
  static const char* const kText[] = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT",
                                      "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"};
  for (const char* v : kText)
    if (vr[0] == v[0] && vr[1] == v[1]) return true;
  return false;
}

// Whether DCMTK, and then the engine, would hold this value as text: a text VR, or a UN/OB value
// (or an implicit VR one) of a tag the dictionary gives a text VR (the engine turns those into
// text). Only asked for values over the limit, so the dictionary lookup is rare.
bool readAsText(std::uint16_t group, std::uint16_t element, bool explicit_vr, const unsigned char* vr) {
  if (explicit_vr && isTextVrCode(vr)) return true;
  if (explicit_vr && !((vr[0] == 'U' && vr[1] == 'N') || (vr[0] == 'O' && vr[1] == 'B'))) return false;
  if (group & 1u) return false;  // private: removed by the engine without being read
  ensureDcmtkReady();
  return isStringVr(DcmTag(DcmTagKey(group, element)).getEVR());
}

std::string textLengthRefusal(std::uint16_t group, std::uint16_t element, std::uint32_t len) {
  char tag[16];
  std::snprintf(tag, sizeof tag, "(%04X,%04X)", group, element);
  return "a text value of " + std::to_string(len) + " bytes in " + tag + " is over the " +
         std::to_string(kMaxTextValueBytes >> 20) + " MiB limit for one text value";
}

std::string depthRefusal(unsigned max_depth) {
  return "sequences nested deeper than " + std::to_string(max_depth) + " levels";
}

// What a deflated walk says when a value does not fit: the data ended, or the limit was reached.
std::optional<std::string> lengthRefusal(const Reader&) { return std::nullopt; }  // files: DCMTK decides
std::optional<std::string> lengthRefusal(const InflatingReader& in) {
  // Not raw deflate from where the meta ends: what DCMTK would make of it cannot be checked, and
  // fuzzing found files whose bytes it inflated into elements of a gigabyte; refuse them.
  if (in.undecodable()) return std::string("deflated data set cannot be inflated");
  if (in.passedLimit())
    return "deflated data set: an element ends past the " + std::to_string(in.limit() >> 20) + " MB limit";
  return std::string("element length runs past the end of the deflated data");
}
// What the walk says when no further element header can be read: the end of the data (DCMTK
// decides about truncation), unless a deflate stream could not be inflated at all.
std::optional<std::string> endOfData(const Reader&) { return std::nullopt; }
std::optional<std::string> endOfData(const InflatingReader& in) {
  if (in.undecodable()) return std::string("deflated data set cannot be inflated");
  return std::nullopt;
}
void allowPixelData(Reader&) {}
void allowPixelData(InflatingReader& in) { in.setLimit(kDeflatedTotalLimit); }
constexpr bool checksPixelLength(const Reader&) { return false; }
constexpr bool checksPixelLength(const InflatingReader&) { return true; }

// Visits every element header up to top-level Pixel Data without recursion. Values are skipped;
// nesting is tracked on an explicit stack.
template <class Source>
std::optional<std::string> walkElements(Source& in, const Encoding& encoding, unsigned max_depth) {
  const bool big = encoding.big;
  std::vector<Open> open;
  for (int steps = 0; steps < 50'000'000; ++steps) {
    while (!open.empty() && open.back().end != UINT64_MAX && in.pos() >= open.back().end) open.pop_back();
    unsigned char e[8];
    if (!in.read(e, 8)) return endOfData(in);
    const std::uint16_t group = u16(e, big), element = u16(e + 2, big);
    if (group == 0xFFFE) {  // item or delimiter: no VR, 4-byte length
      const std::uint32_t len = u32(e + 4, big);
      if (element == 0xE00D || element == 0xE0DD) {
        if (!open.empty()) open.pop_back();
        continue;
      }
      if (element != 0xE000) return std::nullopt;
      if (!open.empty() && open.back().encapsulated) {
        if (len == kUndefined) return std::nullopt;
        if (!in.skip(len)) return lengthRefusal(in);
        continue;
      }
      open.push_back({len == kUndefined ? UINT64_MAX : in.pos() + len});
      if (open.size() > 2 * max_depth) return depthRefusal(max_depth);
      continue;
    }
    const bool pixel_data = group == 0x7FE0 && element == 0x0010 && open.empty();
    bool sequence = false;
    std::uint32_t len;
    const bool element_explicit = encoding.has_meta ? encoding.explicit_vr : (isUpper(e[4]) && isUpper(e[5]));
    if (element_explicit) {
      sequence = e[4] == 'S' && e[5] == 'Q';
      if (hasLongLength(e + 4)) {
        unsigned char l[4];
        if (!in.read(l, 4)) return std::nullopt;
        len = u32(l, big);
        if (e[4] == 'U' && e[5] == 'N' && len == kUndefined) sequence = true;
      } else {
        len = u16(e + 6, big);
      }
    } else {
      len = u32(e + 4, big);
      // Implicit VR: a value that starts with an item tag is a sequence (as the dictionary says).
      sequence = len == kUndefined;
      if (!sequence && len >= 8) {
        unsigned char peek[4];
        const std::uint64_t at = in.pos();
        if (!in.read(peek, 4) || !in.seek(at)) return std::nullopt;
        sequence = u16(peek, big) == 0xFFFE && u16(peek + 2, big) == 0xE000;
      }
    }
    // The walk goes on past the pixel data: DCMTK parses what follows it too, and a file with
    // thousands of nested sequences after its pixels crashed the scan (found in session 2).
    if (pixel_data && checksPixelLength(in)) {  // deflated: DCMTK allocates the declared length
      if (len == kUndefined) return std::nullopt;
      allowPixelData(in);
      if (!in.skip(len)) return lengthRefusal(in);
      continue;
    }
    if (sequence) {
      open.push_back({len == kUndefined ? UINT64_MAX : in.pos() + len});
      if (open.size() > 2 * max_depth) return depthRefusal(max_depth);
      continue;
    }
    // DCMTK 3.6.7 throws from deep inside loadFile (leaking what it built) when a Directory Record
    // Type (0004,1430; CS, at most 16 bytes) is overlong; refuse it here instead (found by fuzzing).
    if (group == 0x0004 && element == 0x1430 && len > 16) return std::string("damaged directory record type");
    if (len != kUndefined && len > kMaxTextValueBytes && !pixel_data && readAsText(group, element, element_explicit, e + 4))
      return textLengthRefusal(group, element, len);
    if (len == kUndefined) {  // encapsulated pixel data (e.g. in an icon): fragments follow
      open.push_back({UINT64_MAX, true});
      continue;
    }
    if (!in.skip(len)) return lengthRefusal(in);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> refuseUnsafeStructure(const std::string& path, unsigned max_depth) {
  const InputFile file(path);
  if (!file.good()) return std::nullopt;
  return refuseUnsafeStructure(file, max_depth);
}

std::optional<std::string> refuseUnsafeStructure(const InputFile& file, unsigned max_depth) {
  const std::string path = file.path().string();
  Reader in(file);
  if (!in.ok()) return std::nullopt;
  unsigned char head[132];
  Encoding encoding;
  bool deflated = false;
  if (in.read(head, sizeof head) && std::memcmp(head + 128, "DICM", 4) == 0) {
    // File meta: explicit little endian group 0002; read its transfer syntax. Where the meta
    // starts with its group length, DCMTK reads every element up to that length, whatever its
    // group; an element of another group there is refused. Without a group length the meta ends
    // at the first element of another group.
    encoding.has_meta = true;
    std::string syntax;
    bool have_syntax = false;
    std::uint64_t meta_end = UINT64_MAX;
    for (;;) {
      unsigned char e[8];
      const std::uint64_t at = in.pos();
      if (meta_end != UINT64_MAX && at >= meta_end) break;
      if (!in.read(e, 8)) return std::nullopt;
      const std::uint16_t group = u16(e, false), element = u16(e + 2, false);
      if (meta_end == UINT64_MAX && group != 0x0002) { in.seek(at); break; }
      // DCMTK would read such an element into the meta and parse the data set from the wrong
      // place (and leaks part of a DICOMDIR read that way; found by fuzz_scan_dicomdir).
      if (group != 0x0002) return std::string("damaged file meta information (its group length runs into the data set)");
      std::uint32_t len = u16(e + 6, false);
      if (hasLongLength(e + 4)) {
        unsigned char l[4];
        if (!in.read(l, 4)) return std::nullopt;
        len = u32(l, false);
      }
      if (len == kUndefined || len > (1u << 20)) return std::nullopt;
      if (group == 0x0002 && element == 0x0000 && len == 4 && at == 132) {
        unsigned char v[4];
        if (!in.read(v, 4)) return std::nullopt;
        meta_end = in.pos() + u32(v, false);
      } else if (group == 0x0002 && element == 0x0010 && !have_syntax) {  // DCMTK keeps the first
        syntax.resize(len);
        if (!in.read(syntax.data(), len)) return std::nullopt;
        while (!syntax.empty() && (syntax.back() == '\0' || syntax.back() == ' ')) syntax.pop_back();
        have_syntax = true;
      } else if (!in.skip(len)) {
        return std::nullopt;
      }
    }
    deflated = syntax == "1.2.840.10008.1.2.1.99";
    if (syntax == "1.2.840.10008.1.2") encoding.explicit_vr = false;
    if (syntax == "1.2.840.10008.1.2.2") encoding.big = true;
  } else {
    in.seek(0);
    encoding.explicit_vr = false;  // guessed per element
  }
  if (deflated) {  // the bytes after the file meta are a raw deflate stream of explicit LE elements
    InflatingReader inflated(path, in.pos(), kDeflatedHeaderLimit);
    if (!inflated.ok()) return std::nullopt;
    return walkElements(inflated, encoding, max_depth);
  }
  return walkElements(in, encoding, max_depth);
}

}  // namespace imaging::bridge
