#pragma once
// The scan's per-file records as bytes and back, for an export that keeps them on disk instead of
// in memory (SpillFile, ExternalSorter). Compact (lengths as varints, absent optionals one byte)
// and exact: decode(encode(x)) == x field by field. The bytes are this process's own: no version,
// never written anywhere that outlives the process.
#include <string>
#include <string_view>

#include "imaging/model/inventory_builder.h"
#include "imaging/model/model.h"

namespace imaging {

// Appends to `out` (so that a caller can frame several parts in one buffer).
void encodeInstance(const Instance& instance, std::string& out);
void encodeRecord(const InstanceRecord& record, std::string& out);  // instance + patient (with its
                                                                    // identifying values, no studies)
                                                                    // + study (no series) + series (no instances)
void encodeProblem(const Problem& problem, std::string& out);

// Each reads one value from the front of `in` and advances it past what it read. Throws
// Error(Internal) when the bytes end early or are malformed (only a bug or a damaged spill does that).
Instance decodeInstance(std::string_view& in);
InstanceRecord decodeRecord(std::string_view& in);
Problem decodeProblem(std::string_view& in);

// The primitives, for codecs of other modules (workflow's file results).
namespace codec {
void putVarint(std::uint64_t value, std::string& out);
void putText(std::string_view text, std::string& out);
void putDouble(double value, std::string& out);
std::uint64_t getVarint(std::string_view& in);
std::string getText(std::string_view& in);
double getDouble(std::string_view& in);
}  // namespace codec

}  // namespace imaging
