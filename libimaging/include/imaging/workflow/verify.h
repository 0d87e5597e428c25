#pragma once
// Re-reads an exported medium and lists anything identifying that survived.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imaging/deid/key.h"
#include "imaging/model/model.h"

namespace imaging {

struct VerifyOptions {
  // The source the export was made from: enables the identifier, source-UID and dangling
  // reference checks. Without it only the structural checks run.
  std::optional<std::filesystem::path> against;
  // The scan of `against`, when the caller already has it (the share pipeline): verify then takes
  // the source's patients, identifiers and instances from it instead of scanning again. Each
  // source file is still read once by verify itself for its UIDs (independently of the engine).
  std::shared_ptr<const Inventory> source_scan;
  // The key used for the export: lets verify tell which source instances a reference pointed to
  // (a reference to a mapped source instance missing from the export dangles). Without it,
  // references that resolve nowhere in the export are listed as notes, not findings.
  std::optional<Key> key;
  // Source SOP Instance UIDs left out of the export on purpose (series the person did not tick):
  // with the key, a reference to one of them is counted in a note instead of being a
  // dangling-reference finding. A reference to any other source instance still dangles.
  std::vector<std::string> left_out;
  unsigned jobs = 2;
};

struct VerifyFinding {
  std::string kind;      // identifier-in-value, identifier-in-path, identifier-in-bytes, source-uid,
                         // identity-not-removed, person-name, unsafe-text, uid-not-replaced,
                         // burned-in-text (text lines still detected in pixels marked 113101),
                         // not-dicom, truncated, unsafe-structure (files that cannot be checked),
                         // dangling-reference, dicomdir-missing-file, dicomdir-unlisted-file,
                         // no-dicomdir (structure of the copy)
  std::string location;  // file relative to the export root, plus tag path when known
  std::string detail;    // never the identifying value itself
};

struct VerifyResult {
  std::size_t files_checked = 0;
  std::size_t source_identifiers = 0;  // with --against
  std::size_t source_uids = 0;
  std::vector<VerifyFinding> findings;
  std::vector<std::string> notes;
  bool clean() const { return findings.empty(); }
};

// Whether a finding may identify someone or leaves a file unchecked (every kind but the structural
// ones: dangling references, DICOMDIR completeness). A copy with such a finding is never sent, by
// `scanshare send`, `anonymize --send` or the viewer; an unknown kind counts as one.
bool isPrivacyFinding(const VerifyFinding& finding);

// out: an export folder or zip. Throws Error when out (or against) cannot be read at all.
VerifyResult verify(const std::filesystem::path& out, const VerifyOptions& options = {});

}  // namespace imaging
