#pragma once
// Small facts about elements that the engine and the output character set both need.
#include <algorithm>
#include <array>
#include <string>

#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

// File meta elements the output never carries over (its meta is made anew from the data set):
// source AE titles and private meta information. Each present one counts as a removal.
inline const std::array<DcmTagKey, 5>& metaNotCarriedOver() {
  static const std::array<DcmTagKey, 5> tags = {DCM_SourceApplicationEntityTitle, DCM_SendingApplicationEntityTitle,
                                                DCM_ReceivingApplicationEntityTitle, DCM_PrivateInformationCreatorUID,
                                                DCM_PrivateInformation};
  return tags;
}

inline bool isTextVr(DcmEVR vr) {
  switch (vr) {
    case EVR_LO: case EVR_SH: case EVR_ST: case EVR_LT: case EVR_UT: case EVR_PN: case EVR_UC:
      return true;
    default:
      return false;
  }
}

// String VRs that are not prose (codes, numbers, ages, AE titles, URLs): the allow-list does not
// apply to them, the identifiers harvested from the input do. UI, DA, DT and TM have their own rules.
inline bool isCodedVr(DcmEVR vr) {
  switch (vr) {
    case EVR_CS: case EVR_AE: case EVR_AS: case EVR_IS: case EVR_DS: case EVR_UR:
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
