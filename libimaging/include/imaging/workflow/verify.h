#pragma once
// Re-reads an exported medium and lists anything identifying that survived.
#include <atomic>
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
  // Keep a record of every DICOM file checked (a folder export only), so that what is sent next is
  // exactly what was checked and the copy is not read again to list it (VerifyResult::checked).
  bool list_checked = false;
  // Projection X-ray images (CR, DX, MG, IO, PX, XA, RF) not marked Clean Pixel Data are screened
  // for burned-in text (the text line detector and OCR; a line other than orientation marks and
  // scales, or an identifying word, is a burned-in-text finding). true skips that; a note says so.
  bool trust_burned_in_flag = false;
  // When set to true, verify stops between files and throws Cancelled (never a partial verdict);
  // its unpacked zip and the scan of `against` are removed on the way out.
  const std::atomic<bool>* cancel = nullptr;
};

// What verify found. The words for people are the callers' (CLI, viewer); toString gives the
// stable token the JSON output and the docs use.
enum class FindingKind {
  IdentifierInValue,     // a source identifier in an attribute value
  IdentifierInPath,      // ... in a file or folder name of the export
  IdentifierInBytes,     // ... anywhere in a file's bytes
  IdentifierInReport,    // ... in an input path quoted by the report beside the export
  SourceUid,             // a UID of the source survives (in a UI value, or in text)
  IdentityNotRemoved,    // Patient Identity Removed is not YES
  PersonName,            // a person name that is not a ScanShare pseudonym
  UnsafeText,            // kept text with words outside the allow-list
  UidNotReplaced,        // a UID that is not a ScanShare 2.25 UID
  BurnedInText,          // text lines still detected in pixels marked clean (113101), or text in a projection X-ray
  UnknownElement,        // an even-group attribute the standard's dictionary does not know
  BurnedInAnnotation,    // Burned In Annotation YES (any VR) on an image ScanShare did not redact
  HiddenPixelBits,       // native samples with bits set outside Bits Stored / High Bit (embedded overlay)
  JpegComment,           // a JPEG frame's header (encapsulated pixel data) has a COM or APP1-13/15 segment
  PixelDataSurplus,      // native pixel data longer than the image its header declares (a hidden frame)
  ProfileNotApplied,     // an attribute PS3.15 removes/empties/dummies (under the declared options) holds a value
  NotDicom,              // a file of the export that is not DICOM
  Truncated,             // a file cut short: cannot be checked
  UnsafeStructure,       // a file the structure guard refuses: cannot be checked
  DanglingReference,     // structural: refers to a source instance not in the export
  DicomdirMissingFile,   // structural: listed in the DICOMDIR, not present
  DicomdirUnlistedFile,  // structural: present, not listed
  DicomdirBrokenTree,    // structural: the DICOMDIR's record offsets do not form one tree (a reader misses files)
  NoDicomdir             // structural: no readable DICOMDIR
};
// "identifier-in-value", "identifier-in-path", ..., "no-dicomdir".
const char* toString(FindingKind kind) noexcept;

struct VerifyFinding {
  FindingKind kind = FindingKind::UnsafeStructure;
  std::string location;  // file relative to the export root, plus tag path when known
  std::string detail;    // never the identifying value itself
};

struct VerifyResult {
  std::size_t files_checked = 0;
  std::size_t source_identifiers = 0;  // with --against
  std::size_t source_uids = 0;
  std::vector<VerifyFinding> findings;
  std::vector<std::string> notes;
  // With VerifyOptions::list_checked on a folder: the checked files (not the DICOMDIR), grouped as a
  // scan groups them, with what a sender needs (path, SOP class and instance, transfer syntax,
  // study, series, patient).
  std::shared_ptr<const Inventory> checked;
  bool clean() const { return findings.empty(); }
};

// Whether a finding may identify someone or leaves a file unchecked (every kind but the structural
// ones: dangling references, DICOMDIR completeness). A copy with such a finding is never sent, by
// `scanshare send`, `anonymize --send` or the viewer.
bool isPrivacyFinding(FindingKind kind) noexcept;
inline bool isPrivacyFinding(const VerifyFinding& finding) noexcept { return isPrivacyFinding(finding.kind); }

// out: an export folder or zip. Throws Error when out (or against) cannot be read at all.
VerifyResult verify(const std::filesystem::path& out, const VerifyOptions& options = {});

}  // namespace imaging
