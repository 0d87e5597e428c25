#pragma once
// verify's self-contained checks of one exported value: what must hold with or without the
// source (no person names, no date/phone/ID/address/UID shapes in text, every word of kept free
// text on the allow-list, every instance UID replaced). Private to the workflow module (DCMTK).
#include "imaging/workflow/verify.h"
#include <optional>
#include <string>
#include <vector>

#include "dataset_walk.h"

namespace imaging::workflow {

// What the file says about itself: options that keep values on purpose, attributes a clinic
// kept verbatim (--keep-text), and its pseudonym.
struct ExportMarks {
  bool retain_uids = false;
  bool retain_institution = false;
  bool retain_device = false;
  bool clean_pixels = false;  // 113101 Clean Pixel Data: the export says its pixels were redacted
  std::vector<DcmTagKey> verbatim;
  std::vector<std::string> verbatim_names;
  // A patient's own values a recipe kept on purpose ("Unsafe keep <Keyword>", "unsafe": true):
  // not leaks, but said.
  std::vector<DcmTagKey> unsafe_kept;
  std::vector<std::string> unsafe_kept_names;
};
ExportMarks readExportMarks(DcmItem& dataset);

// What a file says of its own de-identification, as written: the Code Values of De-identification
// Method Code Sequence and the values of De-identification Method. The export's marks (above) and
// the profile's (verify_profile.h) are both read from these.
struct DeidMethodValues {
  std::vector<std::string> codes, methods;
};
DeidMethodValues readDeidMethodValues(DcmItem& dataset);
// Is the tag one of the file's unsafe keeps (its value is the patient's own, on purpose)?
bool isUnsafeKept(const DcmTagKey& tag, const ExportMarks& marks);

// The non-empty values of a multi-valued string, '\\'-split, spaces and trailing NULs trimmed.
std::vector<std::string> splitValues(const std::string& value);
// UIDs that name classes, syntaxes and implementations rather than patients' data: never
// replaced by de-identification, so never findings and never compared with the source.
bool isClassUid(const DcmTagKey& tag);

struct ValueFinding {
  FindingKind kind;    // PersonName, UnsafeText, UidNotReplaced
  std::string detail;  // the rule, never the value
};

// Findings for one visited value (empty when it may stay).
std::vector<ValueFinding> checkExportedValue(const VisitedValue& value, const ExportMarks& marks);

}  // namespace imaging::workflow
