#pragma once
// QIDO-RS study search and the DICOM JSON it answers with. Private to the dicomweb module.
#include <optional>
#include <string>
#include <vector>

#include "imaging/dicomweb/source.h"

namespace imaging::dicomweb_detail {

// The Study Instance UIDs (0020000D) of a QIDO-RS answer (a DICOM JSON array), in its order;
// nullopt when the body is not such an array. UIDs that are not [0-9.]{1,64} are left out (they
// go into a URL path next).
std::optional<std::vector<std::string>> parseStudyUids(const std::string& json);

// Runs the search, following offset pages until a page brings nothing new. Throws as fetchStudies.
std::vector<std::string> searchStudies(HttpClient& client, const DicomWebSource& source, const FetchOptions& options);

// Waits the backoff before retry `attempt` (1, 2, ...) in short slices; false when cancelled.
bool backoff(const FetchOptions& options, int attempt);

// "answered HTTP 401 (check --source-user or --source-token)" and the like.
std::string statusReason(long status);

}  // namespace imaging::dicomweb_detail
