#pragma once
// Sending an export, checked first: the one send path of `scanshare send`, `anonymize --send` and
// the viewer. What is about to leave the machine is verified as `scanshare verify` verifies it
// (its self-contained checks, plus the source's identifiers and UIDs when the caller has the
// source), and any finding that may identify someone or leaves a file unchecked
// (isPrivacyFinding) refuses the whole send. There is no override. Structural findings (dangling
// references, DICOMDIR completeness) are reported but do not stop it. The PatientIdentityRemoved
// mark alone is never trusted (it is one of verify's checks).
#include <cstddef>
#include <filesystem>
#include <string>

#include "imaging/deid/parts.h"
#include "imaging/send/send.h"
#include "imaging/workflow/verify.h"

namespace imaging {

struct CheckedSend {
  VerifyResult verdict;           // verify(path, the caller's verify options)
  SendReport report;              // no files when refused
  std::size_t scan_problems = 0;  // files of PATH the scan skipped (not DICOM, damaged)
  // Some finding may identify someone (see above).
  bool refused() const;
};

// One line for a refusal: "refusing to send: verify finds N problem(s): KIND at LOCATION; ...
// (and M more)". Kinds and locations only (file names in the export, tag paths), never values.
// With `identifiers` (makePatientsScrubber of the copy), a location holding one of them is
// withheld, as the report withholds such input paths: an identified copy's folders are often
// named after the patient.
std::string refusalLine(const VerifyResult& verdict, std::size_t max_listed = 5, const TextScrubber* identifiers = nullptr);

// Sends a copy whose verdict the caller already has and found not refused (the share pipeline,
// right after its own verify): scan(path) and sendTo(...). Throws Error(InvalidArgument) when PATH
// holds no DICOM instance, and what scan and sendTo throw.
// scan_problems, when given, gets the number of files of PATH the scan skipped.
SendReport sendVerifiedExport(const std::filesystem::path& path, const SendDestination& destination,
                              const SendOptions& options, std::size_t* scan_problems = nullptr);

// verify(path, verify_options); unless refused, sendVerifiedExport(...). Throws
// Error(InvalidArgument) when PATH holds no DICOM instance, and what verify, scan and sendTo throw.
CheckedSend sendExport(const std::filesystem::path& path, const SendDestination& destination, const SendOptions& options,
                       const VerifyOptions& verify_options = {});

}  // namespace imaging
