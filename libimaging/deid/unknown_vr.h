#pragma once
// Standard attributes written with VR UN (or OB) by some software still carry what the engine must
// clean: text, and whole sequences (old PACS write SQ as UN, PS3.5 6.2.2). Such elements are turned
// back into their dictionary VR before the table applies; what cannot be turned back is removed.
#include <string>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/identifying_values.h"

namespace imaging::deid {

using bridge::rawText;
using bridge::stringVrFor;

// Nesting a decoded UN sequence may have (its own levels; the file's walk checked the rest).
constexpr unsigned kMaxUnSequenceDepth = 32;

// Replaces elem in item by what its bytes hold under the dictionary's VR and returns the element to
// use from now on (elem itself when nothing needed changing):
// - a string VR: an element of that VR holding the same text;
// - SQ: the value decoded as implicit VR little endian items (defined or undefined length), a real
//   sequence that the engine then de-identifies like any other. Non-ASCII text inside it that is
//   not valid UTF-8 under a data set declaring ISO_IR 192 is emptied (it was never converted).
// Returns nullptr after removing elem from item when it cannot be decoded: a UN (or OB) value of
// an SQ attribute whose bytes are not a clean item list, or a UN value of a standard (even group)
// tag that the dictionary does not know. Such a value is never copied.
DcmElement* normalizeUnknownVr(DcmItem& item, DcmElement* elem);

// Decodes value bytes of a UN-encoded sequence (implicit VR little endian items) into a sequence
// with `tag`; nullptr when the bytes are not a clean item list or nest deeper than max_depth.
DcmSequenceOfItems* decodeUnknownSequence(const DcmTagKey& tag, const Uint8* bytes, std::size_t length,
                                          unsigned max_depth = kMaxUnSequenceDepth);

}  // namespace imaging::deid
