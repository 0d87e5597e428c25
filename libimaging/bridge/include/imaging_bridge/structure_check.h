#pragma once
// A cheap, non-recursive walk over a file's elements that refuses structures DCMTK 3.6.7 cannot
// survive: its parser recurses once per nested sequence/item, so a few thousand levels of nesting
// overflow the stack (found by fuzzing; DCMTK's own dcmdump dies the same way). In a deflated file
// DCMTK allocates each declared length before reading the value, so there the walk inflates the
// data set (zlib, in a fixed window) and refuses a length that runs past the data.
#include <cstdint>
#include <optional>
#include <string>

#include "imaging_bridge/fd_streams.h"

namespace imaging::bridge {

// Real data nests a handful of levels; 64 leaves ample room for enhanced multi-frame objects.
constexpr unsigned kMaxSequenceDepth = 64;

// The longest text value (any text VR, or UN/OB/implicit where the dictionary says text) a file
// may hold: the engine copies, converts and scrubs text in memory at several times its size, so a
// value of gigabytes exhausted memory and stopped the batch. Real text values (reports in UT) stay
// far below; a file over it is refused as unsafe-structure, alone.
constexpr std::uint32_t kMaxTextValueBytes = 64u << 20;

// nullopt when the file may be given to DCMTK; otherwise a one-line reason (no values). Walks the
// whole data set, including what follows top-level Pixel Data (whose value is skipped; in a
// deflated file its declared length must be there, up to 1 GB inflated; elements before it may
// end at most 64 MB into the inflated data set). When the bytes cannot be walked (unknown encoding), returns nullopt and
// leaves the verdict to DCMTK.
std::optional<std::string> refuseUnsafeStructure(const std::string& path, unsigned max_depth = kMaxSequenceDepth);
// The same on a file the caller has open (its path is opened again only for a deflated data set).
std::optional<std::string> refuseUnsafeStructure(const InputFile& file, unsigned max_depth = kMaxSequenceDepth);

}  // namespace imaging::bridge
