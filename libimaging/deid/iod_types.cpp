// Types of the Table E.1-1 attributes with compound actions (and of a few single-action rows that
// an IOD requires, e.g. Presentation Creation Date), per IOD family ScanShare handles:
// Image = MR, CT, CR, DX, US, SC, XA/RF and other single-frame image IODs; EnhancedImage = the
// multi-frame functional-group IODs (Enhanced MR/CT/US/XA/PET, legacy converted); SR = all
// structured report IODs and key object selection; PR = presentation states; RT = RT objects;
// Waveform = ECG, hemodynamic, audio and other waveform IODs.
// Source: PS3.3 module tables (General Image, Enhanced General Equipment, Multi-frame Functional
// Groups, SR Document General, Presentation State Identification, Contrast/Bolus, Acquisition
// Context, RT General Plan, RT Beams/Treatment Record). Where a Type is conditional (1C/2C), the
// stricter Type is listed: keeping an empty or dummy value never leaks anything.
#include "iod_types.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace imaging::deid {
namespace {

struct TypeRow {
  std::uint16_t group, element;
  std::array<std::uint8_t, 6> type;  // Image, EnhancedImage, SR, PR, RT, Waveform
};

constexpr TypeRow kTypes[] = {
    {0x0008, 0x0023, {2, 1, 1, 1, 2, 1}},  // Content Date
    {0x0008, 0x0033, {2, 1, 1, 1, 2, 1}},  // Content Time
    {0x0008, 0x002A, {3, 1, 3, 3, 3, 1}},  // Acquisition DateTime (Enhanced: 1C, ORIGINAL images)
    {0x0008, 0x0022, {3, 3, 3, 3, 3, 3}},  // Acquisition Date
    {0x0008, 0x0032, {3, 3, 3, 3, 3, 3}},  // Acquisition Time
    {0x0018, 0x1000, {3, 1, 3, 3, 3, 3}},  // Device Serial Number (Enhanced General Equipment: 1)
    {0x0008, 0x0080, {3, 3, 3, 3, 3, 3}},  // Institution Name
    {0x0008, 0x0082, {3, 3, 3, 3, 3, 3}},  // Institution Code Sequence
    {0x0008, 0x1010, {3, 3, 3, 3, 3, 3}},  // Station Name
    {0x0008, 0x1070, {3, 3, 3, 3, 3, 3}},  // Operators' Name
    {0x0008, 0x0012, {3, 3, 3, 3, 3, 3}},  // Instance Creation Date
    {0x0008, 0x0013, {3, 3, 3, 3, 3, 3}},  // Instance Creation Time
    {0x0040, 0x0555, {3, 2, 3, 3, 3, 2}},  // Acquisition Context Sequence (Acquisition Context module: 2)
    {0x0070, 0x0084, {3, 3, 3, 2, 3, 3}},  // Content Creator's Name (PS Identification: 2)
    {0x0018, 0x0010, {2, 2, 2, 2, 2, 2}},  // Contrast/Bolus Agent (Contrast/Bolus module: 2)
    {0x0040, 0xA730, {3, 3, 1, 3, 3, 3}},  // Content Sequence (SR Document Content: 1C)
    {0x0040, 0xA073, {3, 3, 1, 3, 3, 3}},  // Verifying Observer Sequence (1C when VERIFIED)
    {0x0040, 0xA032, {3, 3, 3, 3, 3, 3}},  // Observation DateTime
    {0x0070, 0x0001, {3, 3, 3, 3, 3, 3}},  // Graphic Annotation Sequence (module is optional)
    {0x0010, 0x0020, {2, 2, 2, 2, 2, 2}},  // Patient ID
    {0x0010, 0x2203, {3, 3, 3, 3, 3, 3}},  // Patient's Sex Neutered (2C, animals only)
    {0x0018, 0x1030, {3, 3, 3, 3, 3, 3}},  // Protocol Name
    {0x0018, 0x1400, {3, 3, 3, 3, 3, 3}},  // Acquisition Device Processing Description
    {0x0008, 0x0021, {3, 3, 3, 3, 3, 3}},  // Series Date
    {0x0008, 0x0031, {3, 3, 3, 3, 3, 3}},  // Series Time
    {0x0008, 0x1111, {3, 3, 2, 3, 3, 3}},  // Referenced Performed Procedure Step Sequence (SR Document Series: 2)
    {0x0008, 0x1110, {3, 3, 3, 3, 3, 3}},  // Referenced Study Sequence
    {0x0032, 0x1060, {3, 3, 2, 3, 3, 3}},  // Requested Procedure Description (SR Referenced Request: 2)
    {0x0070, 0x0082, {3, 3, 3, 1, 3, 3}},  // Presentation Creation Date (PS Identification: 1)
    {0x0070, 0x0083, {3, 3, 3, 1, 3, 3}},  // Presentation Creation Time (PS Identification: 1)
    {0x3006, 0x0008, {3, 3, 3, 3, 2, 3}},  // Structure Set Date
    {0x3006, 0x0009, {3, 3, 3, 3, 2, 3}},  // Structure Set Time
    {0x300A, 0x0006, {3, 3, 3, 3, 2, 3}},  // RT Plan Date
    {0x300A, 0x0007, {3, 3, 3, 3, 2, 3}},  // RT Plan Time
    {0x300A, 0x00B2, {3, 3, 3, 3, 2, 3}},  // Treatment Machine Name
    {0x3008, 0x0250, {3, 3, 3, 3, 2, 3}},  // Treatment Date
    {0x3008, 0x0251, {3, 3, 3, 3, 2, 3}},  // Treatment Time
    {0x300E, 0x0008, {3, 3, 3, 3, 3, 3}},  // Reviewer Name (2C, only when approved)
};

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

IodFamily iodFamily(const std::string& uid) {
  if (startsWith(uid, "1.2.840.10008.5.1.4.1.1.88.")) return IodFamily::StructuredReport;
  if (startsWith(uid, "1.2.840.10008.5.1.4.1.1.11.")) return IodFamily::PresentationState;
  if (startsWith(uid, "1.2.840.10008.5.1.4.1.1.481.")) return IodFamily::Radiotherapy;
  // ECG, audio, hemodynamic and other waveforms: Waveform Identification (Content Date/Time and
  // Acquisition DateTime Type 1) and Acquisition Context (Type 2).
  if (startsWith(uid, "1.2.840.10008.5.1.4.1.1.9.")) return IodFamily::Waveform;
  static const char* const enhanced[] = {
      "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.4.3", "1.2.840.10008.5.1.4.1.1.4.4",
      "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.2.2", "1.2.840.10008.5.1.4.1.1.6.2",
      "1.2.840.10008.5.1.4.1.1.12.1.1", "1.2.840.10008.5.1.4.1.1.12.2.1", "1.2.840.10008.5.1.4.1.1.130",
      "1.2.840.10008.5.1.4.1.1.128.1",
      // Also built on the Multi-frame Functional Groups and Enhanced General Equipment modules
      // (Device Serial Number Type 1): Parametric Map, Segmentation, MR Spectroscopy, Breast
      // Tomosynthesis.
      "1.2.840.10008.5.1.4.1.1.30", "1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.4.2",
      "1.2.840.10008.5.1.4.1.1.13.1.3"};
  for (const char* e : enhanced)
    if (uid == e) return IodFamily::EnhancedImage;
  return IodFamily::Image;
}

int attributeType(IodFamily family, std::uint16_t group, std::uint16_t element, bool non_human) {
  if (non_human && group == 0x0010) {
    // Patient module, for an animal (PS3.3 C.7.1.1): Responsible Person and Responsible
    // Organization are required (2C, one of them; dciodvfy wants a value), Patient's Sex Neutered
    // is 2C. They stay, with dummy values.
    if (element == 0x2297 || element == 0x2299) return 1;
    if (element == 0x2203) return 2;
  }
  return attributeType(family, group, element);
}

int attributeType(IodFamily family, std::uint16_t group, std::uint16_t element) {
  // Asked for nearly every attribute of every file: the rows by tag, once, for a binary search.
  static const std::vector<std::pair<std::uint32_t, const TypeRow*>> by_tag = [] {
    std::vector<std::pair<std::uint32_t, const TypeRow*>> rows;
    for (const TypeRow& row : kTypes) rows.emplace_back(std::uint32_t{row.group} << 16 | row.element, &row);
    std::sort(rows.begin(), rows.end());
    return rows;
  }();
  const std::uint32_t tag = std::uint32_t{group} << 16 | element;
  const auto found = std::lower_bound(by_tag.begin(), by_tag.end(), tag,
                                      [](const auto& row, std::uint32_t t) { return row.first < t; });
  if (found == by_tag.end() || found->first != tag) return 3;
  return found->second->type[static_cast<std::size_t>(family)];
}

}  // namespace imaging::deid
