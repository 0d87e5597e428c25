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
      addPatientIdentifiers(*scrubber, patient, profile_);
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

namespace {

std::shared_ptr<const TextScrubber> scrubberFor(const Patient& patient, const Profile& profile) {
  std::shared_ptr<TextScrubber> scrubber = makeTextScrubber();
  addPatientIdentifiers(*scrubber, patient, profile);
  return scrubber;
}

bool anyHeld(const TextScrubber& scrubber, const std::vector<ScrubberQuestion>& questions) {
  for (const ScrubberQuestion& q : questions)
    if (holdsIdentifier(scrubber, q)) return true;
  return false;
}

}  // namespace

void PatientGroups::attribute(std::size_t group, const std::set<std::string>& skip,
                              const std::vector<const std::vector<ScrubberQuestion>*>& files,
                              std::vector<std::set<std::size_t>>& found) {
  // The group in small parts: a part's scrubber first, each of its patients only where it hits.
  constexpr std::size_t kPart = 64;
  std::vector<std::pair<std::size_t, Patient>> part;
  const auto searchPart = [&] {
    if (part.empty()) return;
    std::shared_ptr<TextScrubber> scrubber = makeTextScrubber();
    for (const auto& [number, patient] : part)
      addPatientIdentifiers(*scrubber, patient, profile_);
    std::vector<std::shared_ptr<const TextScrubber>> one(part.size());  // made when first needed
    for (std::size_t f = 0; f < files.size(); ++f) {
      if (!anyHeld(*scrubber, *files[f])) continue;
      for (std::size_t p = 0; p < part.size(); ++p) {
        if (!one[p]) one[p] = scrubberFor(part[p].second, profile_);
        if (anyHeld(*one[p], *files[f])) found[f].insert(part[p].first);
      }
    }
    part.clear();
  };
  std::size_t index = 0;
  patients_.forEachPatient([&](const Patient& patient) {
    const std::size_t number = index++;
    if (number / per_group_ != group || skip.count(patient.identityKey()) != 0) return;
    part.emplace_back(number, patient);
    if (part.size() == kPart) searchPart();
  });
  searchPart();
}

std::shared_ptr<const TextScrubber> PatientGroups::scrubberOf(const std::set<std::size_t>& patients) {
  std::shared_ptr<TextScrubber> scrubber = makeTextScrubber();
  std::size_t index = 0;
  patients_.forEachPatient([&](const Patient& patient) {
    if (patients.count(index++) != 0)
      addPatientIdentifiers(*scrubber, patient, profile_);
  });
  return scrubber;
}

}  // namespace imaging::workflow
