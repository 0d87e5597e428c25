#pragma once
// The options of `scanshare anonymize` as given, and the checks on them that need no input.
#include <string>
#include <vector>

namespace imaging {
struct Recipe;
}

namespace scanshare_cli {

struct AnonymizeArgs {
  std::string input, output, profile = "default", dates, key_file, patient_name, patient_id, report;
  std::vector<std::string> options, series, blackouts, keep_text;
  std::string patient_scope;  // --patient: qualifies --series (position or Patient ID)
  int study_scope = 0;        // --study: qualifies --series (study position from 1)
  bool redact_burned_in = false;
  bool trust_burned_in_flag = false;  // --trust-burned-in-flag: projection X-ray not screened by OCR
  bool include_burned_in = false, exclude_sr = false, zip = false, dry_run = false, no_flush = false;
  unsigned jobs = 2;
  // --send / --stow: send the de-identified copy (docs/send.md, "anonymize --send").
  std::string send_to, stow, calling_aet = "SCANSHARE", stow_user, stow_token, tls_certificate, tls_key, tls_ca;
  bool tls = false;
  // A dicomweb+http(s):// input's credentials (docs/scale-out.md); never those of --stow.
  std::string source_user, source_token;
  std::string shard;  // --shard I/N (docs/scale-out.md)
  std::string plan;   // --plan PLAN: the scan written by scanshare plan, instead of scanning
  std::string recipe, mapping;  // --recipe FILE (docs/recipes.md), --mapping FILE (docs/mapping.md)
  bool profile_given = false;   // --profile was on the command line (it has a default)
  bool bounded_memory = false;  // --bounded-memory: the bounded export whatever the input's size
  // What needs the whole inventory at once, and so keeps an export off the bounded path: empty
  // when there is none, else the option to name in a refusal of --bounded-memory.
  std::string needsWholeInventory(bool recipe_selects_series) const;
  bool sending() const { return !send_to.empty() || !stow.empty(); }
};

// Options that contradict each other are a usage error rather than resolved silently: throws
// imaging::Error(InvalidArgument) naming the two that conflict (both longitudinal date options,
// --dates with a date option, --include-burned-in with --redact-burned-in or --blackout, an -o
// ending in .zip without --zip, --jobs 0).
void refuseContradictions(const AnonymizeArgs& args);

// With --recipe, a command-line option for something the recipe also sets is a usage error naming
// both (docs/recipes.md, "Recipe and command line"); --mapping with --dry-run is one too.
void refuseRecipeConflicts(const AnonymizeArgs& args, const imaging::Recipe* recipe);

}  // namespace scanshare_cli
