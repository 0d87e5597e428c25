// Attributes whose kept text is a technical token, not prose: their words are not dictionary
// words ("syngo MR E11", "B30f", "HeadNeck_20") and name no one, so only the shape rules
// (dates, phones, IDs, addresses, UIDs) apply to them. Code values are numbers and designators of
// coding schemes (113100, T-D1213): no shape applies. Everything else kept is free text.
#include <algorithm>
#include <cstdint>
#include <iterator>

#include "imaging/text/free_text.h"

namespace imaging::text {
namespace {

constexpr std::uint32_t tag(std::uint16_t g, std::uint16_t e) { return (std::uint32_t{g} << 16) | e; }

constexpr std::uint32_t kTechnical[] = {
    tag(0x0002, 0x0013),  // Implementation Version Name
    tag(0x0008, 0x0070),  // Manufacturer
    tag(0x0008, 0x1090),  // Manufacturer's Model Name
    tag(0x0012, 0x0063),  // De-identification Method (written by ScanShare)
    tag(0x0018, 0x0024),  // Sequence Name
    tag(0x0018, 0x1020),  // Software Versions
    tag(0x0018, 0x1210),  // Convolution Kernel
    tag(0x0018, 0x1250),  // Receive Coil Name
    tag(0x0018, 0x1251),  // Transmit Coil Name
    tag(0x0018, 0x9005),  // Pulse Sequence Name
    tag(0x0018, 0x9041),  // Receive Coil Manufacturer Name
    tag(0x0018, 0x9051),  // Transmit Coil Manufacturer Name
    tag(0x0028, 0x1055),  // Window Center & Width Explanation
};

constexpr std::uint32_t kCode[] = {
    tag(0x0008, 0x0100),  // Code Value
    tag(0x0008, 0x0102),  // Coding Scheme Designator
    tag(0x0008, 0x0103),  // Coding Scheme Version
    tag(0x0008, 0x0119),  // Long Code Value
    tag(0x0008, 0x010F),  // Context Identifier
    tag(0x0008, 0x0117),  // Context UID
};

}  // namespace

TextKind textKindOf(std::uint16_t group, std::uint16_t element) {
  const std::uint32_t t = tag(group, element);
  if (std::find(std::begin(kCode), std::end(kCode), t) != std::end(kCode)) return TextKind::Code;
  if (std::find(std::begin(kTechnical), std::end(kTechnical), t) != std::end(kTechnical)) return TextKind::Technical;
  return TextKind::FreeText;
}

bool isInstitutionIdentityAttribute(std::uint16_t group, std::uint16_t element) {
  static constexpr std::uint32_t kInstitution[] = {
      tag(0x0008, 0x0080),  // Institution Name
      tag(0x0008, 0x0081),  // Institution Address
      tag(0x0008, 0x1040),  // Institutional Department Name
      tag(0x0018, 0x1803),  // NTP Source Address
  };
  return std::find(std::begin(kInstitution), std::end(kInstitution), tag(group, element)) != std::end(kInstitution);
}

bool isDeviceIdentityAttribute(std::uint16_t group, std::uint16_t element) {
  static constexpr std::uint32_t kDevice[] = {
      tag(0x0008, 0x1010),  // Station Name
      tag(0x0018, 0x1000),  // Device Serial Number
      tag(0x0018, 0x1002),  // Device UID
      tag(0x0018, 0x1004),  // Plate ID
      tag(0x0018, 0x1005),  // Generator ID
      tag(0x0018, 0x1007),  // Cassette ID
      tag(0x0018, 0x1008),  // Gantry ID
      tag(0x0018, 0x700A),  // Detector ID
      tag(0x0018, 0x7006),  // Detector Description
      tag(0x0050, 0x0020),  // Device Description
      tag(0x3010, 0x002D),  // Device Label
      tag(0x0018, 0x100B),  // Manufacturer's Device Class UID
  };
  return std::find(std::begin(kDevice), std::end(kDevice), tag(group, element)) != std::end(kDevice);
}

}  // namespace imaging::text
