// What a per-attribute override may do (docs/recipes.md, "Attribute rules"): checked before any
// file is read, so the engine can apply an override without second thoughts.
#include "imaging/deid/attribute_override.h"

#include <algorithm>
#include <iterator>

#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging {
namespace {

bool isIn(AttributeKey key, std::initializer_list<AttributeKey> list) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

// Written by the engine itself: the file's identity, the marks, the character set, the pixels.
bool isEngineOwned(AttributeKey k) {
  if (k.group == 0x0002 || (k.group == 0x7FE0 && k.element == 0x0010)) return true;
  return isIn(k, {{0x0008, 0x0005}, {0x0008, 0x0016}, {0x0008, 0x0018}, {0x0020, 0x000D}, {0x0020, 0x000E},
                  {0x0012, 0x0062}, {0x0012, 0x0063}, {0x0012, 0x0064}, {0x0028, 0x0303}});
}

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// YYYYMMDD naming a day of the calendar (DCMTK's own check accepts 31 February).
bool isCalendarDate(const std::string& v) {
  if (v.size() != 8 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const int y = std::stoi(v.substr(0, 4)), m = std::stoi(v.substr(4, 2)), d = std::stoi(v.substr(6, 2));
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= days[m - 1] + (m == 2 && isLeap(y) ? 1 : 0);
}

// Longest value (bytes, each of a multi-valued one) the VR allows; 0: no limit that matters here.
std::size_t maxValueLength(DcmEVR vr) {
  switch (vr) {
    case EVR_AS: return 4;
    case EVR_DA: return 8;
    case EVR_IS: return 12;
    case EVR_TM: return 14;
    case EVR_AE: case EVR_CS: case EVR_DS: case EVR_SH: return 16;
    case EVR_DT: return 26;
    case EVR_LO: case EVR_PN: case EVR_UI: return 64;
    case EVR_ST: return 1024;
    case EVR_LT: return 10240;
    default: return 0;
  }
}

bool withinLength(DcmEVR vr, const std::string& value) {
  const std::size_t limit = maxValueLength(vr);
  if (limit == 0) return true;
  if (vr == EVR_ST || vr == EVR_LT) return value.size() <= limit;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = value.find('\\', start);
    if ((end == std::string::npos ? value.size() : end) - start > limit) return false;
    if (end == std::string::npos) return true;
    start = end + 1;
  }
}

// The VRs whose values may use characters beyond the default repertoire (PS3.5 6.1.2.3).
bool allowsOtherCharacters(DcmEVR vr) {
  return vr == EVR_SH || vr == EVR_LO || vr == EVR_ST || vr == EVR_LT || vr == EVR_PN || vr == EVR_UC || vr == EVR_UT;
}

bool isUtf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size() || (n == 2 && c < 0xC2)) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

std::optional<std::string> valueProblem(AttributeKey key, DcmEVR vr, const std::string& value) {
  const std::string vr_name = DcmVR(vr).getVRName();
  if (!bridge::isStringVr(vr)) return "a " + vr_name + " value cannot be replaced by a constant: use remove or empty";
  const bool ascii = std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii && !allowsOtherCharacters(vr))
    return "a " + vr_name + " value is ASCII only (other characters are allowed in SH, LO, ST, LT, PN, UC and UT)";
  if (!ascii && !isUtf8(value)) return "not valid UTF-8";
  if (!withinLength(vr, value)) return "longer than a " + vr_name + " value may be";
  DcmItem scratch;
  // Written as UTF-8: the engine declares ISO_IR 192 in every file that gets such a value.
  if (!ascii) scratch.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  const DcmTagKey tag(key.group, key.element);
  if (scratch.putAndInsertString(tag, value.c_str()).bad()) return "not a valid " + vr_name + " value";
  DcmElement* elem = nullptr;
  if (scratch.findAndGetElement(tag, elem).bad() || !elem) return "not a valid " + vr_name + " value";
  const OFCondition checked = elem->checkValue("1-n");
  if (checked == EC_MaximumLengthViolated) return "longer than a " + vr_name + " value may be";
  if (checked.bad()) return "not a valid " + vr_name + " value";
  if (vr == EVR_DA) {
    std::size_t start = 0;
    while (true) {
      const std::size_t end = value.find('\\', start);
      if (!isCalendarDate(value.substr(start, end == std::string::npos ? std::string::npos : end - start)))
        return "not a valid DA value (YYYYMMDD, a day of the calendar)";
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return std::nullopt;
}

}  // namespace

const char* overrideActionName(OverrideAction action) {
  switch (action) {
    case OverrideAction::Remove: return "remove";
    case OverrideAction::Empty: return "empty";
    case OverrideAction::Replace: return "replace";
    case OverrideAction::Keep: return "keep";
  }
  return "?";
}

bool isPatientIdentityAttribute(AttributeKey k) {
  return isIn(k, {{0x0010, 0x0010}, {0x0010, 0x0020}, {0x0010, 0x0021}, {0x0010, 0x0030}, {0x0010, 0x1040},
                  {0x0010, 0x1000}, {0x0010, 0x1001}, {0x0010, 0x1002}, {0x0010, 0x1005}, {0x0010, 0x1060},
                  {0x0010, 0x2154}, {0x0010, 0x0032}});
}

std::optional<std::string> overrideProblem(const AttributeOverride& rule) {
  bridge::ensureDcmtkReady();
  const AttributeKey k = rule.key;
  const std::string name = attributeKeyword(k);
  const DcmEVR vr = DcmTag(k.group, k.element).getEVR();
  if (isEngineOwned(k)) return name + " is written by ScanShare itself: no rule may change it";
  const bool identity = isPatientIdentityAttribute(k);
  const bool pseudonymised = k == AttributeKey{0x0010, 0x0010} || k == AttributeKey{0x0010, 0x0020};
  switch (rule.action) {
    case OverrideAction::Remove:
    case OverrideAction::Empty:
      if (pseudonymised) return name + " is always written (the pseudonym, or the patient's own with an unsafe keep)";
      return std::nullopt;
    case OverrideAction::Keep:
      if (vr == EVR_UI) return name + " is a UID: UIDs are replaced by ScanShare, consistently across files; a rule cannot keep one";
      if (vr == EVR_SQ) return name + " is a sequence: its items are cleaned attribute by attribute; give rules for those";
      if (!identity && (vr == EVR_DA || vr == EVR_DT))
        return name + " is a date: dates follow \"dates\" (one real date beside shifted ones gives the offset away)";
      return std::nullopt;
    case OverrideAction::Replace:
      if (vr == EVR_UI) return name + " is a UID: UIDs are replaced by ScanShare, consistently across files; a rule cannot set one";
      if (vr == EVR_SQ) return name + " is a sequence: use remove or empty";
      if (const auto why = valueProblem(k, vr, rule.value)) return "value for " + name + ": " + *why;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace imaging
