#pragma once
// The Retain Safe Private option's list: private elements that carry acquisition parameters
// only (numbers), identified by private creator, group and element offset. See
// docs/deidentification.md for the list and why each is safe.
#include <cstdint>
#include <string>

namespace imaging::deid {

// True when (group, creator, low byte of element) is on the safe list.
bool isSafePrivate(std::uint16_t group, const std::string& creator, std::uint8_t element_offset);

}  // namespace imaging::deid
