#include "verify_jpeg.h"

#include <cstring>

namespace imaging::workflow {
namespace {

unsigned u8(const std::string& s, std::size_t i) { return static_cast<unsigned char>(s[i]); }
std::size_t be16(const std::string& s, std::size_t i) { return u8(s, i) << 8 | u8(s, i + 1); }

bool textMarker(unsigned m) { return m == 0xFE || (m >= 0xE1 && m <= 0xED) || m == 0xEF; }

// Whether [from, to) holds a byte other than space or NUL.
bool hasText(const std::string& s, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k)
    if (s[k] != ' ' && s[k] != '\0') return true;
  return false;
}

// Walks the marker segments from `pos` until the marker `stop`; true when a COM has text.
// `pos` ends at `stop`'s position, or npos when the walk cannot go on.
bool j2kSegmentsHaveText(const std::string& s, std::size_t& pos, unsigned stop) {
  while (pos + 4 <= s.size() && u8(s, pos) == 0xFF) {
    const unsigned marker = u8(s, pos + 1);
    if (marker == stop) return false;
    if (marker >= 0x30 && marker <= 0x3F) {
      pos += 2;
      continue;
    }
    const std::size_t length = be16(s, pos + 2);
    if (length < 2 || pos + 2 + length > s.size()) break;
    if (marker == 0x64 && length > 4 && hasText(s, pos + 6, pos + 2 + length)) return true;
    pos += 2 + length;
  }
  pos = std::string::npos;
  return false;
}

bool j2kHasComment(const std::string& s) {
  std::size_t pos = 2;
  if (j2kSegmentsHaveText(s, pos, 0x90)) return true;
  while (pos != std::string::npos && pos + 12 <= s.size()) {  // pos: a tile-part's SOT
    const std::size_t psot = static_cast<std::size_t>(be16(s, pos + 6)) << 16 | be16(s, pos + 8);
    std::size_t header = pos + 12;
    if (j2kSegmentsHaveText(s, header, 0x93)) return true;
    if (psot == 0 || pos + psot + 2 > s.size() || u8(s, pos + psot) != 0xFF || u8(s, pos + psot + 1) != 0x90) break;
    pos += psot;
  }
  return false;
}

// APP0 and APP14 are kept for the decoder's sake, but only as their defined fields: a JFIF header
// without thumbnail (16 bytes with the length), an Adobe header (14). Anything more (a thumbnail,
// JFXX, text after the fields, another application's APP0) can show or name the patient.
bool onlyDefinedFields(const std::string& s, unsigned marker, std::size_t at, std::size_t length) {
  if (at + length > s.size()) return true;  // cannot be read: the walk stops there anyway
  if (marker == 0xE0)
    return length == 16 && s.compare(at + 2, 5, std::string("JFIF\0", 5)) == 0 && s[at + 14] == 0 && s[at + 15] == 0;
  return length == 14 && s.compare(at + 2, 5, "Adobe") == 0;
}

FrameTextSpot jpegText(const std::string& s) {
  std::size_t pos = 2;
  bool scan = false, ls = false;
  while (pos < s.size()) {
    if (scan) {
      const void* ff = std::memchr(s.data() + pos, 0xFF, s.size() - pos);
      if (ff == nullptr) break;
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(ff) - s.data());
      if (at + 1 >= s.size()) break;
      const unsigned next = u8(s, at + 1);
      if ((ls ? next < 0x80 : next == 0) || (next >= 0xD0 && next <= 0xD7)) {
        pos = at + 2;
        continue;
      }
      if (next == 0xFF) {
        pos = at + 1;
        continue;
      }
      pos = at;
      scan = false;
    }
    if (u8(s, pos) != 0xFF) break;
    while (pos + 1 < s.size() && u8(s, pos + 1) == 0xFF) ++pos;
    if (pos + 1 >= s.size()) break;
    const unsigned marker = u8(s, pos + 1);
    pos += 2;
    if (marker == 0xD9) {  // EOI: padding, another image, or something else
      std::size_t k = pos;
      while (k < s.size() && s[k] == '\0') ++k;
      if (k == s.size()) break;
      if (k + 1 < s.size() && u8(s, k) == 0xFF && u8(s, k + 1) == 0xD8) {
        pos = k + 2;
        ls = false;
        continue;
      }
      return {FrameText::AfterEndOfImage, 0};
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;
    if (textMarker(marker)) return {FrameText::JpegSegment, static_cast<std::uint8_t>(marker)};
    if (pos + 2 > s.size()) break;
    const std::size_t length = be16(s, pos);
    if (length < 2) break;
    if ((marker == 0xE0 || marker == 0xEE) && !onlyDefinedFields(s, marker, pos, length))
      return {FrameText::JpegSegment, static_cast<std::uint8_t>(marker)};
    pos += length;
    if (marker == 0xF7) ls = true;
    if (marker == 0xDA) scan = true;
  }
  return {};
}

}  // namespace

FrameTextSpot findFrameText(const std::string& frame) {
  if (frame.size() >= 4 && u8(frame, 0) == 0xFF && u8(frame, 1) == 0x4F && u8(frame, 2) == 0xFF && u8(frame, 3) == 0x51)
    return j2kHasComment(frame) ? FrameTextSpot{FrameText::Jpeg2000Comment, 0x64} : FrameTextSpot{};
  if (frame.size() >= 2 && u8(frame, 0) == 0xFF && u8(frame, 1) == 0xD8) return jpegText(frame);
  return {};
}

}  // namespace imaging::workflow
