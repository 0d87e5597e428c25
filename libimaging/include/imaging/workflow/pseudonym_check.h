#pragma once
// A pseudonym a person chooses (`anonymize --patient-name/--patient-id`, the viewer's recipient
// fields) must not carry the identity it replaces.
#include "imaging/deid/parts.h"
#include "imaging/model/model.h"

namespace imaging {

// Throws Error(InvalidArgument) when the chosen name or ID equals or contains, ASCII
// case-insensitively and as a whole word, a value identifying the source patient: the values the
// scan harvested (Patient::identifying_values: name and its parts, IDs, birth date, phones,
// addresses, ...) and the patient's name parts, ID and birth date. The message never quotes them.
void refuseIdentifyingPseudonym(const Patient& source, const Pseudonym& chosen);

}  // namespace imaging
