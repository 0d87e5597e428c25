#include "output_charset.h"

#include <algorithm>
#include <iterator>

#include "dataset_values.h"
#include "imaging/deid/attribute_override.h"
#include "imaging_bridge/replaceable_uids.h"

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

namespace {

enum class CharsetChange { Keep, Utf8, Remove, Original };

// After conversion all text is UTF-8 and no item declares its own Specific Character Set any more
// (convertDatasetToUtf8 removes item-level ones), so the dataset's value applies to every item:
// ISO_IR 192 while non-ASCII text remains, else the original value (ASCII is valid in it).
// One decision for both views of a data set; has_non_ascii walks the tree only when asked.
// The defined terms of Specific Character Set (PS3.3 C.12.1.1.2). Any other value is not a
// character set but text someone typed there (a red team put the patient's name in it): it is not
// copied. Text that could not be converted was emptied where not ASCII, so dropping the value
// leaves the default repertoire, which the remaining text is in.
bool isDefinedCharsetTerm(const std::string& term) {
  static const char* const kTerms[] = {
      "",               "ISO_IR 6",        "ISO_IR 100",      "ISO_IR 101",      "ISO_IR 109",      "ISO_IR 110",
      "ISO_IR 144",     "ISO_IR 127",      "ISO_IR 126",      "ISO_IR 138",      "ISO_IR 148",      "ISO_IR 203",
      "ISO_IR 13",      "ISO_IR 166",      "ISO 2022 IR 6",   "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109",
      "ISO 2022 IR 110", "ISO 2022 IR 144", "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148",
      "ISO 2022 IR 203", "ISO 2022 IR 13", "ISO 2022 IR 166", "ISO 2022 IR 87",  "ISO 2022 IR 159", "ISO 2022 IR 149",
      "ISO 2022 IR 58", "ISO_IR 192",      "GB18030",         "GBK"};
  return std::find(std::begin(kTerms), std::end(kTerms), term) != std::end(kTerms);
}

bool onlyDefinedTerms(const std::string& value) {
  const std::vector<std::string> terms = bridge::splitValues(value);  // trimmed; empty values dropped
  return std::all_of(terms.begin(), terms.end(), isDefinedCharsetTerm);
}

template <class HasNonAscii>
CharsetChange charsetChange(const std::string& original, bool converted, bool non_ascii_replace, HasNonAscii has_non_ascii) {
  if (!converted && !onlyDefinedTerms(original)) return has_non_ascii() ? CharsetChange::Utf8 : CharsetChange::Remove;
  if (!converted)
    return non_ascii_replace && original != "ISO_IR 192" && has_non_ascii() ? CharsetChange::Utf8 : CharsetChange::Keep;
  if (has_non_ascii()) return CharsetChange::Utf8;
  return original.empty() ? CharsetChange::Remove : CharsetChange::Original;
}

}  // namespace

void setCharacterSet(DcmDataset& dataset, const std::string& original, bool converted, bool non_ascii_replace) {
  switch (charsetChange(original, converted, non_ascii_replace, [&dataset] { return hasNonAsciiText(dataset); })) {
    case CharsetChange::Keep: break;
    case CharsetChange::Utf8: dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192"); break;
    case CharsetChange::Remove: dataset.findAndDeleteElement(DCM_SpecificCharacterSet); break;
    case CharsetChange::Original: dataset.putAndInsertString(DCM_SpecificCharacterSet, original.c_str()); break;
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
  switch (charsetChange(original, converted, non_ascii_replace, [&dataset] { return hasNonAsciiText(dataset); })) {
    case CharsetChange::Keep: break;
    case CharsetChange::Utf8: putElement(dataset, kCharset, "CS", "ISO_IR 192"); break;
    case CharsetChange::Remove:
      if (TreeElement* e = findElement(dataset, kCharset)) e->removed = true;
      break;
    case CharsetChange::Original: putElement(dataset, kCharset, "CS", original); break;
  }
}

}  // namespace imaging::deid
