#pragma once
// Opening one document-like object (a structured report, a presentation state) for reading: the
// same checks and errors for each kind.
#include <filesystem>
#include <string>
#include <string_view>

#include "imaging_bridge/dicom_file.h"

namespace imaging::media {

// The text without leading and trailing blanks (spaces, tabs, line breaks).
std::string trimmed(const std::string& text);

// The file through the door, whole (large values left on disk). Throws Error(NotFound) when there is
// no such file, what the door throws for a file it refuses, and Error(Unsupported) "not a WHAT" when
// its SOP Class UID does not start with class_prefix.
bridge::DicomFile openDocumentOfClass(const std::filesystem::path& path, std::string_view class_prefix,
                                      const std::string& what);

}  // namespace imaging::media
