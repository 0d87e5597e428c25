#pragma once
// Sending an export, checked first: what is about to leave the machine is verified as
// `scanshare verify` verifies it (its self-contained checks: no source needed), and any finding
// refuses the whole send. There is no override: a copy that verify calls NOT CLEAN is not sent.
// The PatientIdentityRemoved mark alone is never trusted (it is one of verify's checks).
#include <cstddef>
#include <filesystem>
#include <string>

#include "imaging/send/send.h"
#include "imaging/workflow/verify.h"

namespace imaging {

struct CheckedSend {
  VerifyResult verdict;           // verify(path) without a source
  SendReport report;              // no files when refused
  std::size_t scan_problems = 0;  // files of PATH the scan skipped (not DICOM, damaged)
  bool refused() const { return !verdict.clean(); }
};

// One line for a refusal: "refusing to send: verify finds N problem(s): KIND at LOCATION; ...
// (and M more)". Kinds and locations only (file names in the export, tag paths), never values.
std::string refusalLine(const VerifyResult& verdict, std::size_t max_listed = 5);

// verify(path); when clean, scan(path) and sendTo(...). Throws Error(InvalidArgument) when PATH
// holds no DICOM instance, and what verify, scan and sendTo throw.
CheckedSend sendExport(const std::filesystem::path& path, const SendDestination& destination, const SendOptions& options);

}  // namespace imaging
