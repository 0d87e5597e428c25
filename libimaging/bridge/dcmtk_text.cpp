#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include <dcmtk/dcmdata/dcspchrs.h>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/japanese_text.h"

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
  return leadingInteger(getString(item, tag), fallback);
}

int leadingInteger(const std::string& text, int fallback) {
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

namespace {

constexpr const char* kUtf8Charset = "ISO_IR 192";

// The item's own Specific Character Set (all values, backslash-joined), or "" when absent or empty.
std::string declaredCharset(DcmItem& item) {
  OFString value;
  if (item.findAndGetOFStringArray(DCM_SpecificCharacterSet, value, OFFalse).bad()) return {};
  return std::string(value.c_str(), value.length());
}

// Text in these is already UTF-8 (ASCII is a subset of it), as far as the engine is concerned.
bool needsNoConversion(const std::string& charset) {
  return charset.empty() || charset == "ISO_IR 6" || charset == kUtf8Charset;
}

// One converter per distinct source character set of the dataset; null when DCMTK cannot convert it.
class Utf8Converters {
 public:
  DcmSpecificCharacterSet* from(const std::string& charset) {
    const auto found = converters_.find(charset);
    if (found != converters_.end()) return found->second.get();
    auto converter = std::make_unique<DcmSpecificCharacterSet>();
    if (converter->selectCharacterSet(charset.c_str(), kUtf8Charset).bad()) converter.reset();
    return (converters_[charset] = std::move(converter)).get();
  }

 private:
  std::map<std::string, std::unique_ptr<DcmSpecificCharacterSet>> converters_;
};

// A text element and its value converted to UTF-8, held aside until every value has converted.
struct ConvertedValue {
  DcmElement* target;
  std::unique_ptr<DcmElement> converted;
};

struct ItemLevelConversion {
  Utf8Converters converters;
  std::vector<ConvertedValue> values;
  std::vector<DcmItem*> declaring_items;  // sequence items with their own (0008,0005)
};

// Converts (into copies) the text of `item` written in `charset`, and of its sequence items, each
// in its own Specific Character Set where it declares one (PS3.3 C.12.1.1.2), else in the one it
// inherits. Each element goes through DCMTK's own per-VR conversion (delimiters for ISO 2022).
bool collectConversions(DcmItem& item, const std::string& charset, ItemLevelConversion& run) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* elem = static_cast<DcmElement*>(obj);
    if (elem->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(elem);
      for (unsigned long i = 0; i < seq->card(); ++i) {
        DcmItem& child = *seq->getItem(i);
        if (child.tagExists(DCM_SpecificCharacterSet, OFFalse)) run.declaring_items.push_back(&child);
        // An empty item-level value is treated as absent: the enclosing character set applies.
        const std::string own = declaredCharset(child);
        if (!collectConversions(child, own.empty() ? charset : own, run)) return false;
      }
      continue;
    }
    if (needsNoConversion(charset) || !elem->isAffectedBySpecificCharacterSet() || elem->getLength() == 0) continue;
    DcmSpecificCharacterSet* converter = run.converters.from(charset);
    if (converter == nullptr) return false;
    std::unique_ptr<DcmElement> copy(static_cast<DcmElement*>(elem->clone()));
    if (copy->convertCharacterSet(*converter).bad()) return false;
    run.values.push_back({elem, std::move(copy)});
  }
  return true;
}

// DCMTK 3.6.7's convertToUTF8() reads (0008,0005) of the dataset only: text in an item that
// declares its own character set is decoded with the dataset's, and the item keeps its now wrong
// declaration. This conversion honours item-level declarations and removes them, so that the
// dataset's ISO_IR 192 applies to every item. All or nothing: nothing changes unless every value
// converts.
// Puts every converted value in place and removes the item-level declarations.
void applyConversions(ItemLevelConversion& run) {
  for (ConvertedValue& value : run.values) {
    char* text = nullptr;
    Uint32 length = 0;
    if (value.converted->getString(text, length).bad() || text == nullptr) length = 0;
    value.target->putString(length == 0 ? "" : text, length);
  }
  for (DcmItem* item : run.declaring_items) item->findAndDeleteElement(DCM_SpecificCharacterSet, OFFalse, OFFalse);
}

bool convertWithItemLevelCharsets(DcmDataset& dataset) {
  ItemLevelConversion run;
  if (!collectConversions(dataset, declaredCharset(dataset), run)) return false;
  applyConversions(run);
  dataset.putAndInsertString(DCM_SpecificCharacterSet, kUtf8Charset);
  return true;
}

}  // namespace

bool hasItemLevelCharacterSet(DcmItem& item) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    if (static_cast<DcmElement*>(obj)->ident() != EVR_SQ) continue;
    auto* seq = static_cast<DcmSequenceOfItems*>(obj);
    for (unsigned long i = 0; i < seq->card(); ++i) {
      DcmItem& child = *seq->getItem(i);
      if (child.tagExists(DCM_SpecificCharacterSet, OFFalse) || hasItemLevelCharacterSet(child)) return true;
    }
  }
  return false;
}

bool convertSequenceItemToUtf8(DcmItem& item) {
  ItemLevelConversion run;
  if (item.tagExists(DCM_SpecificCharacterSet, OFFalse)) run.declaring_items.push_back(&item);
  const std::string own = declaredCharset(item);
  if (!collectConversions(item, own, run)) return false;  // "": the data set's, which needs none
  applyConversions(run);
  return true;
}

bool convertDatasetToUtf8(DcmDataset& dataset) {
  if (hasItemLevelCharacterSet(dataset)) return convertWithItemLevelCharsets(dataset);
  // No Specific Character Set means ASCII (a subset of UTF-8): nothing to do.
  OFString charset;
  if (dataset.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset).bad() || charset.empty()) return true;
  if (charset == "ISO_IR 192") return true;
  const std::string declared(charset.c_str(), charset.length());
  if (isJapaneseCharacterSet(declared)) return convertJapaneseToUtf8(dataset, declared);
  return dataset.convertToUTF8().good();
}

}  // namespace imaging::bridge
