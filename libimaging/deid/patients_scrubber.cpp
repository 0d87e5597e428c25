#include "imaging/deid/patients_scrubber.h"

#include "imaging/deid/deidentifier.h"
#include "imaging/deid/profile.h"

namespace imaging {

std::unique_ptr<TextScrubber> makePatientsScrubber(const Inventory& inventory) {
  auto scrubber = makeTextScrubber();
  // basic: nothing retained, so institution and device values count as identifying too.
  const Profile profile = Profile::basic();
  for (const Patient& patient : inventory.patients)
    for (const std::string& value : patientIdentifiers(patient, profile)) scrubber->addIdentifier(value);
  return scrubber;
}

}  // namespace imaging
