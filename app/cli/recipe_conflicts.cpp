// --recipe beside other anonymize options: a setting given twice is a usage error, never resolved
// silently (docs/recipes.md, "Recipe and command line").
#include <string>

#include "anonymize_args.h"
#include "imaging/core/error.h"
#include "imaging/workflow/recipe.h"

namespace scanshare_cli {
namespace {

void refuse(bool both, const std::string& option, const std::string& field) {
  if (both)
    throw imaging::Error(imaging::ErrorCode::InvalidArgument,
                         option + " conflicts with the recipe's \"" + field + "\": set it in one place");
}

}  // namespace

void refuseRecipeConflicts(const AnonymizeArgs& a, const imaging::Recipe* r) {
  if (!a.mapping.empty() && a.dry_run)
    throw imaging::Error(imaging::ErrorCode::InvalidArgument, "--mapping conflicts with --dry-run: a dry run writes nothing");
  if (!r) return;
  refuse(a.profile_given && r->profile.has_value(), "--profile", "profile");
  refuse(!a.options.empty() && !r->options.empty(), "--option", "options");
  refuse(!a.options.empty() && r->dates.has_value(), "--option", "dates");
  refuse(!a.dates.empty() && r->dates.has_value(), "--dates", "dates");
  refuse(!a.keep_text.empty() && (!r->keep_text.empty() || !r->overrides.empty()), "--keep-text", "attributes");
  refuse(!a.series.empty() && r->series.active(), "--series", "series");
  const bool burned = r->burned_in.has_value();
  refuse(a.include_burned_in && burned, "--include-burned-in", "burned_in");
  refuse(a.redact_burned_in && burned, "--redact-burned-in", "burned_in");
  refuse(!a.blackouts.empty() && burned && *r->burned_in == imaging::BurnedInHandling::Include, "--blackout", "burned_in");
  refuse(a.exclude_sr && r->exclude_sr.has_value(), "--exclude-sr", "exclude_sr");
}

}  // namespace scanshare_cli
