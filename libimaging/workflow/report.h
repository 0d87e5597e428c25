#pragma once
// report.json and report.txt of an anonymize run: per file status, action counts, options.
// Never contains the key, a UID mapping, or any value of the source.
#include <filesystem>
#include <string>

#include "imaging/workflow/anonymize.h"

namespace imaging::workflow {

std::string reportJson(const AnonymizeResult& result, const AnonymizeOptions& options);
std::string reportText(const AnonymizeResult& result, const AnonymizeOptions& options);
// Writes both (each to a temporary name, then renamed). Throws Error(Io).
void writeReports(const AnonymizeResult& result, const AnonymizeOptions& options);

}  // namespace imaging::workflow
