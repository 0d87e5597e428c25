#pragma once
// Standard attributes written with VR UN (or OB) by some software still carry text. The engine
// must see that text to clean it, so such elements are turned back into their dictionary VR.
#include <string>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/identifying_values.h"

namespace imaging::deid {

using bridge::rawText;
using bridge::stringVrFor;

// Replaces elem in item by an element of the dictionary's string VR holding the same text;
// returns the element to use from now on (elem itself when nothing needed changing).
DcmElement* normalizeUnknownVr(DcmItem& item, DcmElement* elem);

}  // namespace imaging::deid
