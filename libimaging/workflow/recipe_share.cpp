// A recipe over choices already made in the viewer's share flow (dates, kept characteristics,
// ticked series, series to redact): the recipe decides what it sets, the person's choices stay
// where it is silent. The command line refuses such overlaps instead (recipe_conflicts.cpp).
#include <algorithm>
#include <set>

#include "imaging/workflow/recipe.h"

namespace imaging {

void applyRecipeOverChoices(const Recipe& recipe, AnonymizeOptions& options, const Inventory& inventory) {
  if (recipe.profile || !recipe.options.empty() || recipe.dates) {
    const DateMode chosen_dates = options.deid.profile.dateMode();
    Profile profile = recipe.makeProfile(recipe.profile ? *recipe.profile : "default");
    if (!recipe.profile)
      for (DeidOption o : options.deid.profile.options) profile.options.insert(o);
    // The chosen options carry the chosen date mode: the date mode is set last.
    profile.setDateMode(recipe.dates ? *recipe.dates : chosen_dates);
    options.deid.profile = profile;
  }
  const bool redact = options.redact_burned_in;
  recipe.applyTo(options);
  options.redact_burned_in = options.redact_burned_in || redact;
  if (recipe.series.active()) {
    const std::vector<std::string> matching = selectSeries(inventory, recipe.series);
    const std::set<std::string> allowed(matching.begin(), matching.end());
    if (options.series.empty()) options.series = matching;
    else
      options.series.erase(std::remove_if(options.series.begin(), options.series.end(),
                                          [&](const std::string& uid) { return !allowed.count(uid); }),
                           options.series.end());
  }
}

}  // namespace imaging
