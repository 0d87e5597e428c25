#include "imaging_bridge/element_index.h"

#include <algorithm>

namespace imaging::bridge {
namespace {

std::uint32_t keyOf(const DcmTagKey& tag) {
  return (std::uint32_t{tag.getGroup()} << 16) | tag.getElement();
}

}  // namespace

ElementIndex::ElementIndex(DcmItem& item) {
  elements_.reserve(item.card());
  // nextInContainer is O(1) when called with the element it returned last.
  for (DcmObject* object = item.nextInContainer(nullptr); object != nullptr; object = item.nextInContainer(object))
    elements_.emplace_back(keyOf(object->getTag()), static_cast<DcmElement*>(object));
  // DCMTK inserts in tag order; sort anyway so a lookup can never miss an element.
  if (!std::is_sorted(elements_.begin(), elements_.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; }))
    std::stable_sort(elements_.begin(), elements_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

DcmElement* ElementIndex::find(const DcmTagKey& tag) const {
  const std::uint32_t key = keyOf(tag);
  const auto it = std::lower_bound(elements_.begin(), elements_.end(), key,
                                   [](const auto& entry, std::uint32_t k) { return entry.first < k; });
  return it != elements_.end() && it->first == key ? it->second : nullptr;
}

std::string ElementIndex::string(const DcmTagKey& tag) const {
  DcmElement* element = find(tag);
  OFString value;
  if (element != nullptr && element->getOFStringArray(value, OFFalse).good()) return std::string(value.c_str(), value.length());
  return {};
}

int ElementIndex::integer(const DcmTagKey& tag, int fallback) const {
  DcmElement* element = find(tag);
  if (element == nullptr) return fallback;
  Sint32 s = 0;
  if (element->getSint32(s, 0).good()) return s;
  Uint16 u = 0;
  if (element->getUint16(u, 0).good()) return u;
  return leadingInteger(string(tag), fallback);
}

std::optional<double> ElementIndex::float64(const DcmTagKey& tag, unsigned long position) const {
  DcmElement* element = find(tag);
  Float64 value = 0;
  if (element != nullptr && element->getFloat64(value, position).good()) return value;
  return std::nullopt;
}

}  // namespace imaging::bridge
