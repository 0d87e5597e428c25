#pragma once
// The cross-patient free-text scrub of a bounded export whose patients' identifiers do not all fit
// in memory, with the scrubber's own rules and the same result as one scrubber of every patient:
// each file of a chunk is first run (nothing written) with a scrubber of the chunk's patients that
// writes down every text the engine asks about; those texts are checked against the other
// patients one group at a time (PatientGroups); a file whose texts hold a group's identifiers is
// given a scrubber with that group's patients added, and run again, until no new group is hit.
// A text that holds no identifier of a patient gets the same answer whether or not that patient's
// identifiers are in the scrubber, so every question the final run asks is answered as the
// all-patient scrubber would answer it. The report's check of input paths and reasons: the
// chunk's patients first (chunkCheck), then every group (recheck).
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "identifier_match.h"
#include "imaging/workflow/anonymize.h"
#include "patient_groups.h"
#include "work_plan.h"

namespace imaging::workflow {

class CrossPatientScrub {
 public:
  CrossPatientScrub(const WorkPlan& plan, const AnonymizeOptions& options, PatientGroups& groups);
  std::shared_ptr<const TextScrubber> chunkScrubber() const { return chunk_scrubber_; }
  const IdentifierCheck& chunkCheck() const { return chunk_check_; }
  // Per plan item, the scrubber its file must be written with (null: its context's, the chunk's).
  std::vector<std::shared_ptr<const TextScrubber>> settle(const std::vector<PatientContext>& contexts,
                                                          const Deidentifier& deid, const Deidentifier* redacting);
  // The chunk's file results (one per plan item, as ExportSession::complete filled them), their
  // input paths and the engine's reasons checked against every other patient.
  void recheck(const WorkPlan& plan, std::vector<FileResult>& files);

 private:
  const WorkPlan& plan_;
  const AnonymizeOptions& options_;
  PatientGroups& groups_;
  std::set<std::string> chunk_patients_;  // identity keys
  std::shared_ptr<const TextScrubber> chunk_scrubber_;
  IdentifierCheck chunk_check_;
};

// The scan's skipped inputs, and (name, reason) pairs, checked against every patient's identifiers.
void recheckSkipped(PatientGroups& groups, std::vector<SkippedInput>& skipped);
void recheckReasons(PatientGroups& groups, std::vector<std::pair<std::string, std::string>>& reasons);

}  // namespace imaging::workflow
