#include "unknown_vr.h"

#include "imaging_bridge/dicom_file.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "imaging_bridge/little_endian.h"

namespace imaging::deid {
namespace {

constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
constexpr std::uint64_t kOpen = UINT64_MAX;  // a frame that ends at a delimiter

using bridge::le16;
using bridge::le32;

DcmEVR dictionaryVr(const DcmTagKey& key) { return DcmTag(key).getEVR(); }

// Walks the bytes without recursion (DCMTK's parser recurses per level, so depth is checked before
// it sees them): a clean list of items, each a list of elements whose lengths stay inside their
// item, delimiters only where an undefined length opened one, nothing left over.
bool isCleanItemList(const Uint8* p, std::size_t n, unsigned max_depth) {
  struct Frame {
    bool in_item;      // elements expected (else items)
    std::uint64_t end;  // absolute end, or kOpen
  };
  std::vector<Frame> stack{{false, n}};
  std::uint64_t pos = 0;
  while (!stack.empty()) {
    const Frame f = stack.back();
    if (f.end != kOpen && pos == f.end) {
      stack.pop_back();
      continue;
    }
    const std::uint64_t limit = f.end == kOpen ? n : f.end;
    if (pos + 8 > limit) return false;
    const std::uint16_t g = le16(p + pos), e = le16(p + pos + 2);
    const std::uint32_t len = le32(p + pos + 4);
    pos += 8;
    const bool defined = len != kUndefined;
    if (defined && pos + len > limit) return false;
    if (!f.in_item) {
      if (g == 0xFFFE && e == 0xE0DD) {  // sequence delimiter
        if (f.end != kOpen || len != 0) return false;
        stack.pop_back();
        continue;
      }
      if (g != 0xFFFE || e != 0xE000) return false;
      stack.push_back({true, defined ? pos + len : kOpen});
    } else {
      if (g == 0xFFFE && e == 0xE00D) {  // item delimiter
        if (f.end != kOpen || len != 0) return false;
        stack.pop_back();
        continue;
      }
      if (g == 0xFFFE) return false;
      if (!defined) {
        stack.push_back({false, kOpen});  // a nested sequence (SQ or UN) of undefined length
      } else if (dictionaryVr(DcmTagKey(g, e)) == EVR_SQ) {
        stack.push_back({false, pos + len});
      } else {
        pos += len;
      }
    }
    if (stack.size() > max_depth + 1) return false;
  }
  return pos == n;
}

bool isAscii(const char* s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  return true;
}

bool isUtf8(const char* s, std::size_t n) {
  for (std::size_t i = 0; i < n;) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c < 0x80) extra = 0;
    else if ((c & 0xE0) == 0xC0) extra = 1;
    else if ((c & 0xF0) == 0xE0) extra = 2;
    else if ((c & 0xF8) == 0xF0) extra = 3;
    else return false;
    if (n - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
}

// The Specific Character Set of the data set that holds item (walking up through the sequences).
std::string rootCharacterSet(DcmItem& item) {
  DcmObject* top = &item;
  while (top->getParent() != nullptr) top = top->getParent();
  if (top->ident() != EVR_dataset && top->ident() != EVR_item) return {};
  return bridge::getString(static_cast<DcmItem&>(*top), DCM_SpecificCharacterSet);
}

// Text decoded from UN was not part of the data set's character set conversion: non-ASCII text is
// kept only where it is valid UTF-8 and the data set declares UTF-8; otherwise it is emptied.
void emptyUncheckableText(DcmSequenceOfItems& seq, bool utf8) {
  std::vector<DcmItem*> items;
  for (unsigned long i = 0; i < seq.card(); ++i) items.push_back(seq.getItem(i));
  while (!items.empty()) {
    DcmItem* item = items.back();
    items.pop_back();
    DcmObject* obj = nullptr;
    while ((obj = item->nextInContainer(obj)) != nullptr) {
      auto* elem = static_cast<DcmElement*>(obj);
      if (elem->ident() == EVR_SQ) {
        auto& inner = static_cast<DcmSequenceOfItems&>(*elem);
        for (unsigned long i = 0; i < inner.card(); ++i) items.push_back(inner.getItem(i));
        continue;
      }
      if (!bridge::isStringVr(elem->ident())) continue;
      char* value = nullptr;
      if (elem->getString(value).bad() || value == nullptr) continue;
      const std::size_t n = elem->getLength();
      if (isAscii(value, n) || (utf8 && isUtf8(value, n))) continue;
      elem->putString("");
    }
  }
}

DcmElement* removeUndecodable(DcmItem& item, DcmElement* elem) {
  delete item.remove(elem);
  return nullptr;
}

}  // namespace

DcmSequenceOfItems* decodeUnknownSequence(const DcmTagKey& tag, const Uint8* bytes, std::size_t length,
                                          unsigned max_depth) {
  if (length >= kUndefined || (length > 0 && bytes == nullptr)) return nullptr;
  if (!isCleanItemList(bytes, length, max_depth)) return nullptr;
  // The value as one implicit VR little endian element: the dictionary makes it a sequence.
  std::vector<Uint8> buffer(8 + length);
  const Uint8 header[8] = {static_cast<Uint8>(tag.getGroup() & 0xFF),   static_cast<Uint8>(tag.getGroup() >> 8),
                           static_cast<Uint8>(tag.getElement() & 0xFF), static_cast<Uint8>(tag.getElement() >> 8),
                           static_cast<Uint8>(length & 0xFF),           static_cast<Uint8>((length >> 8) & 0xFF),
                           static_cast<Uint8>((length >> 16) & 0xFF),   static_cast<Uint8>((length >> 24) & 0xFF)};
  std::copy(header, header + 8, buffer.begin());
  if (length > 0) std::copy(bytes, bytes + length, buffer.begin() + 8);
  DcmDataset holder;
  if (!bridge::parseImplicitLittleEndian(buffer.data(), buffer.size(), holder) || holder.card() != 1) return nullptr;
  DcmElement* elem = nullptr;
  if (holder.findAndGetElement(tag, elem, OFFalse).bad() || elem == nullptr || elem->ident() != EVR_SQ) return nullptr;
  return static_cast<DcmSequenceOfItems*>(holder.remove(elem));
}

DcmElement* normalizeUnknownVr(DcmItem& item, DcmElement* elem) {
  const DcmEVR vr = elem->ident();
  if (vr != EVR_UN && vr != EVR_OB) return elem;
  const DcmTagKey key = elem->getTag().getXTag();
  if (key.getGroup() & 1u) return elem;  // private: handled (removed or checked) as private
  const DcmEVR wanted = dictionaryVr(key);
  if (wanted == EVR_SQ) {
    Uint8* bytes = nullptr;
    if (elem->getLength() > 0 && (elem->getUint8Array(bytes).bad() || bytes == nullptr))
      return removeUndecodable(item, elem);
    DcmSequenceOfItems* seq = decodeUnknownSequence(key, bytes, elem->getLength());
    if (seq == nullptr) return removeUndecodable(item, elem);
    emptyUncheckableText(*seq, rootCharacterSet(item) == "ISO_IR 192");
    if (item.insert(seq, /*replaceOld=*/true).bad()) {
      delete seq;
      return removeUndecodable(item, elem);
    }
    return seq;  // insert(replaceOld) deleted the UN element
  }
  if (vr == EVR_UN && (wanted == EVR_UNKNOWN || wanted == EVR_UNKNOWN2B || wanted == EVR_UN))
    return removeUndecodable(item, elem);  // a standard tag nobody can read: never copied
  if (stringVrFor(*elem) == EVR_UNKNOWN) return elem;  // binary numbers, OB/OW: kept as bytes
  const std::string text = rawText(*elem);
  DcmTag tag(key, DcmVR(wanted));
  DcmElement* replacement = DcmItem::newDicomElement(tag);
  if (!replacement) return elem;
  replacement->putString(text.c_str());
  if (item.insert(replacement, /*replaceOld=*/true).bad()) {
    delete replacement;
    return elem;
  }
  return replacement;  // insert(replaceOld) deleted the UN element
}

}  // namespace imaging::deid
