// The JPEG header walk of jpeg_segments.h.
#include "jpeg_segments.h"

#include <algorithm>
#include <array>
#include <set>

namespace imaging::deid {
namespace {

constexpr std::uint8_t kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA;

// A segment to drop: [begin, end) of the fragment, fill bytes before its marker included.
struct Span {
  std::uint64_t begin = 0, end = 0;
};

struct HeaderWalk {
  bool ok = false;
  std::string reason;
  std::vector<Span> drops;
  std::vector<Span> blanks;  // JPEG 2000: comment text overwritten in place (no length changes)
  std::uint64_t sos = 0;  // where the SOS marker (its 0xFF) starts
};

constexpr std::uint8_t kSoc = 0x4F, kSiz = 0x51, kSot = 0x90, kJ2kCom = 0x64;

// A JPEG 2000 codestream's main header, SOC up to the first SOT (ISO/IEC 15444-1 A.4): every
// segment there has a length; the text of each COM segment (after its Rcom field) is to be
// overwritten with spaces. Blanking instead of dropping keeps every length and offset as it was.
HeaderWalk walkJ2kHeader(std::size_t index, std::uint64_t length, const FragmentReader& read) {
  HeaderWalk walk;
  std::array<unsigned char, 4> b{};
  std::uint64_t pos = 2;
  for (int segments = 0; segments < 4096; ++segments) {
    if (pos + 2 > length || !read(index, pos, b.data(), 2) || b[0] != 0xFF) {
      walk.reason = "a JPEG 2000 marker is missing where the previous segment ends";
      return walk;
    }
    const std::uint8_t marker = b[1];
    if (marker == kSot) {
      walk.ok = true;
      return walk;
    }
    if (marker >= 0x30 && marker <= 0x3F) {  // reserved markers without a length
      pos += 2;
      continue;
    }
    if (pos + 4 > length || !read(index, pos + 2, b.data(), 2)) {
      walk.reason = "the JPEG 2000 header runs past the end of its fragment";
      return walk;
    }
    const std::uint64_t segment = (std::uint64_t{b[0]} << 8) | b[1];
    if (segment < 2 || pos + 2 + segment > length) {
      walk.reason = "a JPEG 2000 segment length runs past the end of its fragment";
      return walk;
    }
    if (marker == kJ2kCom && segment > 4) walk.blanks.push_back({pos + 6, pos + 2 + segment});
    pos += 2 + segment;
  }
  walk.reason = "too many segments before the first tile";
  return walk;
}

bool startsJ2kCodestream(std::size_t index, std::uint64_t length, const FragmentReader& read) {
  std::array<unsigned char, 4> b{};
  return length >= 4 && read(index, 0, b.data(), 4) && b[0] == 0xFF && b[1] == kSoc && b[2] == 0xFF && b[3] == kSiz;
}

// The pieces of a fragment with `blanks` overwritten by spaces: the same length.
std::vector<FragmentPiece> piecesBlanked(const HeaderWalk& walk, std::uint64_t length) {
  std::vector<FragmentPiece> pieces;
  std::uint64_t at = 0;
  for (const Span& s : walk.blanks) {
    if (s.begin > at) pieces.push_back({at, s.begin, {}});
    pieces.push_back({0, 0, std::string(static_cast<std::size_t>(s.end - s.begin), ' ')});
    at = s.end;
  }
  if (length > at) pieces.push_back({at, length, {}});
  return pieces;
}

// Walks one frame's markers from SOI to its first SOS inside fragment `index` (`length` bytes).
// The header must lie wholly in that fragment: a header split across fragments is refused.
HeaderWalk walkHeader(std::size_t index, std::uint64_t length, const FragmentReader& read) {
  if (startsJ2kCodestream(index, length, read)) return walkJ2kHeader(index, length, read);
  HeaderWalk walk;
  std::array<unsigned char, 4> b{};
  if (length < 4 || !read(index, 0, b.data(), 2) || b[0] != 0xFF || b[1] != kSoi) {
    walk.reason = "does not start with SOI (JPEG) or SOC and SIZ (JPEG 2000)";
    return walk;
  }
  std::uint64_t pos = 2;
  // A well-formed header has a few dozen segments; a bound keeps a crafted one from looping long.
  for (int segments = 0; segments < 4096; ++segments) {
    const std::uint64_t start = pos;
    unsigned char byte = 0;
    if (pos >= length || !read(index, pos, &byte, 1) || byte != 0xFF) {
      walk.reason = "a marker is missing where the previous segment ends";
      return walk;
    }
    do {  // fill bytes (0xFF) may precede any marker
      if (++pos >= length || !read(index, pos, &byte, 1)) {
        walk.reason = "the header runs past the end of its fragment";
        return walk;
      }
    } while (byte == 0xFF);
    const std::uint8_t marker = byte;
    ++pos;
    if (marker == kSos) {
      walk.ok = true;
      walk.sos = pos - 2;
      return walk;
    }
    if (marker == kSoi || marker == kEoi || marker == 0x00) {
      walk.reason = "an unexpected marker before the first scan";
      return walk;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // TEM, RSTn: no length
    if (pos + 2 > length || !read(index, pos, b.data(), 2)) {
      walk.reason = "the header runs past the end of its fragment";
      return walk;
    }
    const std::uint64_t segment = (std::uint64_t{b[0]} << 8) | b[1];
    if (segment < 2 || pos + segment > length) {
      walk.reason = "a segment length runs past the end of its fragment";
      return walk;
    }
    pos += segment;
    if (isStrippedJpegMarker(marker)) walk.drops.push_back({start, pos});
  }
  walk.reason = "too many segments before the first scan";
  return walk;
}

// The pieces of a fragment without `drops`, made even again: the original pad byte after EOI is
// dropped, or one is added after EOI, or (a frame that goes on in the next fragment) a fill byte
// 0xFF goes before SOS, which every marker may carry.
std::vector<FragmentPiece> piecesWithout(const HeaderWalk& walk, std::uint64_t length, std::size_t index,
                                         const FragmentReader& read, std::uint64_t& new_length) {
  std::vector<FragmentPiece> pieces;
  std::uint64_t at = 0, removed = 0;
  for (const Span& s : walk.drops) {
    if (s.begin > at) pieces.push_back({at, s.begin, {}});
    removed += s.end - s.begin;
    at = s.end;
  }
  new_length = length - removed;
  std::uint64_t tail_end = length;
  std::string tail_literal;
  if (new_length % 2 != 0) {
    std::array<unsigned char, 3> last{};
    const bool have = length >= 3 && read(index, length - 3, last.data(), 3);
    if (have && last[0] == 0xFF && last[1] == kEoi && last[2] == 0x00) {
      tail_end = length - 1;  // the old pad byte goes
      --new_length;
    } else if (have && last[1] == 0xFF && last[2] == kEoi) {
      tail_literal.assign(1, '\0');
      ++new_length;
    } else {
      // The fill byte goes right before SOS, which follows the last dropped segment or a kept one.
      if (walk.sos > at) pieces.push_back({at, walk.sos, {}});
      pieces.push_back({0, 0, std::string(1, '\xFF')});
      at = std::max(at, walk.sos);
      ++new_length;
    }
  }
  if (tail_end > at) pieces.push_back({at, tail_end, {}});
  if (!tail_literal.empty()) pieces.push_back({0, 0, tail_literal});
  return pieces;
}

}  // namespace

bool isJpegFamilyTransferSyntax(const std::string& uid) {
  return uid == "1.2.840.10008.1.2.4.50" || uid == "1.2.840.10008.1.2.4.51" || uid == "1.2.840.10008.1.2.4.57" ||
         uid == "1.2.840.10008.1.2.4.70" || uid == "1.2.840.10008.1.2.4.80" || uid == "1.2.840.10008.1.2.4.81" ||
         // JPEG 2000 (lossless, lossy) and High-Throughput JPEG 2000: their COM segments
         uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91" || uid == "1.2.840.10008.1.2.4.201" ||
         uid == "1.2.840.10008.1.2.4.202" || uid == "1.2.840.10008.1.2.4.203";
}

bool isStrippedJpegMarker(std::uint8_t marker) {
  return marker == 0xFE || (marker >= 0xE1 && marker <= 0xED) || marker == 0xEF;
}

JpegStripPlan planJpegStrip(const std::vector<std::uint64_t>& lengths, const std::vector<std::uint32_t>& offsets,
                            const FragmentReader& read) {
  JpegStripPlan plan;
  if (lengths.empty()) return plan;
  // Where each fragment's item starts, counted as the Basic Offset Table counts (from the first
  // fragment's item tag).
  std::vector<std::uint64_t> item_at(lengths.size());
  for (std::size_t i = 1; i < lengths.size(); ++i) item_at[i] = item_at[i - 1] + 8 + lengths[i - 1];
  std::set<std::size_t> frame_starts{0};
  for (const std::uint32_t offset : offsets) {
    const auto it = std::lower_bound(item_at.begin(), item_at.end(), std::uint64_t{offset});
    if (it == item_at.end() || *it != offset) {
      plan.result = JpegStripResult::Unsafe;
      plan.reason = "the Basic Offset Table points between fragments";
      return plan;
    }
    frame_starts.insert(static_cast<std::size_t>(it - item_at.begin()));
  }
  for (std::size_t i = 1; i < lengths.size(); ++i) {
    std::array<unsigned char, 3> b{};
    if ((lengths[i] >= 3 && read(i, 0, b.data(), 3) && b[0] == 0xFF && b[1] == kSoi && b[2] == 0xFF) ||
        startsJ2kCodestream(i, lengths[i], read))
      frame_starts.insert(i);
  }

  plan.fragments.assign(lengths.size(), {});
  plan.new_lengths = lengths;
  bool changed = false;
  for (const std::size_t i : frame_starts) {
    const HeaderWalk walk = walkHeader(i, lengths[i], read);
    if (!walk.ok) {
      plan.result = JpegStripResult::Unsafe;
      plan.reason = "JPEG fragment " + std::to_string(i + 1) + ": " + walk.reason;
      return plan;
    }
    if (!walk.blanks.empty()) {
      plan.fragments[i] = piecesBlanked(walk, lengths[i]);
      changed = true;
      continue;
    }
    if (walk.drops.empty()) continue;
    plan.fragments[i] = piecesWithout(walk, lengths[i], i, read, plan.new_lengths[i]);
    changed = true;
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
    plan.offsets.push_back(static_cast<std::uint32_t>(new_at[index]));  // only ever smaller (or +1)
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
