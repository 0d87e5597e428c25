#pragma once
// Private to the bridge: stepping through explicit VR little endian elements by their headers,
// without parsing values, over a file read forward through a window (a DICOMDIR's tens of
// thousands of element headers cost memory copies, not system calls).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "imaging_bridge/fd_streams.h"

namespace imaging::bridge {

inline constexpr std::uint32_t kItemTag = 0xFFFEE000u, kItemEndTag = 0xFFFEE00Du, kSequenceEndTag = 0xFFFEE0DDu;
inline constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;

class ByteCursor {
 public:
  explicit ByteCursor(const InputFile& input) : input_(input) {}
  // The n bytes at `at` (valid until the next call), or null past the end of the file.
  const unsigned char* at(std::uint64_t at, std::size_t n);
  std::uint64_t size() const { return input_.size(); }

 private:
  const InputFile& input_;
  std::vector<unsigned char> window_;
  std::uint64_t window_at_ = 0;
};

// One element's header at pos: tag, VR (two letters; none for items and delimiters), value length
// and where its value starts. False when the file ends inside it or the VR is not two capitals.
struct ElementHeader {
  std::uint32_t tag = 0;
  char vr[2] = {0, 0};
  std::uint32_t length = 0;
  std::uint64_t value_at = 0;
};
bool readElementHeader(ByteCursor& in, std::uint64_t pos, ElementHeader& header);

// Steps over the item whose header is at pos (past its end), or over the items of a sequence of
// undefined length whose first item is at pos (past its delimiter). False when anything is not as
// explicit VR little endian has it, or nesting is deeper than max_depth.
bool skipItem(ByteCursor& in, std::uint64_t& pos, int depth, int max_depth = 32);
bool skipSequenceItems(ByteCursor& in, std::uint64_t& pos, int depth, int max_depth = 32);

}  // namespace imaging::bridge
