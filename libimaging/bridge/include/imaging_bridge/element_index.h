#pragma once
// The top-level elements of one data set, indexed once for many lookups. DCMTK's findAndGet*
// walk the element list from its start on every call; a reader that takes twenty-odd values from a
// header of a hundred elements spent a quarter of a million instructions per file doing that.
// Each getter gives what DcmItem's findAndGet* of the same name gives with searchIntoSub false.
// The index points into the data set: it is valid until that data set changes.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {

class ElementIndex {
 public:
  explicit ElementIndex(DcmItem& item);

  DcmElement* find(const DcmTagKey& tag) const;
  bool has(const DcmTagKey& tag) const { return find(tag) != nullptr; }
  // The whole value (every multiplicity, backslash-separated), not normalized; "" when absent.
  std::string string(const DcmTagKey& tag) const;
  // Like bridge::getInt: a binary or text integer, else fallback.
  int integer(const DcmTagKey& tag, int fallback = 0) const;
  std::optional<double> float64(const DcmTagKey& tag, unsigned long position = 0) const;

 private:
  std::vector<std::pair<std::uint32_t, DcmElement*>> elements_;  // ascending tags, as DCMTK keeps them
};

}  // namespace imaging::bridge
