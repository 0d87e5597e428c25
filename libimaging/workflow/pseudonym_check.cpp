#include "imaging/workflow/pseudonym_check.h"

#include "identifier_match.h"
#include "imaging/core/error.h"
#include "work_plan.h"

namespace imaging {

void refuseIdentifyingPseudonym(const Patient& source, const Pseudonym& chosen) {
  std::vector<std::string> values = source.identifying_values.patient;
  for (std::string& v : workflow::modelIdentifiers(source)) values.push_back(std::move(v));
  values = workflow::normalizeIdentifiers(std::move(values));
  const auto check = [&values](const std::string& text, const char* what) {
    if (workflow::findAnyIdentifier(text, values) >= 0)
      throw Error(ErrorCode::InvalidArgument, std::string("the chosen patient ") + what +
                                                  " contains a name, ID or other value of the patient it replaces: "
                                                  "choose one that does not identify the patient");
  };
  check(chosen.name, "name");
  check(chosen.id, "ID");
}

}  // namespace imaging
