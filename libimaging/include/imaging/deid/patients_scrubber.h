#pragma once
// One text scrubber holding the identifiers of every patient of a scanned medium: for words that a
// program shows or writes beside the images (the viewer's corner text in a saved picture, the
// folder it remembers), so they are checked by the same scrubber the export uses.
#include <memory>

#include "imaging/deid/parts.h"
#include "imaging/model/model.h"

namespace imaging {

// The identifiers are patientIdentifiers(patient, Profile::basic()) of each patient: names, IDs,
// dates of birth, address, phones, accessions, and the institution and device values.
std::unique_ptr<TextScrubber> makePatientsScrubber(const Inventory& inventory);

}  // namespace imaging
