#pragma once
// A scan written once and read by every shard task (docs/scale-out.md, "Plan"): each task would
// otherwise scan every header of the input itself, which kept N tasks from being N times faster.
// The plan holds the inventory, identifying values included, so it is sealed with the project key
// like the mapping, and kept outside OUT and the input.
#include <filesystem>

#include "imaging/deid/key.h"
#include "imaging/model/model.h"

namespace imaging {

// Writes the inventory of a folder (or DICOMDIR) input. Throws Error(InvalidArgument) for a zip or
// CD image input (its extraction folder does not outlive the scan) and what sealing throws.
void writeScanPlan(const std::filesystem::path& file, const Key& key, const Inventory& inventory);

// Reads a plan made from `input`. Throws Error(InvalidArgument) when it was made from another input
// or the input changed since (a file gone or of another size), and what opening a sealed file
// throws (wrong key, altered file).
Inventory readScanPlan(const std::filesystem::path& file, const Key& key, const std::filesystem::path& input);

}  // namespace imaging
