#pragma once
// Every patient's identifiers when they do not all fit in memory at once: read from the bounded
// export's patient spill one group of patients at a time, built into the same scrubber and report
// check that hold them all when they fit (docs/benchmarks.md, session 13, "patients").
#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "identifier_match.h"
#include "recording_scrubber.h"
#include "imaging/deid/deidentifier.h"
#include "spilled_inventory.h"

namespace imaging::workflow {

class PatientGroups {
 public:
  PatientGroups(SpilledInventory& patients, Profile profile, std::size_t per_group);
  std::size_t count() const { return count_; }

  // Visits each group's scrubber, then its report check, built in turn (one in memory at a time),
  // leaving out the patients `skip` names (by identity key): those a caller holds already.
  void forEachScrubber(const std::set<std::string>& skip,
                       const std::function<void(std::size_t group, const TextScrubber& scrubber)>& visit);
  void forEachCheck(const std::set<std::string>& skip,
                    const std::function<void(std::size_t group, const IdentifierCheck& check)>& visit);
  // Which patients of `group` (not in `skip`) hold an identifier that one of a file's texts holds:
  // for each file (its questions, as a RecordingScrubber wrote them down), their patient numbers
  // (0-based, in the patients' order) are added to found[file]. One small group's scrubber, then
  // one patient's, is held at a time.
  void attribute(std::size_t group, const std::set<std::string>& skip,
                 const std::vector<const std::vector<ScrubberQuestion>*>& files, std::vector<std::set<std::size_t>>& found);
  // One scrubber of these patients' identifiers (patient numbers as attribute() gives them).
  std::shared_ptr<const TextScrubber> scrubberOf(const std::set<std::size_t>& patients);

 private:
  SpilledInventory& patients_;
  Profile profile_;
  std::size_t per_group_;
  std::size_t count_;
};

}  // namespace imaging::workflow
