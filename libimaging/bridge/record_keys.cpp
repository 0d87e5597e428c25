#include "imaging_bridge/record_keys.h"

namespace imaging::bridge {
namespace {

bool normalizedValue(DcmItem& item, const DcmTagKey& tag, std::string& out) {
  OFString v;
  if (item.findAndGetOFStringArray(tag, v).bad()) return false;
  out.assign(v.c_str(), v.length());
  return true;
}

}  // namespace

RecordKeyValues readRecordKeys(DcmItem& d, const std::vector<std::uint32_t>& tags) {
  RecordKeyValues r;
  for (const std::uint32_t t : tags) {
    const DcmTagKey tag(static_cast<Uint16>(t >> 16), static_cast<Uint16>(t & 0xFFFF));
    std::string v;
    if (normalizedValue(d, tag, v)) {
      r.keys.emplace_back(t, std::move(v));
    } else if (tag == DCM_VerificationDateTime) {
      // An SR holds it in the Verifying Observer Sequence: the latest verification.
      DcmSequenceOfItems* observers = nullptr;
      if (d.findAndGetSequence(DCM_VerifyingObserverSequence, observers).good() && observers && observers->card() > 0 &&
          normalizedValue(*observers->getItem(observers->card() - 1), tag, v) && !v.empty())
        r.keys.emplace_back(t, std::move(v));
    }
  }
  DcmItem* code = nullptr;
  if (d.findAndGetSequenceItem(DCM_ConceptNameCodeSequence, code, 0).good() && code != nullptr) {
    normalizedValue(*code, DCM_CodeValue, r.concept_code_value);
    normalizedValue(*code, DCM_CodingSchemeDesignator, r.concept_coding_scheme);
    normalizedValue(*code, DCM_CodeMeaning, r.concept_code_meaning);
  }
  return r;
}

}  // namespace imaging::bridge
