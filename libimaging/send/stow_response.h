#pragma once
// Reads a STOW-RS response (DICOM JSON, PS3.18 10.5.3): which instances the server stored
// (ReferencedSOPSequence) and which it did not (FailedSOPSequence, with FailureReason).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace imaging::send_detail {

struct StowInstanceResult {
  bool stored = false;
  std::optional<std::uint16_t> failure_reason;  // (0008,1197) when failed
  std::optional<std::uint16_t> warning_reason;  // (0008,1196) when stored with a warning
};

// SOP Instance UID -> result. Returns nullopt when body is not a DICOM JSON object.
std::optional<std::map<std::string, StowInstanceResult>> parseStowResponse(const std::string& body);

// The SOP Instance UIDs (0008,0018) of a QIDO-RS instance search answer (a DICOM JSON array).
// Returns nullopt when body is not a JSON array; an empty body (204 No Content) is no instance.
std::optional<std::set<std::string>> parseQidoInstances(const std::string& body);

}  // namespace imaging::send_detail
