// The JPEG and JPEG 2000 marker walks of jpeg_segments.h.
#include "jpeg_segments.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

namespace imaging::deid {
namespace {

constexpr std::uint8_t kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA, kSof55 = 0xF7, kApp0 = 0xE0, kApp14 = 0xEE;
constexpr std::uint8_t kSoc = 0x4F, kSiz = 0x51, kSot = 0x90, kSod = 0x93, kJ2kCom = 0x64;
// A well-formed frame has a few dozen segments (a progressive one a few hundred); the bound keeps
// a crafted one from looping long.
constexpr int kMaxSegments = 1 << 16;

// A range of bytes: [begin, end).
struct Span {
  std::uint64_t begin = 0, end = 0;
};

// One frame's fragments [first, end) read as the one byte stream they are.
class FrameBytes {
 public:
  FrameBytes(const std::vector<std::uint64_t>& lengths, std::size_t first, std::size_t end, const FragmentReader& read)
      : read_(read), first_(first) {
    starts_.push_back(0);
    for (std::size_t i = first; i < end; ++i) starts_.push_back(starts_.back() + lengths[i]);
  }
  std::uint64_t size() const { return starts_.back(); }
  std::size_t fragments() const { return starts_.size() - 1; }
  std::uint64_t fragmentStart(std::size_t k) const { return starts_[k]; }
  // The fragment (0-based within the frame) that holds byte `at`.
  std::size_t fragmentOf(std::uint64_t at) const {
    return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), at) - starts_.begin()) - 1;
  }
  bool read(std::uint64_t at, unsigned char* out, std::size_t n) const {
    if (at + n > size()) return false;
    while (n > 0) {
      const std::size_t k = fragmentOf(at);
      const std::uint64_t offset = at - starts_[k];
      const std::size_t here = static_cast<std::size_t>(std::min<std::uint64_t>(n, starts_[k + 1] - at));
      if (!read_(first_ + k, offset, out, here)) return false;
      at += here, out += here, n -= here;
    }
    return true;
  }
  bool byte(std::uint64_t at, unsigned char& out) const {
    if (!cover(at, 1)) return false;
    out = static_cast<unsigned char>(cache_[static_cast<std::size_t>(at - cache_at_)]);
    return true;
  }
  // Where the next 0xFF at or after `at` is (size() when there is none); false when a read fails.
  // The entropy-coded data holds an 0xFF every few hundred bytes: the frame is read through one
  // cached window, not once per marker.
  bool nextFF(std::uint64_t at, std::uint64_t& found) const {
    while (at < size()) {
      if (!cover(at, 1)) return false;
      const std::size_t from = static_cast<std::size_t>(at - cache_at_);
      if (const void* p = std::memchr(cache_.data() + from, 0xFF, cache_.size() - from)) {
        found = cache_at_ + static_cast<std::uint64_t>(static_cast<const char*>(p) - cache_.data());
        return true;
      }
      at = cache_at_ + cache_.size();
    }
    found = size();
    return true;
  }
  // Where the first byte at or after `at` that is not zero is (size() when there is none).
  bool firstNonZero(std::uint64_t at, std::uint64_t& found) const {
    while (at < size()) {
      if (!cover(at, 1)) return false;
      const auto begin = cache_.begin() + static_cast<long>(at - cache_at_);
      const auto it = std::find_if(begin, cache_.end(), [](char c) { return c != 0; });
      if (it != cache_.end()) {
        found = cache_at_ + static_cast<std::uint64_t>(it - cache_.begin());
        return true;
      }
      at = cache_at_ + cache_.size();
    }
    found = size();
    return true;
  }

 private:
  static constexpr std::size_t kWindow = std::size_t{1} << 18;
  // Makes [at, at + n) part of the cached window, reading a window from `at` when it is not.
  bool cover(std::uint64_t at, std::size_t n) const {
    if (at >= cache_at_ && at + n <= cache_at_ + cache_.size()) return true;
    if (at + n > size()) return false;
    cache_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(std::max(n, kWindow), size() - at)));
    if (!read(at, reinterpret_cast<unsigned char*>(cache_.data()), cache_.size())) {
      cache_.clear();
      return false;
    }
    cache_at_ = at;
    return true;
  }

  const FragmentReader& read_;
  std::size_t first_;
  std::vector<std::uint64_t> starts_;  // each fragment's first byte in the frame, then the end
  mutable std::string cache_;          // bytes [cache_at_, cache_at_ + size) of the frame
  mutable std::uint64_t cache_at_ = 0;
};

struct Edit {
  Span span;
  std::string literal;
};

// What one frame's walk found, in frame offsets.
struct FrameWalk {
  bool ok = false;
  std::string reason;
  // What replaces which bytes, in frame order: nothing (a dropped segment, fill bytes before its
  // marker included), spaces of the same length (JPEG 2000 comment text), or a shorter segment
  // (APP0, APP14 cut to their defined fields).
  std::vector<Edit> edits;
  std::uint64_t cut = 0;     // bytes from here to the frame's end follow EOI and are not zero: dropped
  bool has_cut = false;
};

FrameWalk failed(std::string reason) {
  FrameWalk walk;
  walk.reason = std::move(reason);
  return walk;
}

bool segmentLength(const FrameBytes& f, std::uint64_t at, std::uint64_t& length) {
  std::array<unsigned char, 2> b{};
  if (!f.read(at, b.data(), 2)) return false;
  length = (std::uint64_t{b[0]} << 8) | b[1];
  return true;
}

// The marker segments of a JPEG 2000 header from `pos` up to the marker `stop` (SOT after the
// main header, SOD after a tile-part's): every segment there has a length; the text of each COM
// segment (after its Rcom field) is to be overwritten with spaces. Returns where `stop` starts.
bool walkJ2kSegments(const FrameBytes& f, std::uint64_t pos, std::uint8_t stop, FrameWalk& walk, std::uint64_t& at) {
  std::array<unsigned char, 2> b{};
  for (int segments = 0; segments < kMaxSegments; ++segments) {
    if (!f.read(pos, b.data(), 2) || b[0] != 0xFF) {
      walk.reason = "a JPEG 2000 marker is missing where the previous segment ends";
      return false;
    }
    if (b[1] == stop) {
      at = pos;
      return true;
    }
    if (b[1] >= 0x30 && b[1] <= 0x3F) {  // reserved markers without a length
      pos += 2;
      continue;
    }
    std::uint64_t length = 0;
    if (!segmentLength(f, pos + 2, length) || length < 2 || pos + 2 + length > f.size()) {
      walk.reason = "a JPEG 2000 segment length runs past the end of its frame";
      return false;
    }
    if (b[1] == kJ2kCom && length > 4)
      walk.edits.push_back({{pos + 6, pos + 2 + length}, std::string(static_cast<std::size_t>(length - 4), ' ')});
    pos += 2 + length;
  }
  walk.reason = "too many JPEG 2000 segments";
  return false;
}

// A JPEG 2000 codestream (ISO/IEC 15444-1 A.4): the main header (SOC up to the first SOT), then
// each tile-part's header (after its SOT segment up to SOD); each tile-part's length (Psot) leads
// to the next one. Comments may be in any of these headers.
FrameWalk walkJ2k(const FrameBytes& f) {
  FrameWalk walk;
  std::uint64_t sot = 0;
  if (!walkJ2kSegments(f, 2, kSot, walk, sot)) return walk;
  for (int parts = 0; parts < kMaxSegments; ++parts) {
    std::array<unsigned char, 12> s{};
    if (!f.read(sot, s.data(), s.size()) || s[2] != 0 || s[3] != 10) return failed("a JPEG 2000 tile-part header is damaged");
    const std::uint64_t psot = (std::uint64_t{s[6]} << 24) | (std::uint64_t{s[7]} << 16) | (std::uint64_t{s[8]} << 8) | s[9];
    std::uint64_t sod = 0;
    if (!walkJ2kSegments(f, sot + 12, kSod, walk, sod)) return walk;
    if (psot == 0) break;  // the last tile-part: it runs to EOC
    if (psot < 14 || sot + psot > f.size() || sod + 2 > sot + psot) return failed("a JPEG 2000 tile-part length is wrong");
    sot += psot;
    std::array<unsigned char, 2> next{};
    if (!f.read(sot, next.data(), 2) || next[0] != 0xFF) return failed("a JPEG 2000 tile-part does not end where its length says");
    if (next[1] == kEoi) break;  // EOC (FFD9)
    if (next[1] != kSot) return failed("a JPEG 2000 tile-part is followed by neither SOT nor EOC");
  }
  walk.ok = true;
  return walk;
}

bool startsJ2k(const FrameBytes& f) {
  std::array<unsigned char, 4> b{};
  return f.read(0, b.data(), 4) && b[0] == 0xFF && b[1] == kSoc && b[2] == 0xFF && b[3] == kSiz;
}

// What stays of an APP0 or APP14 segment whose length field is at `at` (`length` bytes with it):
// JFIF's 14 defined bytes with no thumbnail, Adobe's 12 (the colour transform the decoder needs).
// The rest (a thumbnail image, an extension such as JFXX, text after the fields) can show or name
// the patient. Any other APP0 or APP14 is dropped. `keep`: the segment is that already.
bool applicationSegmentKept(const FrameBytes& f, std::uint8_t marker, std::uint64_t at, std::uint64_t length,
                            std::string& replacement, bool& keep) {
  const std::string name = marker == kApp0 ? std::string("JFIF\0", 5) : std::string("Adobe");
  const std::size_t fields = marker == kApp0 ? 14 : 12;
  replacement.clear();
  keep = false;
  if (length < 2 + fields) return true;
  std::string payload(fields, '\0');
  if (!f.read(at + 2, reinterpret_cast<unsigned char*>(payload.data()), fields)) return false;
  if (payload.compare(0, name.size(), name) != 0) return true;
  const bool thumbnail = marker == kApp0 && (payload[12] != 0 || payload[13] != 0);
  if (length == 2 + fields && !thumbnail) {
    keep = true;
    return true;
  }
  if (marker == kApp0) payload[12] = payload[13] = '\0';  // thumbnail width and height: none
  const std::size_t size = 2 + fields;
  replacement = std::string{'\xFF', static_cast<char>(marker), static_cast<char>(size >> 8), static_cast<char>(size & 0xFF)} + payload;
  return true;
}

// A JPEG frame from SOI to EOI: the marker segments of its header, of every scan after the first
// (progressive and lossless frames carry tables, comments and application data between scans),
// and the entropy-coded data in between, where a 0xFF followed by 0x00 (JPEG) or by a byte under
// 0x80 (JPEG-LS) or by RSTn is data, not a marker. Bytes after EOI that are not zero padding are
// cut: they belong to no image.
FrameWalk walkJpeg(const FrameBytes& f) {
  FrameWalk walk;
  std::array<unsigned char, 2> b{};
  if (!f.read(0, b.data(), 2) || b[0] != 0xFF || b[1] != kSoi) return failed("does not start with SOI (JPEG) or SOC and SIZ (JPEG 2000)");
  bool jpeg_ls = false, in_scan = false;
  std::uint64_t pos = 2;
  // Each turn ends at a marker or steps through the data: the data steps end with the frame.
  for (int segments = 0; segments < kMaxSegments;) {
    if (in_scan) {  // entropy-coded data: on to the next byte pair that is a marker
      std::uint64_t ff = 0;
      if (!f.nextFF(pos, ff)) return failed("the frame cannot be read");
      if (ff + 1 >= f.size()) {  // no EOI: the frame ends with its data
        walk.ok = true;
        return walk;
      }
      unsigned char next = 0;
      if (!f.byte(ff + 1, next)) return failed("the frame cannot be read");
      const bool data = jpeg_ls ? next < 0x80 : next == 0x00;
      if (data || next == 0xFF || (next >= 0xD0 && next <= 0xD7)) {
        pos = ff + (next == 0xFF ? 1 : 2);
        continue;
      }
      pos = ff;
      in_scan = false;
    }
    ++segments;
    const std::uint64_t start = pos;
    unsigned char byte = 0;
    if (!f.byte(pos, byte) || byte != 0xFF) return failed("a marker is missing where the previous segment ends");
    do {  // fill bytes (0xFF) may precede any marker
      if (!f.byte(++pos, byte)) return failed("the frame ends inside a marker");
    } while (byte == 0xFF);
    const std::uint8_t marker = byte;
    ++pos;
    if (marker == kEoi) {
      // Zero padding may follow; another image (SOI) in the same fragments is walked as well
      // (not conformant, but written by some exporters); anything else is cut.
      std::uint64_t next = 0;
      if (!f.firstNonZero(pos, next)) return failed("the frame cannot be read");
      std::array<unsigned char, 2> soi{};
      if (next < f.size() && f.read(next, soi.data(), 2) && soi[0] == 0xFF && soi[1] == kSoi) {
        pos = next + 2;
        jpeg_ls = false;
        continue;
      }
      if (next < f.size()) walk.cut = pos, walk.has_cut = true;
      walk.ok = true;
      return walk;
    }
    if (marker == kSoi || marker == 0x00) return failed("an unexpected marker inside the frame");
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // TEM, RSTn: no length
    std::uint64_t segment = 0;
    if (!segmentLength(f, pos, segment)) return failed("the frame ends inside a segment");
    if (segment < 2 || pos + segment > f.size()) return failed("a segment length runs past the end of its frame");
    pos += segment;
    if (marker == kSof55) jpeg_ls = true;
    if (marker == kSos) in_scan = true;
    if (isStrippedJpegMarker(marker)) {
      walk.edits.push_back({{start, pos}, {}});
    } else if (marker == kApp0 || marker == kApp14) {
      std::string replacement;
      bool keep = false;
      if (!applicationSegmentKept(f, marker, pos - segment, segment, replacement, keep)) return failed("the frame cannot be read");
      if (!keep) walk.edits.push_back({{start, pos}, std::move(replacement)});
    }
  }
  return failed("too many segments in the frame");
}

// The pieces of fragment k (frame offsets [at, end)) with the frame's edits there and without the
// cut; made even again: a pad byte 0x00 after EOI is dropped or added, or (a fragment that does not
// end the frame) a fill byte 0xFF goes before the marker that follows the last shortened segment,
// as every marker may carry one.
bool fragmentPieces(const FrameWalk& walk, const FrameBytes& f, std::size_t k, std::vector<FragmentPiece>& pieces,
                    std::uint64_t& new_length, std::string& reason) {
  const std::uint64_t at = f.fragmentStart(k), end = f.fragmentStart(k + 1);
  std::vector<const Edit*> edits;
  for (const Edit& e : walk.edits)
    if (e.span.begin < end && e.span.end > at) edits.push_back(&e);
  const bool cut_here = walk.has_cut && walk.cut < end;
  if (edits.empty() && !cut_here) return true;
  for (const Edit* e : edits)
    if (e->span.begin < at || e->span.end > end) {
      reason = "a segment to remove lies across two fragments";
      return false;
    }
  if (walk.has_cut && walk.cut < at) {
    reason = "data after the end of the image fills a fragment of its own";
    return false;
  }
  const std::uint64_t stop = cut_here ? walk.cut : end;
  std::uint64_t pos = at, removed = 0, last_drop_end = 0;
  bool dropped = false;
  for (const Edit* e : edits) {  // in frame order, as the walk found them
    if (e->span.begin > pos) pieces.push_back({pos - at, e->span.begin - at, {}});
    if (!e->literal.empty()) pieces.push_back({0, 0, e->literal});
    const std::uint64_t size = e->span.end - e->span.begin;
    if (e->literal.size() != size) {
      removed += size - e->literal.size();
      last_drop_end = e->span.end;
      dropped = true;
    }
    pos = e->span.end;
  }
  new_length = (stop - at) - removed;
  if (new_length % 2 == 0) {
    if (stop > pos) pieces.push_back({pos - at, stop - at, {}});
    return true;
  }
  if (cut_here) {  // the frame's end is here: EOI then one pad byte
    if (stop > pos) pieces.push_back({pos - at, stop - at, {}});
    pieces.push_back({0, 0, std::string(1, '\0')});
    ++new_length;
    return true;
  }
  std::array<unsigned char, 3> last{};
  const bool have = end - at >= 3 && f.read(end - 3, last.data(), 3);
  if (have && last[0] == 0xFF && last[1] == kEoi && last[2] == 0x00 && pos <= end - 1) {
    if (end - 1 > pos) pieces.push_back({pos - at, end - 1 - at, {}});
    --new_length;
    return true;
  }
  if (have && last[1] == 0xFF && last[2] == kEoi) {
    if (end > pos) pieces.push_back({pos - at, end - at, {}});
    pieces.push_back({0, 0, std::string(1, '\0')});
    ++new_length;
    return true;
  }
  // The fill byte goes where the last dropped segment was: right before the marker after it.
  unsigned char follows = 0;
  if (!dropped || last_drop_end != pos || !f.byte(last_drop_end, follows) || follows != 0xFF) {
    reason = "no place for the fill byte that keeps a fragment's length even";
    return false;
  }
  pieces.push_back({0, 0, std::string(1, '\xFF')});
  if (end > pos) pieces.push_back({pos - at, end - at, {}});
  ++new_length;
  return true;
}

}  // namespace

bool isJpegFamilyTransferSyntax(const std::string& uid) {
  // Every JPEG process (.50 to .66, retired ones included: a progressive .55 frame carries COM
  // like any other), JPEG lossless (.70), JPEG-LS (.80, .81), JPEG 2000 parts 1 and 2 (.90 to
  // .93) and High-Throughput JPEG 2000 (.201 to .203). Not video (.100 to .108): no JPEG inside.
  static const std::string prefix = "1.2.840.10008.1.2.4.";
  if (uid.compare(0, prefix.size(), prefix) != 0 || uid.size() == prefix.size() || uid.size() > prefix.size() + 3) return false;
  const std::string tail = uid.substr(prefix.size());
  if (tail.find_first_not_of("0123456789") != std::string::npos || (tail.size() > 1 && tail[0] == '0')) return false;
  const int n = std::stoi(tail);
  return (n >= 50 && n <= 66) || n == 70 || n == 80 || n == 81 || (n >= 90 && n <= 93) || (n >= 201 && n <= 203);
}

bool isStrippedJpegMarker(std::uint8_t marker) {
  return marker == 0xFE || (marker >= 0xE1 && marker <= 0xED) || marker == 0xEF;
}

JpegStripPlan planJpegStrip(const std::vector<std::uint64_t>& lengths, const std::vector<std::uint32_t>& offsets,
                            const FragmentReader& read) {
  JpegStripPlan plan;
  if (lengths.empty()) return plan;
  const auto unsafe = [&plan](std::string reason) {
    plan = JpegStripPlan();
    plan.result = JpegStripResult::Unsafe;
    plan.reason = std::move(reason);
    return plan;
  };
  // Where each fragment's item starts, counted as the Basic Offset Table counts (from the first
  // fragment's item tag).
  std::vector<std::uint64_t> item_at(lengths.size());
  for (std::size_t i = 1; i < lengths.size(); ++i) item_at[i] = item_at[i - 1] + 8 + lengths[i - 1];
  std::set<std::size_t> frame_starts{0};
  for (const std::uint32_t offset : offsets) {
    const auto it = std::lower_bound(item_at.begin(), item_at.end(), std::uint64_t{offset});
    if (it == item_at.end() || *it != offset) return unsafe("the Basic Offset Table points between fragments");
    frame_starts.insert(static_cast<std::size_t>(it - item_at.begin()));
  }
  for (std::size_t i = 1; i < lengths.size(); ++i) {
    std::array<unsigned char, 4> b{};
    if (lengths[i] >= 4 && read(i, 0, b.data(), 4) &&
        ((b[0] == 0xFF && b[1] == kSoi && b[2] == 0xFF) || (b[0] == 0xFF && b[1] == kSoc && b[2] == 0xFF && b[3] == kSiz)))
      frame_starts.insert(i);
  }

  plan.fragments.assign(lengths.size(), {});
  plan.new_lengths = lengths;
  bool changed = false;
  for (auto it = frame_starts.begin(); it != frame_starts.end(); ++it) {
    const std::size_t first = *it, end = std::next(it) == frame_starts.end() ? lengths.size() : *std::next(it);
    const FrameBytes frame(lengths, first, end, read);
    const FrameWalk walk = startsJ2k(frame) ? walkJ2k(frame) : walkJpeg(frame);
    if (!walk.ok) return unsafe("JPEG fragment " + std::to_string(first + 1) + ": " + walk.reason);
    for (std::size_t k = 0; k < frame.fragments(); ++k) {
      std::string reason;
      if (!fragmentPieces(walk, frame, k, plan.fragments[first + k], plan.new_lengths[first + k], reason))
        return unsafe("JPEG fragment " + std::to_string(first + k + 1) + ": " + reason);
      changed = changed || !plan.fragments[first + k].empty();
    }
  }
  if (!changed) {
    plan.fragments.clear();
    plan.new_lengths.clear();
    return plan;
  }
  std::vector<std::uint64_t> new_at(lengths.size());
  for (std::size_t i = 1; i < lengths.size(); ++i) new_at[i] = new_at[i - 1] + 8 + plan.new_lengths[i - 1];
  for (const std::uint32_t offset : offsets) {
    const auto index = static_cast<std::size_t>(std::lower_bound(item_at.begin(), item_at.end(), offset) - item_at.begin());
    plan.offsets.push_back(static_cast<std::uint32_t>(new_at[index]));
  }
  plan.result = JpegStripResult::Changed;
  return plan;
}

std::string assembleFragment(const std::vector<FragmentPiece>& pieces, const unsigned char* original) {
  std::string out;
  for (const FragmentPiece& p : pieces) {
    if (!p.literal.empty()) out += p.literal;
    else out.append(reinterpret_cast<const char*>(original + p.begin), static_cast<std::size_t>(p.end - p.begin));
  }
  return out;
}

}  // namespace imaging::deid
