#pragma once
// Restoring one de-identified file's identity from the mapping (private to workflow; DCMTK inside).
#include <filesystem>
#include <map>
#include <string>

#include "imaging/workflow/sealed_mapping.h"

namespace imaging::workflow {

struct Restoration {
  const MappingPatient* patient = nullptr;
  const MappingStudy* study = nullptr;
  bool shift_dates_back = false;                       // the export shifted dates by patient->date_offset_days
  const std::map<std::string, std::string>* uids = nullptr;  // new UID -> source UID, every UID of the mapping
};

// Reads `input` through the door, restores it, writes `output` (same transfer syntax). Throws Error.
void restoreFile(const std::filesystem::path& input, const std::filesystem::path& output, const Restoration& r);

}  // namespace imaging::workflow
