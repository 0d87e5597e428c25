// Blanking a recipe's unsafe keeps out of the bytes verify searches (verify_kept.h).
#include "verify_kept.h"

#include <set>

#include "charset_encode.h"
#include "dataset_walk.h"

namespace imaging::workflow {

std::vector<std::string> unsafeKeptValues(DcmItem& dataset, const ExportMarks& marks) {
  std::vector<std::string> values;
  if (marks.unsafe_kept.empty()) return values;
  visitStrings(dataset, [&](const VisitedValue& v) {
    if (!isUnsafeKept(v.tag, marks)) return;
    std::string value = v.value;
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
    if (!value.empty()) values.push_back(value);
  });
  return values;
}

std::string withoutKeptValues(std::string bytes, const std::vector<std::string>& kept,
                              const std::string& specific_character_set) {
  for (const std::string& value : kept) {
    std::set<std::string> forms{value};
    for (const std::string& e : sourceEncodings(value, specific_character_set)) forms.insert(e);
    for (const std::string& form : forms) {
      const std::size_t at = bytes.find(form);
      if (at == std::string::npos) continue;
      bytes.replace(at, form.size(), std::string(form.size(), '\0'));
      break;  // one kept element, one occurrence
    }
  }
  return bytes;
}

}  // namespace imaging::workflow
