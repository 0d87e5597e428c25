#pragma once
// The engine's two views of a data set (dataset_engine.cpp's FileRun is one template over them):
// DCMTK's object tree, which every file can take, and a plain file's own tree (plain_tree.h), which
// throws PlainUnsupported wherever it cannot answer exactly as DCMTK would, so that the caller runs
// the file through DCMTK instead. Private to the engine.
#include <string>
#include <vector>

#include "dataset_engine.h"
#include "dataset_values.h"
#include "harvest.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/plain_dataset.h"
#include "plain_tree.h"
#include "unknown_vr.h"

namespace imaging::deid {

inline bool isBinaryNumberVr(DcmEVR vr) {
  switch (vr) {
    case EVR_US: case EVR_SS: case EVR_UL: case EVR_SL: case EVR_FL: case EVR_FD: case EVR_AT:
      return true;
    default:
      return false;
  }
}

// What an element held, in words, for a recorded change.
inline std::string describeElement(DcmElement& elem) {
  if (elem.ident() == EVR_SQ) {
    return "(sequence of " + std::to_string(static_cast<DcmSequenceOfItems&>(elem).card()) + " items)";
  }
  const DcmEVR vr = elem.ident();
  if (bridge::isStringVr(vr) || (isBinaryNumberVr(vr) && elem.getLength() <= 64)) {
    OFString value;
    if (elem.getOFStringArray(value).good()) return std::string(value.c_str(), value.length());
  }
  return "(" + std::to_string(elem.getLength()) + " bytes)";
}

// The engine's view of DCMTK's object tree (the path every file can take).
struct DcmtkTree {
  using Item = DcmItem;
  using Element = DcmElement;

  static void elementsOf(Item& item, std::vector<Element*>& out) {
    out.reserve(item.card());
    DcmObject* obj = nullptr;
    while ((obj = item.nextInContainer(obj)) != nullptr) out.push_back(static_cast<DcmElement*>(obj));
  }
  static DcmEVR vr(Element& e) { return e.ident(); }
  static DcmTagKey key(Element& e) { return e.getTag().getXTag(); }
  static std::string value(Element& e) { return valueOf(e); }
  static std::string describe(Element& e) { return describeElement(e); }
  static std::string tagName(Element& e) { return DcmTag(e.getTag()).getTagName(); }
  static void put(Element& e, const std::string& v) { e.putString(v.c_str()); }
  static void clear(Element& e) {
    if (e.ident() == EVR_SQ) static_cast<DcmSequenceOfItems&>(e).clear();
    else e.clear();
  }
  static std::size_t itemCount(Element& e) { return static_cast<DcmSequenceOfItems&>(e).card(); }
  static Item& itemAt(Element& e, std::size_t i) { return *static_cast<DcmSequenceOfItems&>(e).getItem(i); }
  static void remove(Item& item, Element* e) { delete item.remove(e); }
  static Element* normalizeUnknownVr(Item& item, Element* e) { return deid::normalizeUnknownVr(item, e); }
  static bool bytes(Element& e, std::string& out) {
    Uint8* b = nullptr;
    if (e.getUint8Array(b).bad() || !b) return false;
    out.assign(reinterpret_cast<const char*>(b), e.getLength());
    return true;
  }
  static std::string conceptCode(Item& item) {
    DcmItem* concept_item = nullptr;
    if (item.findAndGetSequenceItem(DCM_ConceptNameCodeSequence, concept_item, 0, OFFalse).bad() || !concept_item)
      return {};
    return bridge::getString(*concept_item, DCM_CodeValue);
  }
  static std::string string(Item& item, const DcmTagKey& tag) { return bridge::getString(item, tag); }
  static bool exists(Item& item, const DcmTagKey& tag) { return item.tagExists(tag); }
  static std::vector<std::string> harvest(Item& item, const HarvestScope& scope) {
    return deid::harvestFromDataset(item, scope);
  }
};

// The engine's view of a plain file's tree (plain_tree.h). What this view cannot answer the way
// DCMTK would throws PlainUnsupported, and the caller runs the file through DCMTK instead.
struct PlainTreeOps {
  using Item = TreeItem;
  using Element = TreeElement;

  static void elementsOf(Item& item, std::vector<Element*>& out) {
    out.reserve(item.elements.size());
    for (TreeElement& e : item.elements)
      if (!e.removed) out.push_back(&e);
  }
  static DcmEVR vr(Element& e) { return e.evr; }
  static DcmTagKey key(Element& e) { return e.key(); }
  static std::string value(Element& e) {
    if (!bridge::PlainDataSet::isStringVrCode(e.vr)) throw PlainUnsupported();
    return treeValue(e);
  }
  static std::string describe(Element&) { throw PlainUnsupported(); }  // recorded runs take DCMTK's path
  static std::string tagName(Element&) { throw PlainUnsupported(); }
  static void put(Element& e, const std::string& v) {
    if (!putValue(e, v)) throw PlainUnsupported();
  }
  static void clear(Element& e) { clearValue(e); }
  static std::size_t itemCount(Element& e) { return e.items.size(); }
  static Item& itemAt(Element& e, std::size_t i) { return e.items[i]; }
  static void remove(Item&, Element* e) { e->removed = true; }
  static Element* normalizeUnknownVr(Item&, Element* e) {
    // An OB where the dictionary wants a sequence or text: DCMTK's path decodes it.
    if (e->evr == EVR_OB && (e->tag & 0x00010000u) == 0) {
      const DcmEVR wanted = DcmTag(e->key()).getEVR();
      if (wanted == EVR_SQ || bridge::isStringVr(wanted)) throw PlainUnsupported();
    }
    return e;
  }
  static bool bytes(Element& e, std::string& out) {
    out.assign(e.bytes());
    return true;
  }
  static std::string conceptCode(Item& item) {
    TreeElement* seq = findElement(item, 0x0040A043u);
    if (seq == nullptr || seq->evr != EVR_SQ || seq->items.empty()) return {};
    return string(seq->items.front(), DCM_CodeValue);
  }
  static std::string string(Item& item, const DcmTagKey& tag) {
    TreeElement* e = findElement(item, (std::uint32_t{tag.getGroup()} << 16) | tag.getElement());
    return e == nullptr ? std::string() : value(*e);
  }
  static bool exists(Item& item, const DcmTagKey& tag) {
    return findElement(item, (std::uint32_t{tag.getGroup()} << 16) | tag.getElement()) != nullptr;
  }
  static std::vector<std::string> harvest(Item&, const HarvestScope&) { throw PlainUnsupported(); }
};

}  // namespace imaging::deid
