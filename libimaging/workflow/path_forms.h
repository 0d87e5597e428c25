#pragma once
// The forms a harvested identifier may take inside a file or folder name, for the report's check
// of input paths (identifier_match.h, IdentifierCheck::pathHolds). Paths are compared squashed:
// letters and digits only, ASCII upper case, so separators and case never hide an identifier.
// Wrongly matching only withholds a path from the report; missing one prints a patient's identity.
#include <string>
#include <string_view>
#include <vector>

namespace imaging::workflow {

// Letters and digits only, ASCII upper case; UTF-8 bytes pass through (their case is not folded).
std::string squash(std::string_view text);

// Squashed forms of one identifier that are long enough to mean something (4 or more characters):
//  - the identifier itself;
//  - its first 6 characters when longer (CD file systems cut names to 8 characters, Windows short
//    names to 6 and "~1": "QUILLFEA", "QUILLF~1");
//  - its digits alone when it has 5 or more and other characters too ("MRN-48213377" as 48213377),
//    and the last 7 of 9 or more digits (a phone number without country and area codes);
//  - for an 8-digit date YYYYMMDD: day, month and year in every order, years of 4 and 2 digits,
//    months as 2 or 1 digits or English names (full and 3 letters), days of 2 or 1 digits
//    ("14MAR1961", "610314", "1961314", "MARCH141961"), those of 5 characters or more.
std::vector<std::string> squashedPathForms(const std::string& identifier);

}  // namespace imaging::workflow
