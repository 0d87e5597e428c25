#include "dicomdir_record_bytes.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <string>

#include "dicomdir_standard.h"
#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/explicit_writer.h"

namespace imaging {
namespace {

constexpr std::uint32_t kConceptNameCodeSequence = 0x0040A043;

// The value as DcmItem::putAndInsertOFStringArray keeps it, which is what DCMTK then writes before
// padding: trailing padding removed, a UID's spaces removed, a UID given by its name ("=...") as
// the UID. A value DCMTK refuses (an unknown UID name) throws, as the DICOMDIR built by DCMTK did.
// The tag is given its VR (recordAttributeVr) and the element is taken by position, not searched
// by tag: a DcmTag made from the tag alone would ask, and so load, DCMTK's data dictionary.
std::string storedValue(std::uint32_t tag, const char vr[2], const std::string& value) {
  const DcmTag dcm_tag(static_cast<Uint16>(tag >> 16), static_cast<Uint16>(tag & 0xFFFF), DcmVR(std::string(vr, 2).c_str()));
  DcmItem scratch;
  const OFCondition cond = scratch.putAndInsertOFStringArray(dcm_tag, OFString(value.data(), value.size()));
  if (cond.bad()) throw bridge::toError(cond, "DICOMDIR record", ErrorCode::Internal);
  DcmElement* element = scratch.getElement(0);
  if (element == nullptr) throw Error(ErrorCode::Internal, "DICOMDIR record");
  OFString stored;
  if (element->getLength() > 0 && element->getOFStringArray(stored, OFFalse).bad())
    throw Error(ErrorCode::Internal, "DICOMDIR record");
  std::string out(stored.c_str(), stored.length());
  // What DCMTK writes is this value padded to an even length; anything else is not understood here.
  if (element->getLength() != out.size() + out.size() % 2) throw Error(ErrorCode::Internal, "DICOMDIR record value");
  return out;
}

bool isVr(const char vr[2], const char* two) { return vr[0] == two[0] && vr[1] == two[1]; }

// Whether DCMTK keeps the value exactly as given: nothing at its end to take off, no NUL, and for
// a UID no white space and no "=" name. Most values are; only the others are put through DCMTK
// (storedValue), some 5 000 instructions a value.
bool keptAsGiven(const char vr[2], const std::string& v) {
  if (v.empty()) return true;
  if (v.back() == ' ') return false;
  const bool uid = isVr(vr, "UI");
  if (uid && v.front() == '=') return false;
  for (const char c : v)
    if (c == '\0' || (uid && (c == ' ' || (c >= '\t' && c <= '\r')))) return false;
  return true;
}

// Text VRs with a 2-byte length in explicit VR, and those with a 4-byte length.
bool isShortTextVr(const char vr[2]) {
  for (const char* v : {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UI"})
    if (isVr(vr, v)) return true;
  return false;
}
bool isLongTextVr(const char vr[2]) { return isVr(vr, "UC") || isVr(vr, "UR") || isVr(vr, "UT"); }

}  // namespace

void patchUint32(std::string& bytes, std::size_t at, std::uint32_t value) {
  bridge::ExplicitLittleEndianWriter(bytes).patchLe32(at, value);
}

void appendTextElement(std::string& out, std::uint32_t tag, const std::string& value) {
  const char* vr = recordAttributeVr(tag);
  if (keptAsGiven(vr, value)) return appendTextElement(out, tag, vr, value);
  appendTextElement(out, tag, vr, storedValue(tag, vr, value));
}

void appendTextElement(std::string& out, std::uint32_t tag, const char vr[2], const std::string& value) {
  if (!isLongTextVr(vr) && !isShortTextVr(vr)) throw Error(ErrorCode::Internal, "DICOMDIR key of a VR that is not text");
  // Odd values take one padding byte, as DCMTK writes them: NUL for UIDs, a space otherwise.
  if (!bridge::ExplicitLittleEndianWriter(out).stringElement(tag, vr, value))
    throw Error(ErrorCode::Internal, "DICOMDIR key value too long");
}

RecordBytes::RecordBytes(const std::string& record_type_name) : type_name_(record_type_name) {}

void RecordBytes::put(std::uint32_t tag, const std::string& value) { values_[tag] = value; }

const std::string* RecordBytes::value(std::uint32_t tag) const {
  const auto found = values_.find(tag);
  return found == values_.end() ? nullptr : &found->second;
}

void RecordBytes::putConceptName(bool with_item, const std::string& value, const std::string& scheme,
                                 const std::string& meaning) {
  has_concept_name_ = true;
  concept_item_ = with_item;
  concept_value_ = value;
  concept_scheme_ = scheme;
  concept_meaning_ = meaning;
}

std::string RecordBytes::encode() const {
  std::string out;
  out.reserve(256);
  bridge::ExplicitLittleEndianWriter w(out);
  const std::size_t item = w.beginItem(true);
  // The record's own elements come first (group 0004 below 0x1500): their offsets sit at fixed places.
  w.unsignedLong(0x00041400, 0);
  w.unsignedShort(0x00041410, 0xFFFF);
  w.unsignedLong(0x00041420, 0);
  appendTextElement(out, 0x00041430, "CS", type_name_);
  bool concept_written = !has_concept_name_;
  const auto writeConceptName = [&] {
    const std::size_t sequence = w.beginSequence(kConceptNameCodeSequence, true);
    if (concept_item_) {
      const std::size_t code = w.beginItem(true);
      appendTextElement(out, 0x00080100, concept_value_);
      appendTextElement(out, 0x00080102, concept_scheme_);
      appendTextElement(out, 0x00080104, concept_meaning_);
      w.endItem(code, true);
    }
    w.endSequence(sequence, true);
    concept_written = true;
  };
  for (const auto& [tag, value] : values_) {
    if (!concept_written && tag > kConceptNameCodeSequence) writeConceptName();
    appendTextElement(out, tag, value);
  }
  if (!concept_written) writeConceptName();
  w.endItem(item, true);
  return out;
}

}  // namespace imaging
