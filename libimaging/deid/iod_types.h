#pragma once
// The PS3.3 attribute Types that decide how a compound action of Table E.1-1 resolves
// (Type 1 -> D, Type 2 -> Z, otherwise X). A small maintained list, see iod_types.cpp and
// docs/deidentification.md.
#include <cstdint>
#include <string>

namespace imaging::deid {

enum class IodFamily { Image, EnhancedImage, StructuredReport, PresentationState, Radiotherapy, Waveform };

IodFamily iodFamily(const std::string& sop_class_uid);
// 1, 2 or 3 (3 also for "not in the IOD" and unknown attributes).
int attributeType(IodFamily family, std::uint16_t group, std::uint16_t element);
// The same for a non-human patient (Patient Species Description or Code Sequence present), where
// the Patient module requires the responsible person or organization.
int attributeType(IodFamily family, std::uint16_t group, std::uint16_t element, bool non_human);

}  // namespace imaging::deid
