#pragma once
// Private to the bridge: stepping through explicit VR little endian elements by their headers,
// without parsing values, over a file read forward through a FileWindow (a DICOMDIR's tens of
// thousands of element headers cost memory copies, not system calls).
#include <cstddef>
#include <cstdint>

#include "file_window.h"

namespace imaging::bridge {

inline constexpr std::uint32_t kItemTag = 0xFFFEE000u, kItemEndTag = 0xFFFEE00Du, kSequenceEndTag = 0xFFFEE0DDu;
inline constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;

// One element's header at pos: tag, VR (two letters; none for items and delimiters), value length
// and where its value starts. False when the file ends inside it or the VR is not two capitals.
struct ElementHeader {
  std::uint32_t tag = 0;
  char vr[2] = {0, 0};
  std::uint32_t length = 0;
  std::uint64_t value_at = 0;
};
bool readElementHeader(FileWindow& in, std::uint64_t pos, ElementHeader& header);

// Steps over the items of a sequence of undefined length whose first item is at pos (past its
// delimiter). False when anything is not as explicit VR little endian has it, or nesting is deeper
// than max_depth.
bool skipSequenceItems(FileWindow& in, std::uint64_t& pos, int depth, int max_depth = 32);

}  // namespace imaging::bridge
