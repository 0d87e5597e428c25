// verify's profile conformance check (verify_profile.h).
#include "verify_profile.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "imaging_bridge/dcmtk.h"
#include "verify_text.h"

namespace imaging::workflow {
namespace {

// The generated rows of Table E.1-1, read as data with verify's own row type (the columns of
// generated/action_table.inc, in order); the engine's lookup and decisions are not used.
enum class TagMatch { Exact, Masked, PrivateGroups };
struct TableRow {
  const char* tag_text;
  TagMatch match;
  std::uint16_t group, element, group_mask, element_mask;
  const char* name;
  const char* basic;
  const char* safe_private;
  const char* uids;
  const char* device;
  const char* institution;
  const char* patient_characteristics;
  const char* full_dates;
  const char* modified_dates;
  const char* clean_descriptors;
  const char* clean_structured_content;
  const char* clean_graphics;
};

const TableRow kRows[] = {
#include "../deid/generated/action_table.inc"
};

// The option columns in the table's order, each with the CID 7050 code an export declares it by.
constexpr std::array<std::pair<const char* TableRow::*, const char*>, 10> kColumns{{
    {&TableRow::safe_private, "113111"},
    {&TableRow::uids, "113110"},
    {&TableRow::device, "113109"},
    {&TableRow::institution, "113112"},
    {&TableRow::patient_characteristics, "113108"},
    {&TableRow::full_dates, "113106"},
    {&TableRow::modified_dates, "113107"},
    {&TableRow::clean_descriptors, "113105"},
    {&TableRow::clean_structured_content, "113104"},
    {&TableRow::clean_graphics, "113103"},
}};

// A row with what the check asks of it worked out once: which option columns keep a value (K or
// C), and whether the basic column keeps one (U, K or C) at all. Asked for every element of every
// file, so it is one hash lookup and two bit tests.
struct RowFacts {
  const TableRow* row = nullptr;
  std::uint16_t keeping_columns = 0;
  bool basic_keeps = false;
};

struct RowIndex {
  std::unordered_map<std::uint32_t, RowFacts> exact;
  std::vector<RowFacts> masked;
  RowFacts private_groups;
  static RowFacts factsOf(const TableRow& row) {
    RowFacts facts{&row, 0, std::strpbrk(row.basic, "UKC") != nullptr};
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      const char* column = row.*kColumns[i].first;
      if (std::strcmp(column, "K") == 0 || std::strcmp(column, "C") == 0)
        facts.keeping_columns |= static_cast<std::uint16_t>(1u << i);
    }
    return facts;
  }
  RowIndex() {
    for (const TableRow& row : kRows) {
      if (row.match == TagMatch::Exact) exact.emplace(std::uint32_t{row.group} << 16 | row.element, factsOf(row));
      else if (row.match == TagMatch::Masked) masked.push_back(factsOf(row));
      else private_groups = factsOf(row);
    }
  }
  const RowFacts* find(const DcmTagKey& tag) const {
    const std::uint16_t g = tag.getGroup(), e = tag.getElement();
    if (g & 1u) return &private_groups;
    if (const auto it = exact.find(std::uint32_t{g} << 16 | e); it != exact.end()) return &it->second;
    for (const RowFacts& facts : masked)
      if ((g & facts.row->group_mask) == facts.row->group && (e & facts.row->element_mask) == facts.row->element)
        return &facts;
    return nullptr;
  }
};

const RowIndex& rows() {
  static const RowIndex index;
  return index;
}

// The row, when under the declared options it removes, empties or dummies the attribute (a
// declared option's K or C, and any U, K or C of the basic column, keep a value: other checks
// judge it). Null otherwise.
const TableRow* judgedRow(const DcmTagKey& tag, std::uint16_t columns) {
  const RowFacts* facts = rows().find(tag);
  if (facts == nullptr || facts->basic_keeps || (facts->keeping_columns & columns) != 0) return nullptr;
  return facts->row;
}

bool allowsDummy(const TableRow& row) { return std::strchr(row.basic, 'D') != nullptr; }

std::string rowName(const TableRow& row) {
  const std::string name = row.name;
  return name.substr(0, name.find('\n'));
}

std::string actionWords(const TableRow& row) {
  const std::string basic = row.basic;
  if (basic == "X") return "removes";
  if (basic == "Z") return "empties";
  if (basic == "D") return "replaces with a dummy";
  return "removes, empties or replaces with a dummy (" + basic + ")";
}

std::string trimmed(const std::string& v) {
  const std::size_t begin = v.find_first_not_of(std::string(" \0", 2));
  if (begin == std::string::npos) return {};
  return v.substr(begin, v.find_last_not_of(std::string(" \0", 2)) - begin + 1);
}

bool allOf(const std::string& s, const char* chars) { return s.find_first_not_of(chars) == std::string::npos; }

// The pseudonyms' 10 characters: base 32 without I, L, O, U (deid/keyed_parts.cpp, documented in
// docs/deidentification.md, "Pseudonyms").
bool isPseudonymCode(const std::string& code) {
  return code.size() == 10 && allOf(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ");
}
bool isPseudonymName(const std::string& v) { return v.rfind("ANON^", 0) == 0 && isPseudonymCode(v.substr(5)); }
bool isPseudonymId(const std::string& v) { return v.rfind("SS-", 0) == 0 && isPseudonymCode(v.substr(3)); }

// What ScanShare's engine writes for D, per VR (docs/deidentification.md, "Actions").
bool isOwnDummy(const std::string& v, DcmEVR vr) {
  switch (vr) {
    case EVR_DA: return v == "19000101";
    case EVR_DT: return v == "19000101000000";
    case EVR_TM: return v == "000000";
    case EVR_IS: case EVR_DS: return v == "0";
    case EVR_AS: return v == "000Y";
    case EVR_UR: return false;  // the dummy URL is empty
    default: return v == "ANONYMOUS";
  }
}

// Another tool's placeholder: every word a filler word, or only zeros and punctuation, or a dummy
// date (no one is born on 1 January 1900 in a copy that names them).
bool isObviousPlaceholder(const std::string& v, DcmEVR vr) {
  if (allOf(v, "0.:-+ /\\^*xX")) return true;
  if ((vr == EVR_DA || vr == EVR_DT) && (v.rfind("19000101", 0) == 0 || v.rfind("00010101", 0) == 0))
    return allOf(v.substr(8), "0.+-");
  static const char* const fillers[] = {"ANONYMOUS", "ANONYMIZED", "ANONYMISED", "ANON", "REMOVED", "DELETED",
                                        "REDACTED",  "UNKNOWN",    "NONE",       "NULL", "N/A",     "NA"};
  std::size_t start = 0;
  while (start <= v.size()) {
    const std::size_t end = std::min(v.find_first_of("^=\\ ", start), v.size());
    std::string word = v.substr(start, end - start);
    std::transform(word.begin(), word.end(), word.begin(), [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
    if (!word.empty() && std::find_if(std::begin(fillers), std::end(fillers),
                                      [&](const char* f) { return word == f; }) == std::end(fillers))
      return false;
    start = end + 1;
  }
  return true;
}

// File meta elements ScanShare never carries over (docs/deidentification.md, "File and pixel
// handling"): a source AE title is often a station or a person's name.
const char* metaNotCarriedOver(const DcmTagKey& tag) {
  if (tag == DCM_SourceApplicationEntityTitle) return "Source Application Entity Title";
  if (tag == DCM_SendingApplicationEntityTitle) return "Sending Application Entity Title";
  if (tag == DCM_ReceivingApplicationEntityTitle) return "Receiving Application Entity Title";
  if (tag == DCM_PrivateInformationCreatorUID) return "Private Information Creator UID";
  if (tag == DCM_PrivateInformation) return "Private Information";
  return nullptr;
}

bool isNumberVr(DcmEVR vr) {
  return vr == EVR_US || vr == EVR_SS || vr == EVR_UL || vr == EVR_SL || vr == EVR_FL || vr == EVR_FD ||
         vr == EVR_UV || vr == EVR_SV;
}

bool allZeroBytes(DcmElement& element) {
  Uint8* bytes = nullptr;
  if (element.getUint8Array(bytes).bad() || bytes == nullptr) return false;
  return std::all_of(bytes, bytes + element.getLength(), [](Uint8 b) { return b == 0; });
}

}  // namespace

void ProfileMarks::merge(const ProfileMarks& other) {
  option_columns |= other.option_columns;
  scanshare |= other.scanshare;
  chosen_pseudonym |= other.chosen_pseudonym;
  for (const DcmTagKey& tag : other.on_purpose)
    if (std::find(on_purpose.begin(), on_purpose.end(), tag) == on_purpose.end()) on_purpose.push_back(tag);
}

ProfileMarks readProfileMarks(DcmItem& dataset) {
  ProfileMarks marks;
  const DeidMethodValues written = readDeidMethodValues(dataset);
  for (const std::string& code : written.codes)
    for (std::size_t c = 0; c < kColumns.size(); ++c)
      if (code == kColumns[c].second) marks.option_columns |= static_cast<std::uint16_t>(1u << c);
  for (const std::string& raw : written.methods) {
    const std::string value = trimmed(raw);
    marks.scanshare |= value == "ScanShare";
    marks.chosen_pseudonym |= value == "Chosen pseudonym";
    for (const char* prefix : {"Verbatim ", "Unsafe keep ", "Replaced "}) {
      if (value.rfind(prefix, 0) != 0) continue;
      DcmTag tag;
      if (DcmTag::findTagFromName(value.substr(std::strlen(prefix)).c_str(), tag).good())
        marks.on_purpose.push_back(tag.getXTag());
    }
  }
  return marks;
}

ProfileCheck::ProfileCheck(ProfileMarks marks, bool dicomdir) : marks_(std::move(marks)), dicomdir_(dicomdir) {}

std::vector<ProfileFinding> ProfileCheck::checkString(const VisitedValue& v) const {
  std::vector<ProfileFinding> findings;
  if (v.vr == EVR_UI && v.tag != DCM_PrivateInformationCreatorUID) return findings;  // uid-not-replaced judges UIDs
  const char* meta_name = v.tag.getGroup() == 0x0002 ? metaNotCarriedOver(v.tag) : nullptr;
  const TableRow* row = meta_name ? nullptr : judgedRow(v.tag, marks_.option_columns);
  if (meta_name == nullptr && row == nullptr) return findings;  // most values: one lookup, nothing else
  const std::string value = trimmed(v.value);
  if (value.empty()) return findings;
  if (std::find(marks_.on_purpose.begin(), marks_.on_purpose.end(), v.tag) != marks_.on_purpose.end()) return findings;
  if (meta_name) {
    if (marks_.scanshare || !isObviousPlaceholder(value, v.vr))
      findings.push_back({v.location, std::string(meta_name) + ": file meta information ScanShare never carries over holds a value"});
    return findings;
  }
  auto finding = [&] {
    findings.push_back({v.location, rowName(*row) + ": PS3.15 Table E.1-1 " + actionWords(*row) +
                                        " it under the options the file declares, but it holds a value"});
    return findings;
  };
  // No option keeps the birth date (its row is Z in every column), and no dummy stands for it.
  if (v.tag == DCM_PatientBirthDate) return finding();
  const bool patient_name = v.tag == DCM_PatientName || v.tag == DCM_PersonName;
  const bool patient_id = v.tag == DCM_PatientID;
  if (!marks_.scanshare) {
    if (isObviousPlaceholder(value, v.vr)) return findings;
    return finding();
  }
  // ScanShare's own values, exactly: the pseudonyms (or the person's choice, when the file says
  // so), the dummy of the VR, and in the DICOMDIR the writer's placeholders for Type 1 keys.
  if ((patient_name || patient_id) && marks_.chosen_pseudonym) return findings;
  if (patient_name && isPseudonymName(value)) return findings;
  if (patient_id && isPseudonymId(value)) return findings;
  // A Type 1 attribute gets the dummy whatever the row's letters (the engine never leaves one out).
  if (isOwnDummy(value, v.vr)) return findings;
  if (dicomdir_) {
    if (patient_id && value.rfind("PATIENT", 0) == 0 && value.size() > 7 && allOf(value.substr(7), "0123456789"))
      return findings;
    if (v.tag == DCM_StudyID && value.size() <= 6 && allOf(value, "0123456789")) return findings;  // its position
    if (value == "UNKNOWN") return findings;
  }
  return finding();
}

std::vector<ProfileFinding> ProfileCheck::checkNonStrings(DcmItem& item) const {
  std::vector<ProfileFinding> findings;
  struct Level {
    DcmItem* item;
    std::string prefix;
  };
  std::vector<Level> pending{{&item, std::string()}};
  while (!pending.empty()) {
    Level level = std::move(pending.back());
    pending.pop_back();
    for (DcmObject* object = level.item->nextInContainer(nullptr); object != nullptr;
         object = level.item->nextInContainer(object)) {
      auto* element = static_cast<DcmElement*>(object);
      const DcmEVR vr = element->ident();
      if (vr != EVR_SQ && element->isaString()) continue;  // checkString
      const DcmTagKey tag = element->getTag().getXTag();
      // The path is made only where it is needed: a finding, or items to walk.
      auto location = [&] { return level.prefix + bridge::formatTag(element->getTag()); };
      const TableRow* row = judgedRow(tag, marks_.option_columns);
      const bool private_information = tag == DCM_PrivateInformation;
      if (vr == EVR_SQ) {
        auto* seq = static_cast<DcmSequenceOfItems*>(element);
        if (seq->card() == 0) continue;
        const bool on_purpose = std::find(marks_.on_purpose.begin(), marks_.on_purpose.end(), tag) != marks_.on_purpose.end();
        if (on_purpose) continue;
        const std::string path = location();
        if (row != nullptr && !allowsDummy(*row)) {
          findings.push_back({path, rowName(*row) + ": PS3.15 Table E.1-1 " + actionWords(*row) +
                                        " it under the options the file declares, but it has items"});
          continue;
        }
        for (unsigned long k = 0; k < seq->card(); ++k)
          pending.push_back({seq->getItem(k), path + "[" + std::to_string(k) + "]."});
        continue;
      }
      if ((row == nullptr && !private_information) || element->getLength() == 0) continue;
      if (std::find(marks_.on_purpose.begin(), marks_.on_purpose.end(), tag) != marks_.on_purpose.end()) continue;
      if (private_information) {
        findings.push_back({location(), "Private Information: file meta information ScanShare never carries over holds a value"});
        continue;
      }
      if (isNumberVr(vr) && allZeroBytes(*element)) continue;  // the dummy number 0
      findings.push_back({location(), rowName(*row) + ": PS3.15 Table E.1-1 " + actionWords(*row) +
                                          " it under the options the file declares, but it holds a value"});
    }
  }
  return findings;
}

}  // namespace imaging::workflow
