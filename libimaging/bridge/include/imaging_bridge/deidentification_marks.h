#pragma once
// The one writer of a de-identified data set's marks: De-identification Method (LO, VM 1-n) and
// De-identification Method Code Sequence. The engine writes the profile's marks with it, and the
// redaction adds Clean Pixel Data and its regions with it in the same write that clears Burned In
// Annotation, so no written file is opened again to amend them.
#include <string>
#include <vector>

#include "imaging_bridge/dcmtk.h"

namespace imaging::bridge {

struct CodedMark {
  std::string value;    // "113101"
  std::string meaning;  // "Clean Pixel Data Option"; the scheme is always DCM (CID 7050)
};
inline bool operator==(const CodedMark& a, const CodedMark& b) { return a.value == b.value && a.meaning == b.meaning; }
inline bool operator!=(const CodedMark& a, const CodedMark& b) { return !(a == b); }

// Replace: the data set's method values and codes become exactly these. Append: they are added
// after the ones it has. Throws Error(Internal) when DCMTK refuses a value.
enum class MarkMode { Replace, Append };
void writeDeidentificationMarks(DcmItem& dataset, const std::vector<std::string>& method_values,
                                const std::vector<CodedMark>& codes, MarkMode mode);

}  // namespace imaging::bridge
