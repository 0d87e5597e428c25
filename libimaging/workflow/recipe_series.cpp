// A recipe's series selection: by modality and a description pattern, over a scanned inventory.
#include <regex>

#include "imaging/workflow/recipe.h"

namespace imaging {

std::vector<std::string> selectSeries(const Inventory& inventory, const RecipeSeriesRule& rule) {
  std::vector<std::string> uids;
  const std::regex pattern(rule.description_pattern.empty() ? std::string(".*") : rule.description_pattern,
                           std::regex::ECMAScript | std::regex::icase);
  for (const Patient& p : inventory.patients)
    for (const Study& st : p.studies)
      for (const Series& s : st.series) {
        const bool modality = rule.modalities.empty() ||
                              std::find(rule.modalities.begin(), rule.modalities.end(), s.modality) != rule.modalities.end();
        if (modality && std::regex_search(s.description, pattern)) uids.push_back(s.series_instance_uid);
      }
  return uids;
}

}  // namespace imaging
