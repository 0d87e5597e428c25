#pragma once
// The instance-level keys of a DICOMDIR record, read from a data set the way the DICOMDIR writer
// lists them. One reading for both places that take them: the writer reading a file back
// (readDicomdirEntry) and the engine describing the file it has just written (WrittenHeader).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {

struct RecordKeyValues {
  // Every asked key present in the data set, in the order asked (normalized values, empty ones
  // kept); Verification DateTime also from the last Verifying Observer Sequence item.
  std::vector<std::pair<std::uint32_t, std::string>> keys;
  // The first Concept Name Code Sequence item's code value, scheme and meaning.
  std::string concept_code_value, concept_coding_scheme, concept_code_meaning;
};

RecordKeyValues readRecordKeys(DcmItem& dataset, const std::vector<std::uint32_t>& tags);

}  // namespace imaging::bridge
