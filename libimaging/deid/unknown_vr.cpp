#include "unknown_vr.h"

namespace imaging::deid {

DcmEVR stringVrFor(DcmElement& elem) {
  const DcmEVR vr = elem.ident();
  if (vr != EVR_UN && vr != EVR_OB) return EVR_UNKNOWN;
  const DcmTagKey key = elem.getTag().getXTag();
  if (key.getGroup() & 1u) return EVR_UNKNOWN;
  const DcmTag dictionary_tag(key);  // VR from the data dictionary
  const DcmEVR wanted = dictionary_tag.getEVR();
  return bridge::isStringVr(wanted) ? wanted : EVR_UNKNOWN;
}

std::string rawText(DcmElement& elem) {
  Uint8* bytes = nullptr;
  if (elem.getUint8Array(bytes).bad() || !bytes) return {};
  std::string text(reinterpret_cast<const char*>(bytes), elem.getLength());
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

DcmElement* normalizeUnknownVr(DcmItem& item, DcmElement* elem) {
  const DcmEVR wanted = stringVrFor(*elem);
  if (wanted == EVR_UNKNOWN) return elem;
  const std::string text = rawText(*elem);
  DcmTag tag(elem->getTag().getXTag(), DcmVR(wanted));
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
