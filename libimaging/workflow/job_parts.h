#pragma once
// Parts of an export that the whole-inventory job (anonymize_job.cpp) and the bounded export
// (bounded_export.cpp) both use.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "imaging/deid/deidentifier.h"
#include "imaging/workflow/anonymize.h"
#include "work_plan.h"

namespace imaging::workflow {

// One context per source patient of the plan that has something to process: pseudonym, date
// offset, and the scrubber of every patient's identifiers (shared_scrubber, or one made from the
// plan's patients when it is null).
std::vector<PatientContext> makePatientContexts(const WorkPlan& plan, const AnonymizeOptions& options,
                                                std::shared_ptr<const TextScrubber> shared_scrubber);

// Adds a patient's identifiers, with the profile's scope, to a scrubber.
void addPatientIdentifiers(TextScrubber& scrubber, const Patient& patient, const Profile& profile);

// Whether burned-in candidates of a series are redacted rather than excluded (empty: never).
std::function<bool(const Series&)> redactableSeries(const AnonymizeOptions& options);

// What the report keeps out of input paths and reasons: a patient's harvested identifiers (with
// the profile's scope) and its own facts (name, its parts, ID, birth date).
void appendReportIdentifiers(const Patient& patient, const Profile& profile, std::vector<std::string>& out);
// The same for every patient, normalized (normalizeIdentifiers), ready for IdentifierCheck.
std::vector<std::string> reportIdentifiers(const std::vector<const Patient*>& patients, const Profile& profile);

}  // namespace imaging::workflow
