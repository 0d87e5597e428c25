#pragma once
// Every patient's identifiers when they do not all fit in memory at once: read from the bounded
// export's patient spill one group of patients at a time, built into the same scrubber and report
// check that hold them all when they fit (docs/benchmarks.md, session 13, "patients").
#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "identifier_match.h"
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
  // One scrubber of `own` patients' identifiers and those of every patient in `groups`.
  std::shared_ptr<const TextScrubber> scrubberWith(const std::vector<const Patient*>& own, const std::set<std::size_t>& groups);

 private:
  SpilledInventory& patients_;
  Profile profile_;
  std::size_t per_group_;
  std::size_t count_;
};

}  // namespace imaging::workflow
