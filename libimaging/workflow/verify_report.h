#pragma once
// verify's look at the anonymize reports beside an export (OUT.report.json): they are filed and
// passed around with it, and quote input paths and reasons, so they are checked for the source's
// identifiers like the export itself, in every form the report's own check knows and more.
#include <filesystem>
#include <string>
#include <vector>

#include "imaging/workflow/verify.h"

namespace imaging::workflow {

// Findings (FindingKind::IdentifierInReport) for every "input" value (an input path) of the JSON report
// at `report` in which a source identifier occurs (IdentifierCheck::pathHolds: separators, case,
// truncations, digit and date forms), and every "description" or "reason" holding a source
// identifier of 5 or more characters as a word. A report that is missing gives nothing; one that cannot be
// read or parsed gives a finding, since it cannot be checked.
std::vector<VerifyFinding> checkReport(const std::filesystem::path& report, const std::vector<std::string>& identifiers);

}  // namespace imaging::workflow
