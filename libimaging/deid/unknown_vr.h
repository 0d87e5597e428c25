#pragma once
// Standard attributes written with VR UN (or OB) by some software still carry text. The engine
// must see that text to clean it, so such elements are turned back into their dictionary VR.
#include <string>

#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

// The dictionary VR of a standard tag when it is a string VR and elem is UN/OB; else EVR_UNKNOWN.
DcmEVR stringVrFor(DcmElement& elem);
// The raw bytes of a UN/OB element as text, padding trimmed.
std::string rawText(DcmElement& elem);
// Replaces elem in item by an element of the dictionary's string VR holding the same text;
// returns the element to use from now on (elem itself when nothing needed changing).
DcmElement* normalizeUnknownVr(DcmItem& item, DcmElement* elem);

}  // namespace imaging::deid
