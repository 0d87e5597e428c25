#pragma once
// Re-identification for the clinic's own use (issue 16, docs/mapping.md): a copy of a de-identified
// export in which the identifying header attributes are restored from the sealed mapping. The
// export is never modified; the copy appears atomically (whole, or not at all).
#include <cstddef>
#include <filesystem>

#include "imaging/workflow/sealed_mapping.h"

namespace imaging {

struct ReidentifyResult {
  std::filesystem::path output;
  std::size_t restored = 0;   // DICOM files whose SOP Instance UID the mapping knows: restored
  std::size_t unmatched = 0;  // DICOM files the mapping does not describe: copied unchanged
  std::size_t other_files = 0;  // non-DICOM files of the export, copied unchanged
};

// Writes `out` (a folder; it must not exist or be empty, and lie outside `export_path`): every
// file of the export (a folder or zip written by anonymize), each DICOM file the mapping describes
// with PatientName, PatientID, IssuerOfPatientID, PatientBirthDate, AccessionNumber and every UID
// the mapping holds (Study, Series and SOP Instance UIDs, also where referenced and in the file
// meta) as in the source, dates (DA, and the date of DT) shifted back by the patient's offset when
// the export shifted them, Patient Identity Removed set to NO and the De-identification Method
// saying that the copy was re-identified; then a new DICOMDIR. Throws Error(Unsupported) for a
// version 1 mapping (no series or instance UIDs), Error(InvalidArgument) when the mapping
// describes no file of the export (another export's mapping), and Error for unusable paths.
ReidentifyResult reidentifyExport(const std::filesystem::path& export_path, const ReidMapping& mapping,
                                  const std::filesystem::path& out);

}  // namespace imaging
