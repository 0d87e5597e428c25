#include "element_steps.h"

#include "imaging_bridge/explicit_writer.h"
#include "imaging_bridge/little_endian.h"

namespace imaging::bridge {
namespace {

// Steps over the item whose header is at pos, past its end.
bool skipItem(FileWindow& in, std::uint64_t& pos, int depth, int max_depth) {
  if (depth > max_depth) return false;
  ElementHeader item;
  if (!readElementHeader(in, pos, item) || item.tag != kItemTag) return false;
  pos = item.value_at;
  if (item.length != kUndefinedLength) {
    if (item.length > in.size() - pos) return false;
    pos += item.length;
    return true;
  }
  for (;;) {
    ElementHeader h;
    if (!readElementHeader(in, pos, h)) return false;
    if (h.tag == kItemEndTag) {
      pos = h.value_at;
      return true;
    }
    if ((h.tag >> 16) == 0xFFFE) return false;
    pos = h.value_at;
    if (h.length == kUndefinedLength) {
      if (!(h.vr[0] == 'S' && h.vr[1] == 'Q') || !skipSequenceItems(in, pos, depth, max_depth)) return false;
    } else {
      if (h.length > in.size() - pos) return false;
      pos += h.length;
    }
  }
}

}  // namespace

bool readElementHeader(FileWindow& in, std::uint64_t pos, ElementHeader& header) {
  const unsigned char* h = in.at(pos, 8);
  if (h == nullptr) return false;
  header.tag = std::uint32_t{le16(h)} << 16 | le16(h + 2);
  if ((header.tag >> 16) == 0xFFFE) {  // items and delimiters: no VR
    header.vr[0] = header.vr[1] = 0;
    header.length = le32(h + 4);
    header.value_at = pos + 8;
    return true;
  }
  if (h[4] < 'A' || h[4] > 'Z' || h[5] < 'A' || h[5] > 'Z') return false;
  header.vr[0] = static_cast<char>(h[4]);
  header.vr[1] = static_cast<char>(h[5]);
  if (!ExplicitLittleEndianWriter::hasLongLength(header.vr)) {
    header.length = le16(h + 6);
    header.value_at = pos + 8;
    return true;
  }
  const unsigned char* l = in.at(pos + 8, 4);
  if (l == nullptr) return false;
  header.length = le32(l);
  header.value_at = pos + 12;
  return true;
}

bool skipSequenceItems(FileWindow& in, std::uint64_t& pos, int depth, int max_depth) {
  for (;;) {
    ElementHeader h;
    if (!readElementHeader(in, pos, h)) return false;
    if (h.tag == kSequenceEndTag) {
      pos = h.value_at;
      return true;
    }
    if (h.tag != kItemTag || !skipItem(in, pos, depth + 1, max_depth)) return false;
  }
}

}  // namespace imaging::bridge
