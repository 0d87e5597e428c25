#pragma once
// Private to the bridge: where a DICOMDIR's record sequence may be cut for a parse in parts.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "imaging_bridge/fd_streams.h"

namespace imaging::bridge {

// Up to parts - 1 offsets, ascending, each the start of a top-level item of the Directory Record
// Sequence whose first item starts at first_item and whose items end by sequence_end (the
// sequence delimiter's offset, or the end of a defined-length sequence), near equal shares of it.
// Explicit VR little endian only; empty (no cut: one part) when anything is not as expected.
std::vector<std::uint64_t> recordSequenceCuts(const InputFile& input, std::uint64_t first_item,
                                              std::uint64_t sequence_end, std::size_t parts);

}  // namespace imaging::bridge
