#include "output_charset.h"

#include <algorithm>

#include "dataset_values.h"
#include "imaging/deid/attribute_override.h"

namespace imaging::deid {

bool hasNonAsciiText(DcmItem& item) {
  return !bridge::forEachValueElement(item, [](DcmElement& elem) {
    return !(isTextVr(elem.ident()) && !isAscii(valueOf(elem)));
  });
}

bool hasNonAsciiReplace(const DeidConfig& config) {
  return std::any_of(config.overrides.begin(), config.overrides.end(), [](const AttributeOverride& o) {
    return o.action == OverrideAction::Replace &&
           std::any_of(o.value.begin(), o.value.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  });
}

// After conversion all text is UTF-8 and no item declares its own Specific Character Set any more
// (convertDatasetToUtf8 removes item-level ones), so the dataset's value applies to every item:
// ISO_IR 192 while non-ASCII text remains, else the original value (ASCII is valid in it).
void setCharacterSet(DcmDataset& dataset, const std::string& original, bool converted, bool non_ascii_replace) {
  if (!converted) {
    if (non_ascii_replace && original != "ISO_IR 192" && hasNonAsciiText(dataset))
      dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    return;
  }
  if (hasNonAsciiText(dataset)) {
    dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  } else if (original.empty()) {
    dataset.findAndDeleteElement(DCM_SpecificCharacterSet);
  } else {
    dataset.putAndInsertString(DCM_SpecificCharacterSet, original.c_str());
  }
}

bool hasNonAsciiText(const TreeItem& item) {
  for (const TreeElement& e : item.elements) {
    if (e.removed) continue;
    if (e.isSequence()) {
      for (const TreeItem& child : e.items)
        if (hasNonAsciiText(child)) return true;
    } else if (isTextVr(e.evr) && !isAscii(treeValue(e))) {
      return true;
    }
  }
  return false;
}

void setCharacterSet(TreeItem& dataset, const std::string& original, bool converted, bool non_ascii_replace) {
  constexpr std::uint32_t kCharset = 0x00080005u;
  if (!converted) {
    if (non_ascii_replace && original != "ISO_IR 192" && hasNonAsciiText(dataset))
      putElement(dataset, kCharset, "CS", "ISO_IR 192");
    return;
  }
  if (hasNonAsciiText(dataset)) {
    putElement(dataset, kCharset, "CS", "ISO_IR 192");
  } else if (original.empty()) {
    if (TreeElement* e = findElement(dataset, kCharset)) e->removed = true;
  } else {
    putElement(dataset, kCharset, "CS", original);
  }
}

}  // namespace imaging::deid
