#include "patient_groups.h"

#include <algorithm>

#include "job_parts.h"

namespace imaging::workflow {

PatientGroups::PatientGroups(SpilledInventory& patients, Profile profile, std::size_t per_group)
    : patients_(patients),
      profile_(std::move(profile)),
      per_group_(std::max<std::size_t>(per_group, 1)),
      count_((patients.patientCount() + per_group_ - 1) / per_group_) {}

void PatientGroups::forEachScrubber(const std::set<std::string>& skip,
                                    const std::function<void(std::size_t, const TextScrubber&)>& visit) {
  std::unique_ptr<TextScrubber> scrubber = makeTextScrubber();
  std::size_t index = 0;
  patients_.forEachPatient([&](const Patient& patient) {
    if (skip.count(patient.identityKey()) == 0)
      for (const std::string& id : patientIdentifiers(patient, profile_)) scrubber->addIdentifier(id);
    if (++index % per_group_ == 0 || index == patients_.patientCount()) {
      visit((index - 1) / per_group_, *scrubber);
      scrubber = makeTextScrubber();
    }
  });
}

void PatientGroups::forEachCheck(const std::set<std::string>& skip,
                                 const std::function<void(std::size_t, const IdentifierCheck&)>& visit) {
  std::vector<std::string> ids;
  std::size_t index = 0;
  patients_.forEachPatient([&](const Patient& patient) {
    if (skip.count(patient.identityKey()) == 0) appendReportIdentifiers(patient, profile_, ids);
    if (++index % per_group_ == 0 || index == patients_.patientCount()) {
      const IdentifierCheck check(normalizeIdentifiers(std::move(ids)));
      ids = std::vector<std::string>();
      visit((index - 1) / per_group_, check);
    }
  });
}

std::shared_ptr<const TextScrubber> PatientGroups::scrubberWith(const std::vector<const Patient*>& own,
                                                                const std::set<std::size_t>& groups) {
  std::shared_ptr<TextScrubber> scrubber = makeTextScrubber();
  for (const Patient* p : own)
    for (const std::string& id : patientIdentifiers(*p, profile_)) scrubber->addIdentifier(id);
  std::size_t index = 0;
  patients_.forEachPatient([&](const Patient& patient) {
    if (groups.count(index++ / per_group_) != 0)
      for (const std::string& id : patientIdentifiers(patient, profile_)) scrubber->addIdentifier(id);
  });
  return scrubber;
}

}  // namespace imaging::workflow
