#include "dicomdir_standard.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "imaging/core/error.h"

namespace imaging {
namespace {

struct RecordTypeName {
  E_DirRecType type;
  const char* name;
};

// PS3.3 F.5: the record types of the PATIENT/STUDY/SERIES levels and those recordKindFor gives.
constexpr RecordTypeName kRecordTypeNames[] = {
    {ERT_Patient, "PATIENT"},
    {ERT_Study, "STUDY"},
    {ERT_Series, "SERIES"},
    {ERT_Image, "IMAGE"},
    {ERT_SRDocument, "SR DOCUMENT"},
    {ERT_KeyObjectDoc, "KEY OBJECT DOC"},
    {ERT_Presentation, "PRESENTATION"},
    {ERT_Waveform, "WAVEFORM"},
    {ERT_RTDose, "RT DOSE"},
    {ERT_RTStructureSet, "RT STRUCTURE SET"},
    {ERT_RTPlan, "RT PLAN"},
    {ERT_RTTreatRecord, "RT TREAT RECORD"},
    {ERT_EncapDoc, "ENCAP DOC"},
    {ERT_Registration, "REGISTRATION"},
    {ERT_Fiducial, "FIDUCIAL"},
    {ERT_RawData, "RAW DATA"},
};

struct AttributeVr {
  std::uint32_t tag;
  const char* vr;
};

// PS3.6, sorted by tag (looked up by binary search, once per element written).
constexpr AttributeVr kAttributeVrs[] = {
    {0x00041500, "CS"},  // Referenced File ID
    {0x00041510, "UI"},  // Referenced SOP Class UID in File
    {0x00041511, "UI"},  // Referenced SOP Instance UID in File
    {0x00041512, "UI"},  // Referenced Transfer Syntax UID in File
    {0x00080005, "CS"},  // Specific Character Set
    {0x00080020, "DA"},  // Study Date
    {0x00080023, "DA"},  // Content Date
    {0x00080030, "TM"},  // Study Time
    {0x00080033, "TM"},  // Content Time
    {0x00080050, "SH"},  // Accession Number
    {0x00080060, "CS"},  // Modality
    {0x00080100, "SH"},  // Code Value
    {0x00080102, "SH"},  // Coding Scheme Designator
    {0x00080104, "LO"},  // Code Meaning
    {0x00081030, "LO"},  // Study Description
    {0x00100010, "PN"},  // Patient's Name
    {0x00100020, "LO"},  // Patient ID
    {0x0020000D, "UI"},  // Study Instance UID
    {0x0020000E, "UI"},  // Series Instance UID
    {0x00200010, "SH"},  // Study ID
    {0x00200011, "IS"},  // Series Number
    {0x00200013, "IS"},  // Instance Number
    {0x0040A030, "DT"},  // Verification DateTime
    {0x0040A491, "CS"},  // Completion Flag
    {0x0040A493, "CS"},  // Verification Flag
    {0x00420010, "ST"},  // Document Title
    {0x00420012, "LO"},  // MIME Type of Encapsulated Document
    {0x00700080, "CS"},  // Content Label
    {0x00700081, "LO"},  // Content Description
    {0x00700082, "DA"},  // Presentation Creation Date
    {0x00700083, "TM"},  // Presentation Creation Time
    {0x00700084, "PN"},  // Content Creator's Name
    {0x3004000A, "CS"},  // Dose Summation Type
    {0x30060002, "SH"},  // Structure Set Label
    {0x30060008, "DA"},  // Structure Set Date
    {0x30060009, "TM"},  // Structure Set Time
    {0x30080250, "DA"},  // Treatment Date
    {0x30080251, "TM"},  // Treatment Time
    {0x300A0002, "SH"},  // RT Plan Label
    {0x300A0006, "DA"},  // RT Plan Date
    {0x300A0007, "TM"},  // RT Plan Time
};

constexpr bool sortedByTag() {
  for (std::size_t i = 1; i < std::size(kAttributeVrs); ++i)
    if (!(kAttributeVrs[i - 1].tag < kAttributeVrs[i].tag)) return false;
  return true;
}
static_assert(sortedByTag(), "kAttributeVrs must be sorted by tag, without repeats");

std::string hexTag(std::uint32_t tag) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out = "(xxxx,xxxx)";
  for (int i = 0; i < 8; ++i) out[i < 4 ? 1 + i : 2 + i] = digits[(tag >> (28 - 4 * i)) & 0xF];
  return out;
}

}  // namespace

const char* directoryRecordTypeName(E_DirRecType type) {
  for (const RecordTypeName& r : kRecordTypeNames)
    if (r.type == type) return r.name;
  throw Error(ErrorCode::Internal, "DICOMDIR record type without a name: " + std::to_string(static_cast<int>(type)));
}

std::vector<E_DirRecType> namedRecordTypes() {
  std::vector<E_DirRecType> types;
  for (const RecordTypeName& r : kRecordTypeNames) types.push_back(r.type);
  return types;
}

const char* recordAttributeVr(std::uint32_t tag) {
  const auto found = std::lower_bound(std::begin(kAttributeVrs), std::end(kAttributeVrs), tag,
                                      [](const AttributeVr& a, std::uint32_t t) { return a.tag < t; });
  if (found == std::end(kAttributeVrs) || found->tag != tag)
    throw Error(ErrorCode::Internal, "DICOMDIR attribute without a known VR: " + hexTag(tag));
  return found->vr;
}

std::vector<std::uint32_t> recordAttributeTags() {
  std::vector<std::uint32_t> tags;
  for (const AttributeVr& a : kAttributeVrs) tags.push_back(a.tag);
  return tags;
}

}  // namespace imaging
