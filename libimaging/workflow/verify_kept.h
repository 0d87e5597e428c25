#pragma once
// verify and a recipe's unsafe keeps ("Unsafe keep <Keyword>" in the De-identification Method):
// the kept values are the patient's own on purpose, so their bytes are not a leak; any other
// occurrence still is. Private to the workflow module (DCMTK).
#include <string>
#include <vector>

#include "verify_text.h"

namespace imaging::workflow {

// The values (at any depth) of the attributes the marks name as unsafe keeps, trailing spaces cut.
std::vector<std::string> unsafeKeptValues(DcmItem& dataset, const ExportMarks& marks);

// `bytes` with one occurrence blanked (zero bytes) per kept value, in UTF-8 and in the encodings of
// `specific_character_set`: a value that occurs more often than it was kept is still found.
std::string withoutKeptValues(std::string bytes, const std::vector<std::string>& kept,
                              const std::string& specific_character_set);

}  // namespace imaging::workflow
