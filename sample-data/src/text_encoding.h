#pragma once
// Encodes the generator's UTF-8 text into the byte form of a DICOM Specific Character Set.
#include <string>

namespace imaging::sample {

// charset: the value of (0008,0005): "" (default repertoire, ASCII only), "ISO_IR 100" (Latin-1),
// "ISO_IR 144" (Cyrillic, ISO 8859-5) or "ISO_IR 192" (UTF-8). Throws std::runtime_error when the
// text cannot be represented, so a typo in a fixture is caught when generating.
std::string encodeText(const std::string& charset, const std::string& utf8);

}  // namespace imaging::sample
