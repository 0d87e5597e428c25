#include "unknown_vr.h"

namespace imaging::deid {

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
