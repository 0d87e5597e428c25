// Whether a public tag is one DCMTK's data dictionary knows, answered from a table generated at build
// time from that dictionary (standard_tags_generator.cpp): the engine asks for every attribute the
// action table does not list, and asking DCMTK would load the whole dictionary (~112 M instructions)
// into a run that otherwise needs none of it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace imaging::deid {

// DCMTK's range restriction on a repeating entry's group or element (DcmDictRangeRestriction).
enum class TagParity : std::uint8_t { Any, Odd, Even };

// One repeating entry: every (group, element) in the two closed ranges whose parities fit.
struct StandardTagRange {
  std::uint16_t group, upper_group, element, upper_element;
  TagParity group_parity, element_parity;

  constexpr bool contains(std::uint16_t g, std::uint16_t e) const noexcept {
    return fits(group_parity, g) && fits(element_parity, e) && group <= g && g <= upper_group && element <= e &&
           e <= upper_element;
  }
  static constexpr bool fits(TagParity parity, std::uint16_t value) noexcept {
    return parity == TagParity::Any || (parity == TagParity::Odd) == ((value & 1u) != 0);
  }
};

// The generated table itself, for the tests that hold it against DCMTK.
struct StandardTagTable {
  const std::uint32_t* exact;  // group << 16 | element, ascending
  std::size_t exact_count;
  const StandardTagRange* ranges;
  std::size_t range_count;
};
const StandardTagTable& standardTagTable() noexcept;

// Equals strcmp(DcmTag(DcmTagKey(group, element)).getTagName(), DcmTag_ERROR_TagName) != 0 with the
// dictionary this build was generated from, without a private creator.
bool isStandardTag(std::uint16_t group, std::uint16_t element) noexcept;

}  // namespace imaging::deid
