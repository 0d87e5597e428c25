// Which values identify a patient; see identifying_values.h.
// Harvest rules (docs/deidentification.md, "What is scrubbed"):
//  - person names: every value of VR PN at any depth (staff named in attributes nobody listed, a
//    name inside a nested sequence), plus the listed name attributes whatever their VR: the whole
//    value, each component group (alphabetic/ideographic/phonetic), the family, given and middle
//    components (>= 2 characters, so "Li" and "Wu" count), and each word of a multi-word
//    component (>= 3 characters, so particles like "de" are not scrubbed everywhere); prefixes and
//    suffixes ("Dr", "Mr", "Jr") are not identifiers;
//  - IDs and numbers (patient IDs, other IDs, accession, study ID, admission ID, service episode,
//    clinical trial subject, order numbers, specimen/container, ...): >= 3 characters; phone
//    numbers also as digits only;
//  - birth date; addresses (whole, each comma/line part >= 3 characters, each word >= 4, and the
//    postal-code-shaped tokens and pairs of postal_codes.h), the institution the patient resides
//    in; military rank;
//  - institution name/address/department and, when asked, station name and device serial.
// Values are trimmed of spaces and NULs at both ends: vendors pad with NUL as often as with spaces.
#include "imaging_bridge/identifying_values.h"
#include "imaging_bridge/postal_codes.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>
#include <set>

namespace imaging::bridge {
namespace {

enum class Kind { Name, Id, Phone, Address, Date, Text, Institution, Device };

struct HarvestTag {
  std::uint16_t group, element;
  Kind kind;
};

constexpr HarvestTag kTags[] = {
    {0x0010, 0x0010, Kind::Name},    // Patient's Name
    {0x0010, 0x1001, Kind::Name},    // Other Patient Names
    {0x0010, 0x1005, Kind::Name},    // Patient's Birth Name
    {0x0010, 0x1060, Kind::Name},    // Patient's Mother's Birth Name
    {0x0010, 0x2297, Kind::Name},    // Responsible Person
    {0x0008, 0x0090, Kind::Name},    // Referring Physician's Name
    {0x0008, 0x1048, Kind::Name},    // Physician(s) of Record
    {0x0008, 0x1050, Kind::Name},    // Performing Physician's Name
    {0x0008, 0x1060, Kind::Name},    // Name of Physician(s) Reading Study
    {0x0008, 0x1070, Kind::Name},    // Operators' Name
    {0x0032, 0x1032, Kind::Name},    // Requesting Physician
    {0x0040, 0x0006, Kind::Name},    // Scheduled Performing Physician's Name
    {0x0040, 0xA123, Kind::Name},    // Person Name (SR)
    {0x0040, 0xA075, Kind::Name},    // Verifying Observer Name
    {0x0010, 0x0020, Kind::Id},      // Patient ID
    {0x0010, 0x1000, Kind::Id},      // Other Patient IDs
    {0x0010, 0x0021, Kind::Id},      // Issuer of Patient ID
    {0x0010, 0x1090, Kind::Id},      // Medical Record Locator
    {0x0008, 0x0050, Kind::Id},      // Accession Number
    {0x0020, 0x0010, Kind::Id},      // Study ID
    {0x0038, 0x0010, Kind::Id},      // Admission ID
    {0x0040, 0x1001, Kind::Id},      // Requested Procedure ID
    {0x0040, 0x0009, Kind::Id},      // Scheduled Procedure Step ID
    {0x0040, 0x0253, Kind::Id},      // Performed Procedure Step ID
    {0x0012, 0x0040, Kind::Id},      // Clinical Trial Subject ID
    {0x0012, 0x0042, Kind::Id},      // Clinical Trial Subject Reading ID
    {0x0038, 0x0011, Kind::Id},      // Issuer of Admission ID (retired)
    {0x0038, 0x0060, Kind::Id},      // Service Episode ID
    {0x0038, 0x0061, Kind::Id},      // Issuer of Service Episode ID (retired)
    {0x0040, 0x1006, Kind::Id},      // Placer Order Number / Procedure (retired)
    {0x0040, 0x1007, Kind::Id},      // Filler Order Number / Procedure (retired)
    {0x0040, 0x2006, Kind::Id},      // Placer Order Number / Imaging Service Request (retired)
    {0x0040, 0x2007, Kind::Id},      // Filler Order Number / Imaging Service Request (retired)
    {0x0040, 0x2016, Kind::Id},      // Placer Order Number / Imaging Service Request
    {0x0040, 0x2017, Kind::Id},      // Filler Order Number / Imaging Service Request
    {0x0040, 0x050A, Kind::Id},      // Specimen Accession Number (retired)
    {0x0040, 0x0512, Kind::Id},      // Container Identifier
    {0x0040, 0x0551, Kind::Id},      // Specimen Identifier
    {0x4008, 0x0040, Kind::Id},      // Results ID (retired)
    {0x4008, 0x0200, Kind::Id},      // Interpretation ID (retired)
    {0x0010, 0x2154, Kind::Phone},   // Patient's Telephone Numbers
    {0x0008, 0x0094, Kind::Phone},   // Referring Physician's Telephone Numbers
    {0x0040, 0x1103, Kind::Phone},   // Person's Telephone Numbers
    {0x0010, 0x1040, Kind::Address}, // Patient's Address
    {0x0008, 0x0092, Kind::Address}, // Referring Physician's Address
    {0x0040, 0x1102, Kind::Address}, // Person's Address
    {0x0038, 0x0400, Kind::Address}, // Patient's Institution Residence (a care home is where they live)
    {0x0038, 0x001E, Kind::Address}, // Scheduled Patient Institution Residence (retired)
    {0x0010, 0x0030, Kind::Date},    // Patient's Birth Date
    {0x0010, 0x1080, Kind::Text},    // Military Rank
    {0x0008, 0x0080, Kind::Institution},  // Institution Name
    {0x0008, 0x0081, Kind::Institution},  // Institution Address
    {0x0008, 0x1040, Kind::Institution},  // Institutional Department Name
    {0x0008, 0x1010, Kind::Device},  // Station Name
    {0x0018, 0x1000, Kind::Device},  // Device Serial Number
};

std::size_t codePoints(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// NUL too: "MARTIN\0\0" is the name MARTIN, and only the trimmed form can match text.
std::string trim(const std::string& s) {
  static const std::string kPadding(" \t\r\n\0", 5);
  const auto b = s.find_first_not_of(kPadding);
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(kPadding) - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& separators) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : s) {
    if (separators.find(c) != std::string::npos) { parts.push_back(current); current.clear(); }
    else current += c;
  }
  parts.push_back(current);
  return parts;
}

bool isPlaceholder(const std::string& v) {
  std::string upper;
  for (char c : v) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return upper == "ANONYMOUS" || upper == "UNKNOWN" || upper == "NONE" || upper == "N/A";
}

class Collector {
 public:
  void add(const std::string& raw, std::size_t min_chars) {
    const std::string v = trim(raw);
    if (codePoints(v) >= min_chars && !isPlaceholder(v)) values_.insert(v);
  }
  void addName(const std::string& pn) {
    for (const std::string& value : split(pn, "\\")) {
      add(value, 2);
      for (const std::string& group : split(value, "=")) {
        add(group, 2);
        const std::vector<std::string> components = split(group, "^");
        for (std::size_t i = 0; i < components.size() && i < 3; ++i) {  // family, given, middle
          const std::string component = trim(components[i]);
          add(component, 2);
          const std::vector<std::string> words = split(component, " -,.");
          if (words.size() > 1)
            for (const std::string& w : words) add(w, 3);
        }
      }
    }
  }
  void addSplit(const std::string& text, const std::string& separators, std::size_t min_chars) {
    for (const std::string& part : split(text, separators)) add(part, min_chars);
  }
  std::vector<std::string> result() const { return {values_.begin(), values_.end()}; }

 private:
  std::set<std::string> values_;
};

// Sequences that hold an HL7 v2 hierarchic designator (Local Namespace Entity ID, Universal Entity
// ID) naming who issued a patient's or order's identifier: the hospital's own systems.
bool isIssuerSequence(const DcmTagKey& key) {
  static const DcmTagKey kIssuers[] = {
      {0x0008, 0x0051},  // Issuer of Accession Number Sequence
      {0x0010, 0x0024},  // Issuer of Patient ID Qualifiers Sequence
      {0x0038, 0x0014},  // Issuer of Admission ID Sequence
      {0x0038, 0x0064},  // Issuer of Service Episode ID Sequence
      {0x0040, 0x0026},  // Order Placer Identifier Sequence
      {0x0040, 0x0027},  // Order Filler Identifier Sequence
      {0x0040, 0x0036},  // Assigning Facility Sequence
      {0x0040, 0x0513},  // Issuer of the Container Identifier Sequence
      {0x0040, 0x0562},  // Issuer of the Specimen Identifier Sequence
  };
  for (const DcmTagKey& k : kIssuers)
    if (k == key) return true;
  return false;
}

bool isEntityId(const DcmTagKey& key) {
  return key.getGroup() == 0x0040 && (key.getElement() == 0x0031 || key.getElement() == 0x0032);
}

struct Collectors {
  Collector patient, institution, device;
  Collector& forKind(Kind kind) {
    if (kind == Kind::Institution) return institution;
    if (kind == Kind::Device) return device;
    return patient;
  }
};

std::uint32_t keyOf(const HarvestTag& t) { return (std::uint32_t{t.group} << 16) | t.element; }

// Asked for every element of every file: a binary search over the table sorted once.
const HarvestTag* harvestTagFor(std::uint32_t key) {
  static const std::vector<HarvestTag> sorted = [] {
    std::vector<HarvestTag> tags(std::begin(kTags), std::end(kTags));
    std::sort(tags.begin(), tags.end(), [](const HarvestTag& a, const HarvestTag& b) { return keyOf(a) < keyOf(b); });
    return tags;
  }();
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                                   [](const HarvestTag& t, std::uint32_t k) { return keyOf(t) < k; });
  return it != sorted.end() && keyOf(*it) == key ? &*it : nullptr;
}

// A person's staff or badge number: the Code Value of a Person Identification Code Sequence item.
bool isPersonCode(std::uint32_t key, std::uint32_t sequence) { return sequence == 0x00401101 && key == 0x00080100; }

// How an element is harvested, if at all: an issuer's entity ID and a person's code as IDs, a
// listed attribute by its kind, and any other value of VR PN as a person name (Content Creator,
// Consulting Physician, Human Performer, Intended Recipients, ...: no list of names stays complete).
// sequence: the tag of the sequence whose item holds the element (0 at the top level).
std::optional<Kind> harvestKind(std::uint32_t key, std::uint32_t sequence, bool person_name_vr) {
  if (sequence != 0 && isEntityId(DcmTagKey(static_cast<Uint16>(key >> 16), static_cast<Uint16>(key & 0xFFFF))) &&
      isIssuerSequence(DcmTagKey(static_cast<Uint16>(sequence >> 16), static_cast<Uint16>(sequence & 0xFFFF))))
    return Kind::Id;  // the issuer's name, e.g. "CITY-RIS": an ID of the hospital system that knows the patient
  if (isPersonCode(key, sequence)) return Kind::Id;
  if (const HarvestTag* t = harvestTagFor(key)) return t->kind;
  if (person_name_vr) return Kind::Name;
  return std::nullopt;
}

// One harvested element's text (every value, backslash-separated) into the collectors. Both
// readers (DCMTK's tree and the plain reader) hand their values here, so the rules exist once.
void collectText(Kind kind, const std::string& text, Collectors& collectors) {
  if (text.empty()) return;
  Collector& out = collectors.forKind(kind);
  switch (kind) {
    case Kind::Name: out.addName(text); break;
    case Kind::Id: out.addSplit(text, "\\", 3); break;
    case Kind::Phone:
      for (const std::string& phone : split(text, "\\")) {
        out.add(phone, 3);
        std::string digits;
        for (char c : phone) if (c >= '0' && c <= '9') digits += c;
        out.add(digits, 6);
      }
      break;
    case Kind::Address:
      // and every word of 4 or more characters: "Hollowmere" alone in a comment is still the
      // patient's town, however the address was split into parts
      out.addSplit(text, " ,;\r\n\\^", 4);
      // and the postal code, also where it is not a part of its own ("7811 KP Fennimore")
      for (const std::string& form : postalCodeForms(text)) out.add(form, 3);
      [[fallthrough]];
    case Kind::Institution:
      out.add(text, 3);
      out.addSplit(text, ",;\r\n\\^", 3);
      break;
    case Kind::Date: out.addSplit(text, "\\", 8); break;
    case Kind::Text:
    case Kind::Device: out.addSplit(text, "\\", 3); break;
  }
}

std::uint32_t keyOf(const DcmTagKey& key) { return (std::uint32_t{key.getGroup()} << 16) | key.getElement(); }

void visit(DcmItem& item, Collectors& collectors, std::uint32_t sequence = 0) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* elem = static_cast<DcmElement*>(obj);
    const DcmTagKey key = elem->getTag().getXTag();
    if (elem->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(elem);
      for (unsigned long i = 0; i < seq->card(); ++i) visit(*seq->getItem(i), collectors, keyOf(key));
      continue;
    }
    const DcmEVR stored_as = stringVrFor(*elem);  // text written with VR UN: its dictionary VR
    const std::optional<Kind> kind =
        harvestKind(keyOf(key), sequence, elem->ident() == EVR_PN || stored_as == EVR_PN);
    if (!kind) continue;
    std::string text;
    if (stored_as != EVR_UNKNOWN) {
      text = rawText(*elem);
    } else {
      OFString value;
      if (elem->getOFStringArray(value).bad()) continue;
      text.assign(value.c_str(), value.length());
    }
    collectText(*kind, text, collectors);
  }
}

IdentifyingValues resultOf(const Collectors& collectors) {
  IdentifyingValues values;
  values.patient = collectors.patient.result();
  values.institution = collectors.institution.result();
  values.device = collectors.device.result();
  return values;
}

}  // namespace

IdentifyingValues collectIdentifyingValues(DcmItem& dataset) {
  Collectors collectors;
  visit(dataset, collectors);
  return resultOf(collectors);
}

std::optional<IdentifyingValues> collectIdentifyingValues(const PlainDataSet& dataset) {
  struct Harvested {
    Kind kind;
    const PlainElement* element;
  };
  thread_local std::vector<Harvested> harvested;
  harvested.clear();
  // Every harvested element's kind, VR and stored bytes, and whether text is Latin-1: all that the
  // values are made from, so equal signatures give equal values without decoding anything.
  thread_local std::string signature;
  signature.assign(1, dataset.convertsLatin1() ? 'L' : 'U');
  for (const PlainElement& element : dataset.elements()) {
    if (element.isSequence()) continue;
    const std::optional<Kind> kind = harvestKind(element.tag, element.sequence_tag, element.isVr("PN"));
    if (!kind) continue;
    if (!PlainDataSet::isStringVr(element)) return std::nullopt;  // DCMTK reads such a value its own way
    harvested.push_back({*kind, &element});
    const std::string_view stored = dataset.value(element);
    signature += static_cast<char>('A' + static_cast<int>(*kind));
    signature.append(element.vr, 2);
    signature += std::to_string(stored.size());
    signature += ':';
    signature += stored;
  }
  // The files of one patient carry the same values, file after file: the last answer is kept per
  // thread, keyed by exactly what it was made from.
  thread_local std::string last_signature;
  thread_local IdentifyingValues last_values;
  thread_local bool have_last = false;
  if (have_last && signature == last_signature) return last_values;
  Collectors collectors;
  for (const Harvested& h : harvested) collectText(h.kind, dataset.utf8Array(*h.element), collectors);
  last_values = resultOf(collectors);
  last_signature = signature;
  have_last = true;
  return last_values;
}

DcmEVR stringVrFor(DcmElement& elem) {
  const DcmEVR vr = elem.ident();
  if (vr != EVR_UN && vr != EVR_OB) return EVR_UNKNOWN;
  const DcmTagKey key = elem.getTag().getXTag();
  if (key.getGroup() & 1u) return EVR_UNKNOWN;
  const DcmTag dictionary_tag(key);  // VR from the data dictionary
  const DcmEVR wanted = dictionary_tag.getEVR();
  return isStringVr(wanted) ? wanted : EVR_UNKNOWN;
}

std::string rawText(DcmElement& elem) {
  Uint8* bytes = nullptr;
  if (elem.getUint8Array(bytes).bad() || !bytes) return {};
  std::string text(reinterpret_cast<const char*>(bytes), elem.getLength());
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

}  // namespace imaging::bridge
