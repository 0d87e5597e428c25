#pragma once
// Small facts about elements that the engine and the output character set both need.
#include <algorithm>
#include <string>

#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

inline bool isTextVr(DcmEVR vr) {
  switch (vr) {
    case EVR_LO: case EVR_SH: case EVR_ST: case EVR_LT: case EVR_UT: case EVR_PN: case EVR_UC:
      return true;
    default:
      return false;
  }
}

inline std::string valueOf(DcmElement& elem) {
  OFString value;
  if (elem.getOFStringArray(value).bad()) return {};
  return std::string(value.c_str(), value.length());
}

inline bool isAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace imaging::deid
