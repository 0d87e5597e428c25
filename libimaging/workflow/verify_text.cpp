#include "verify_text.h"

#include <algorithm>
#include <iterator>
#include <regex>

#include "imaging/text/free_text.h"
#include "imaging_bridge/replaceable_uids.h"

namespace imaging::workflow {

std::vector<std::string> splitValues(const std::string& v) { return bridge::splitValues(v); }

namespace {

bool isFreeTextVr(DcmEVR vr) {
  return vr == EVR_LO || vr == EVR_SH || vr == EVR_ST || vr == EVR_LT || vr == EVR_UT || vr == EVR_UC;
}

}  // namespace

bool isClassUid(const DcmTagKey& t) { return bridge::isClassUidTag(t); }

namespace {

bool isScanShareName(const std::string& v) {
  return v.empty() || v == "ANONYMOUS" || v.rfind("ANON^", 0) == 0;
}

// The audit of pixels in De-identification Method ("Redacted frame 2 10,20,100,16 ocr-text-line"):
// matched by its own strict grammar, numbers of at most 5 digits, so nothing else hides in it.
bool isRedactionMark(const std::string& v) {
  static const std::regex mark(
      "Redacted (all frames|frame [0-9]{1,5}) [0-9]{1,5},[0-9]{1,5},[0-9]{1,5},[0-9]{1,5} "
      "(ocr-text-line|manual-blackout|vendor-annotation)");
  return std::regex_match(v, mark);
}

// The method's values without the redaction marks (which are numbers by design).
std::string withoutRedactionMarks(const std::string& method) {
  std::string rest;
  for (const std::string& value : splitValues(method))
    if (!isRedactionMark(value)) rest += (rest.empty() ? "" : "\\") + value;
  return rest;
}

}  // namespace

bool isUnsafeKept(const DcmTagKey& tag, const ExportMarks& marks) {
  return std::find(marks.unsafe_kept.begin(), marks.unsafe_kept.end(), tag) != marks.unsafe_kept.end();
}

DeidMethodValues readDeidMethodValues(DcmItem& dataset) {
  DeidMethodValues values;
  DcmSequenceOfItems* codes = nullptr;
  if (dataset.findAndGetSequence(DCM_DeidentificationMethodCodeSequence, codes, OFFalse).good() && codes) {
    for (unsigned long i = 0; i < codes->card(); ++i) {
      OFString code;
      codes->getItem(i)->findAndGetOFString(DCM_CodeValue, code);
      values.codes.emplace_back(code.c_str());
    }
  }
  OFString method;
  dataset.findAndGetOFStringArray(DCM_DeidentificationMethod, method, OFFalse);
  values.methods = splitValues(method.c_str());
  return values;
}

ExportMarks readExportMarks(DcmItem& dataset) {
  ExportMarks marks;
  const DeidMethodValues written = readDeidMethodValues(dataset);
  for (const std::string& code : written.codes) {
    marks.retain_uids |= code == "113110";
    marks.retain_device |= code == "113109";
    marks.retain_institution |= code == "113112";
    marks.clean_pixels |= code == "113101";
  }
  for (const std::string& value : written.methods) {
    static const std::string verbatim = "Verbatim ", unsafe = "Unsafe keep ";
    const bool is_verbatim = value.rfind(verbatim, 0) == 0, is_unsafe = value.rfind(unsafe, 0) == 0;
    if (!is_verbatim && !is_unsafe) continue;
    const std::string keyword = value.substr((is_verbatim ? verbatim : unsafe).size());
    DcmTag tag;
    if (DcmTag::findTagFromName(keyword.c_str(), tag).bad()) continue;
    (is_verbatim ? marks.verbatim : marks.unsafe_kept).push_back(tag.getXTag());
    (is_verbatim ? marks.verbatim_names : marks.unsafe_kept_names).push_back(keyword);
  }
  return marks;
}

std::vector<ValueFinding> checkExportedValue(const VisitedValue& v, const ExportMarks& marks) {
  std::vector<ValueFinding> findings;
  if (v.vr == EVR_UI) {
    if (marks.retain_uids || isClassUid(v.tag)) return findings;
    for (const std::string& uid : splitValues(v.value))
      if (!uid.empty() && uid.rfind("2.25.", 0) != 0 && uid.rfind("1.2.840.10008.", 0) != 0) {
        findings.push_back({FindingKind::UidNotReplaced, "a UID that is not a ScanShare 2.25 UID"});
        break;
      }
    return findings;
  }
  const bool private_creator = (v.tag.getGroup() & 1u) && v.tag.getElement() >= 0x10 && v.tag.getElement() <= 0xFF;
  if (private_creator) return findings;
  if (std::find(marks.verbatim.begin(), marks.verbatim.end(), v.tag) != marks.verbatim.end()) return findings;
  if (isUnsafeKept(v.tag, marks)) return findings;
  const std::uint16_t g = v.tag.getGroup(), e = v.tag.getElement();
  if ((marks.retain_institution && text::isInstitutionIdentityAttribute(g, e)) ||
      (marks.retain_device && text::isDeviceIdentityAttribute(g, e)))
    return findings;
  if (v.vr == EVR_PN) {
    for (const std::string& name : splitValues(v.value)) {
      if (isScanShareName(name)) continue;
      if (!text::findUnsafeRuns(name, text::TextCheck::Names).empty()) {
        findings.push_back({FindingKind::PersonName, "a person name that is not a ScanShare pseudonym"});
        break;
      }
    }
    return findings;
  }
  if (!isFreeTextVr(v.vr)) return findings;
  if (v.tag == DCM_PatientID && v.value.rfind("SS-", 0) == 0) return findings;
  const text::TextKind kind = text::textKindOf(v.tag.getGroup(), v.tag.getElement());
  if (kind == text::TextKind::Code) return findings;
  const auto check = kind == text::TextKind::FreeText ? text::TextCheck::WordsAndShapes : text::TextCheck::Shapes;
  const auto runs =
      text::findUnsafeRuns(v.tag == DCM_DeidentificationMethod ? withoutRedactionMarks(v.value) : v.value, check);
  if (!runs.empty()) {
    std::string rules;
    for (const auto& r : runs) {
      const std::string k = text::ruleKeyword(r.rule);
      if (rules.find(k) == std::string::npos) rules += (rules.empty() ? "" : ", ") + k;
    }
    findings.push_back({FindingKind::UnsafeText, std::to_string(runs.size()) + " word run(s) outside the allow-list (" + rules + ")"});
  }
  return findings;
}

}  // namespace imaging::workflow
