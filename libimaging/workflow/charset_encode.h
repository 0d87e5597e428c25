#pragma once
// Encodes a UTF-8 identifier the ways a source file could have stored it, for verify's raw byte
// scan: one byte string per term of the file's Specific Character Set (via iconv).
#include <string>
#include <vector>

namespace imaging::workflow {

// Byte strings other than the UTF-8 input itself; escape sequences of ISO 2022 encodings are
// removed (a file switches sets with them, the identifier's bytes in between stay the same).
// Terms ScanShare cannot map, and text not representable in a set, give nothing.
std::vector<std::string> sourceEncodings(const std::string& utf8, const std::string& specific_character_set);

}  // namespace imaging::workflow
