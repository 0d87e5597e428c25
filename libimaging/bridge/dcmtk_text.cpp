#include <cstdlib>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {

std::string getString(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value, OFFalse).good()) return std::string(value.c_str(), value.length());
  return {};
}

int getInt(DcmItem& item, const DcmTagKey& tag, int fallback) {
  Sint32 s = 0;
  if (item.findAndGetSint32(tag, s, 0, OFFalse).good()) return s;
  Uint16 u = 0;
  if (item.findAndGetUint16(tag, u, 0, OFFalse).good()) return u;
  const std::string text = getString(item, tag);
  if (text.empty()) return fallback;
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  return end == text.c_str() ? fallback : static_cast<int>(v);
}

bool isStringVr(DcmEVR vr) noexcept {
  switch (vr) {
    case EVR_AE: case EVR_AS: case EVR_CS: case EVR_DA: case EVR_DS: case EVR_DT: case EVR_IS:
    case EVR_LO: case EVR_LT: case EVR_PN: case EVR_SH: case EVR_ST: case EVR_TM: case EVR_UC:
    case EVR_UI: case EVR_UR: case EVR_UT:
      return true;
    default:
      return false;
  }
}

bool convertDatasetToUtf8(DcmDataset& dataset) {
  // No Specific Character Set means ASCII (a subset of UTF-8): nothing to do.
  OFString charset;
  if (dataset.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset).bad() || charset.empty()) return true;
  if (charset == "ISO_IR 192") return true;
  return dataset.convertToUTF8().good();
}

}  // namespace imaging::bridge
