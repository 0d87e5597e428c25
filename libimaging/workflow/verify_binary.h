#pragma once
// verify's checks of what the text checks do not read: attributes the standard's dictionary does not
// know (binary bytes nobody can vouch for), Burned In Annotation YES in any VR, and native pixel
// data with bits set outside the stored range (an embedded overlay). Each is independent of the
// engine's decisions: it looks at the written file only. Private to the workflow module (DCMTK).
#include <string>
#include <vector>

#include "imaging/workflow/verify.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::workflow {

struct BinaryFinding {
  FindingKind kind;
  std::string location;  // tag path inside the file ("" for the file as a whole)
  std::string detail;    // never a value
};

// clean_pixels: the file is marked Clean Pixel Data (113101), i.e. ScanShare redacted it; its
// Burned In Annotation is then the redaction's to state (verify's OCR re-check looks at it).
std::vector<BinaryFinding> checkBinaryContent(DcmDataset& dataset, bool clean_pixels);

}  // namespace imaging::workflow
