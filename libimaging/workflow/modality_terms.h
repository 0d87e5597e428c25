#pragma once
// The Modality (0008,0060) defined terms of PS3.3 C.7.3.1.1.1, current and retired. The report
// names an item's modality only when it is one of these: any other value is text from the file,
// which can be anything (red team D, D6: a name written as the modality reached the report).
#include <string_view>

namespace imaging::workflow {

bool isStandardModality(std::string_view modality);

}  // namespace imaging::workflow
