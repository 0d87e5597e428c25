#include "output_charset.h"

#include "dataset_values.h"

namespace imaging::deid {

bool hasNonAsciiText(DcmItem& item) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* elem = static_cast<DcmElement*>(obj);
    if (elem->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(elem);
      for (unsigned long i = 0; i < seq->card(); ++i)
        if (hasNonAsciiText(*seq->getItem(i))) return true;
    } else if (isTextVr(elem->ident())) {
      if (!isAscii(valueOf(*elem))) return true;
    }
  }
  return false;
}

// After conversion all text is UTF-8 and no item declares its own Specific Character Set any more
// (convertDatasetToUtf8 removes item-level ones), so the dataset's value applies to every item:
// ISO_IR 192 while non-ASCII text remains, else the original value (ASCII is valid in it).
void setCharacterSet(DcmDataset& dataset, const std::string& original, bool converted) {
  if (!converted) return;
  if (hasNonAsciiText(dataset)) {
    dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  } else if (original.empty()) {
    dataset.findAndDeleteElement(DCM_SpecificCharacterSet);
  } else {
    dataset.putAndInsertString(DCM_SpecificCharacterSet, original.c_str());
  }
}

}  // namespace imaging::deid
