#pragma once
// The postal code in an address, in the forms people type it: an address is harvested as a whole,
// by comma part and by word of 4 or more characters, which misses a Dutch "7811 KP" or a Canadian
// "K7L 3N6" inside a longer part (red team C, C4). Plain text, no DICOM.
#include <string>
#include <vector>

namespace imaging::bridge {

// Postal-code-shaped pieces of one address value (any of its parts, lines or HL7 components):
//  - each token that mixes letters and digits, of 3 or more characters ("K7L", "3N6", "FN7",
//    "7811KP"; ordinals such as "2nd" or "1er" are not);
//  - two neighbouring tokens of the same part, each of up to 4 characters, that are a postal code
//    written in two pieces: digits and capital letters ("7811 KP", "VLT 1117"), or two tokens with
//    digits ("K7L 3N6", "FN7 3QX", "SW1A 1AA"); each such pair both with its space and without
//    ("K7L3N6").
// A token is a run of letters and digits between spaces, commas, semicolons, line breaks,
// backslashes and carets.
std::vector<std::string> postalCodeForms(const std::string& address);

}  // namespace imaging::bridge
