// The plain engine's tree: reading (from the bytes the door holds), editing and writing; see
// plain_tree.h for when it is used and how it is proven equal to DCMTK's.
#include "plain_tree.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>

#include "imaging_bridge/explicit_writer.h"
#include "imaging_bridge/plain_dataset.h"
#include "imaging_bridge/little_endian.h"

namespace imaging::deid {
namespace {

using bridge::PlainDataSet;

constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
constexpr std::uint32_t kPixelData = 0x7FE00010u;

std::atomic<bool> plain_engine{true};
std::atomic<std::uint64_t> plain_engine_uses{0};

using bridge::le16;
using bridge::le32;

// DCMTK's enum for a two-letter VR, looked up in a table made once.
DcmEVR evrOf(const char* vr) {
  static const std::array<DcmEVR, 26 * 26> table = [] {
    std::array<DcmEVR, 26 * 26> t{};
    t.fill(EVR_UNKNOWN);
    for (char a = 'A'; a <= 'Z'; ++a)
      for (char b = 'A'; b <= 'Z'; ++b) {
        const char name[3] = {a, b, 0};
        if (PlainDataSet::isKnownVrCode(name)) t[(a - 'A') * 26 + (b - 'A')] = DcmVR(name).getEVR();
      }
    return t;
  }();
  if (vr[0] < 'A' || vr[0] > 'Z' || vr[1] < 'A' || vr[1] > 'Z') return EVR_UNKNOWN;
  return table[(vr[0] - 'A') * 26 + (vr[1] - 'A')];
}

// Bytes per value of a binary VR (0: not one). A value that is not a whole number of them is
// left to DCMTK, which may correct its length while reading.
std::size_t unitOf(DcmEVR vr) {
  switch (vr) {
    case EVR_US: case EVR_SS: case EVR_OW: return 2;
    case EVR_UL: case EVR_SL: case EVR_FL: case EVR_AT: case EVR_OF: case EVR_OL: return 4;
    case EVR_FD: case EVR_OD: case EVR_OV: case EVR_SV: case EVR_UV: return 8;
    default: return 0;
  }
}

class Parser {
 public:
  // top_level_hint: how many elements the data set may hold at most (the door counted them).
  Parser(std::string_view bytes, bool latin1, std::size_t top_level_hint)
      : bytes_(bytes), latin1_(latin1), top_level_hint_(top_level_hint) {}

  // Elements of one item (or the data set) from pos up to end (or a delimiter when end is open).
  // At the top level, stops at the Pixel Data tag (pixel_at). False: not for the plain path.
  bool item(std::size_t& pos, std::size_t end, bool open, bool top, TreeItem& into, std::size_t& pixel_at) {
    into.elements.reserve(top ? top_level_hint_ : 8);  // one allocation, no moves
    while (true) {
      if (!open && pos == end) return true;
      if (pos + 8 > bytes_.size() || (!open && pos + 8 > end)) return top && open && pos == bytes_.size();
      const auto* h = reinterpret_cast<const unsigned char*>(bytes_.data() + pos);
      const std::uint16_t group = le16(h), elem = le16(h + 2);
      if (group == 0xFFFE) {  // only an item delimiter of an open item is expected here
        if (!open || top || elem != 0xE00D || le32(h + 4) != 0) return false;
        pos += 8;
        return true;
      }
      TreeElement e;
      e.tag = (std::uint32_t{group} << 16) | elem;
      if (top && e.tag == kPixelData) {
        pixel_at = pos;
        return true;
      }
      if (top && (e.tag == 0x7FE00008u || e.tag == 0x7FE00009u)) return false;  // float pixel data
      e.vr[0] = static_cast<char>(h[4]);
      e.vr[1] = static_cast<char>(h[5]);
      e.evr = evrOf(e.vr);
      if (e.evr == EVR_UNKNOWN) return false;
      std::uint32_t length = le16(h + 6);
      std::size_t header = 8;
      if (PlainDataSet::isLongVrCode(e.vr)) {
        if (pos + 12 > bytes_.size()) return false;
        length = le32(h + 8);
        header = 12;
      }
      pos += header;
      if (e.isSequence()) {
        if (!sequence(pos, length, e)) return false;
      } else {
        if (length == kUndefined || pos + length > bytes_.size() || (!open && pos + length > end)) return false;
        const std::size_t unit = unitOf(e.evr);
        if ((length & 1u) != 0 || (unit != 0 && length % unit != 0)) return false;
        e.raw = bytes_.substr(pos, length);
        pos += length;
        if (latin1_ && PlainDataSet::isTextVrCode(e.vr) &&
            std::any_of(e.raw.begin(), e.raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
          // What convertDatasetToUtf8 stores: the machine string converted.
          e.owned = PlainDataSet::latin1ToUtf8(PlainDataSet::machineStringOf(e.vr, e.raw));
          e.changed = true;
        }
      }
      into.elements.push_back(std::move(e));
    }
  }

 private:
  bool sequence(std::size_t& pos, std::uint32_t length, TreeElement& seq) {
    const bool open = length == kUndefined;
    const std::size_t end = open ? bytes_.size() : pos + length;
    if (end > bytes_.size()) return false;
    while (true) {
      if (!open && pos == end) return true;
      if (pos + 8 > end) return false;
      const auto* h = reinterpret_cast<const unsigned char*>(bytes_.data() + pos);
      const std::uint16_t group = le16(h), elem = le16(h + 2);
      const std::uint32_t item_length = le32(h + 4);
      pos += 8;
      if (group != 0xFFFE) return false;
      if (elem == 0xE0DD) return open && item_length == 0;
      if (elem != 0xE000) return false;
      const bool item_open = item_length == kUndefined;
      const std::size_t item_end = item_open ? end : pos + item_length;
      if (item_end > end) return false;
      seq.items.emplace_back();
      std::size_t unused = 0;
      if (!item(pos, item_end, item_open, false, seq.items.back(), unused)) return false;
    }
  }

  std::string_view bytes_;
  bool latin1_;
  std::size_t top_level_hint_;
};

bool writeElements(const TreeItem& item, bridge::ExplicitLittleEndianWriter& out);

// DCMTK's write with explicit lengths: strings as their machine string padded, the rest as held.
bool writeElement(const TreeElement& e, bridge::ExplicitLittleEndianWriter& out) {
  if (e.isSequence()) {
    const std::size_t length_at = out.beginSequence(e.tag, false);
    for (const TreeItem& item : e.items) {
      const std::size_t item_length_at = out.beginItem(false);
      if (!writeElements(item, out)) return false;
      out.endItem(item_length_at, false);
    }
    out.endSequence(length_at, false);
    return true;
  }
  // A value too long for a 16-bit length: what DCMTK then does is not copied here.
  if (PlainDataSet::isStringVrCode(e.vr)) return out.stringElement(e.tag, e.vr, e.bytes());
  return out.rawElement(e.tag, e.vr, e.bytes());
}

bool writeElements(const TreeItem& item, bridge::ExplicitLittleEndianWriter& out) {
  for (const TreeElement& e : item.elements) {
    if (e.removed) continue;
    if ((e.tag & 0xFFFF) == 0) return false;  // group lengths: DCMTK recalculates them; not copied here
    if (!writeElement(e, out)) return false;
  }
  return true;
}

}  // namespace

void setPlainEngine(bool enabled) { plain_engine.store(enabled); }
bool plainEngineEnabled() { return plain_engine.load(); }
void notePlainEngineUse() { plain_engine_uses.fetch_add(1, std::memory_order_relaxed); }
std::uint64_t plainEngineUses() { return plain_engine_uses.load(); }

std::optional<PlainTree> readPlainTree(const bridge::InputFile& file, const PlainDataSet& plain) {
  if (!plainEngineEnabled()) return std::nullopt;
  PlainTree tree;
  if (const bridge::PlainElement* charset = plain.find(DCM_SpecificCharacterSet))
    tree.original_charset = plain.normalizedArray(*charset);
  const std::string& cs = tree.original_charset;
  if (!cs.empty() && cs != "ISO_IR 6" && cs != "ISO_IR 192" && cs != "ISO_IR 100") return std::nullopt;
  tree.transfer_syntax_uid = plain.metaString(DCM_TransferSyntaxUID);
  for (const bridge::PlainElement& m : plain.meta()) tree.meta_tags.push_back(m.tag);

  // The header must lie in the bytes the door read first (up to 64 KiB): no second read.
  const std::size_t available = static_cast<std::size_t>(std::min<std::uint64_t>(file.size(), 1u << 16));
  const char* head = file.headBytes(0, available);
  if (head == nullptr || available < 144) return std::nullopt;
  const std::string_view bytes(head, available);
  std::size_t pos = 144 + le32(reinterpret_cast<const unsigned char*>(head) + 140);
  std::size_t pixel_at = 0;
  // The door's count of every element (nested ones too) bounds the top level; the marks come on top.
  Parser parser(bytes, cs == "ISO_IR 100", plain.elements().size() + 8);
  if (!parser.item(pos, bytes.size(), /*open=*/true, /*top=*/true, tree.dataset, pixel_at)) return std::nullopt;
  if (pixel_at == 0) {
    if (available != file.size()) return std::nullopt;
    tree.pixels.kind = HeaderLoad::NoPixelData;
    return tree;
  }
  const bool encapsulated = tree.transfer_syntax_uid != "1.2.840.10008.1.2.1";
  tree.pixels = pixelDataExtent(file, pixel_at, /*explicit_vr=*/true, encapsulated);
  if (tree.pixels.kind != HeaderLoad::PixelDataFollows) return std::nullopt;
  return tree;
}

std::string treeMachineString(const TreeElement& e) { return PlainDataSet::machineStringOf(e.vr, e.bytes()); }
std::string treeValue(const TreeElement& e) { return PlainDataSet::normalizedArrayOf(e.vr, e.bytes()); }

TreeElement* findElement(TreeItem& item, std::uint32_t tag) {
  const auto it = std::lower_bound(item.elements.begin(), item.elements.end(), tag,
                                   [](const TreeElement& e, std::uint32_t t) { return e.tag < t; });
  return it != item.elements.end() && it->tag == tag && !it->removed ? &*it : nullptr;
}

const TreeElement* findElement(const TreeItem& item, std::uint32_t tag) {
  return findElement(const_cast<TreeItem&>(item), tag);
}

TreeElement& putElement(TreeItem& item, std::uint32_t tag, const char* vr, const std::string& value) {
  auto it = std::lower_bound(item.elements.begin(), item.elements.end(), tag,
                             [](const TreeElement& e, std::uint32_t t) { return e.tag < t; });
  if (it == item.elements.end() || it->tag != tag) it = item.elements.insert(it, TreeElement{});
  TreeElement& e = *it;
  e = TreeElement{};
  e.tag = tag;
  e.vr[0] = vr[0];
  e.vr[1] = vr[1];
  e.evr = evrOf(vr);
  e.changed = true;
  e.owned = std::string(value.c_str());
  return e;
}

bool putValue(TreeElement& e, const std::string& value) {
  if (PlainDataSet::isStringVrCode(e.vr)) {
    e.owned = std::string(value.c_str());  // DCMTK takes a C string
    e.changed = true;
    return true;
  }
  const std::size_t unit = unitOf(e.evr);
  if (value != "0" || unit == 0 || e.evr == EVR_AT || e.evr == EVR_OW || e.evr == EVR_OF || e.evr == EVR_OD ||
      e.evr == EVR_OL || e.evr == EVR_OV)
    return false;
  e.owned.assign(unit, '\0');  // one value, zero (the engine's only number)
  e.changed = true;
  return true;
}

void clearValue(TreeElement& e) {
  e.owned.clear();
  e.changed = true;
  e.items.clear();
}

std::optional<std::string> writePlainTree(const PlainTree& tree, const std::string& sop_class_uid,
                                          const std::string& sop_instance_uid) {
  std::string out = bridge::part10Header(sop_class_uid, sop_instance_uid, tree.transfer_syntax_uid);
  bridge::ExplicitLittleEndianWriter writer(out);
  if (!writeElements(tree.dataset, writer)) return std::nullopt;
  return out;
}

}  // namespace imaging::deid
