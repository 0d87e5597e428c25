#pragma once
// Project recipes (`anonymize --recipe FILE`, docs/recipes.md): a JSON file that fixes the profile,
// options, date mode, attribute and private-element rules, series selection and burned-in handling
// of a project. Everything is validated when the recipe is loaded, before any input is read.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "imaging/deid/deidentifier.h"
#include "imaging/deid/profile.h"
#include "imaging/model/model.h"
#include "imaging/workflow/anonymize.h"

namespace imaging {

enum class BurnedInHandling { Exclude, Include, Redact };

struct RecipeSeriesRule {
  std::vector<std::string> modalities;   // upper case; empty: any
  std::string description_pattern;       // ECMAScript regex, case-insensitive, searched; empty: any
  bool active() const { return !modalities.empty() || !description_pattern.empty(); }
};

struct Recipe {
  std::string name, description;
  std::optional<std::string> profile;            // "default" or "basic"
  std::vector<DeidOption> options;               // PS3.15 options (never the two date options)
  std::optional<DateMode> dates;
  std::vector<AttributeKey> keep_text;           // "keep-text" rules
  std::vector<AttributeOverride> overrides;      // "keep", "remove", "empty", "replace" rules (and unsafe keep-text)
  std::vector<AttributeKey> unsafe;              // rules keeping a patient's identity ("unsafe": true)
  std::vector<PrivateElementKey> keep_private;   // "private" rules
  RecipeSeriesRule series;
  std::optional<BurnedInHandling> burned_in;
  std::optional<bool> exclude_sr;

  // The profile (the recipe's, else `fallback`) with the recipe's options and date mode.
  Profile makeProfile(const std::string& fallback) const;
  // Sets what the recipe decides on the options (keep-text, private, burned-in, SR, recipe name
  // and unsafe rules for the report); leaves the profile, keyed parts and series alone.
  void applyTo(AnonymizeOptions& options) const;
};

// Throws Error(InvalidArgument, "recipe /attributes/2/attribute: ...", source) naming the JSON
// path of the first problem: invalid JSON (line and column), unknown fields, unknown keywords,
// options or values, contradictory rules, identity attributes kept without "unsafe": true, and
// overrides that overrideProblem refuses (a replace value invalid for the VR, keep of a UID, ...).
Recipe parseRecipe(const std::string& json_text, const std::string& source = {});
Recipe loadRecipe(const std::filesystem::path& file);

// The recipe's rules in plain words, one line each, its name first (for people: the viewer shows
// them before the recipe is used). Replace values are quoted as the recipe gives them.
std::vector<std::string> describeRecipe(const Recipe& recipe);

// The viewer's share flow: the recipe over the person's choices already in options. Its profile,
// options and dates replace the chosen ones where it sets them (the chosen date mode and options
// stay otherwise), its rules and burned-in/SR handling are added (a series chosen for redaction
// stays so), and the chosen series are narrowed to those its series rule matches (all matching
// series when none were chosen). options.series may come out empty: nothing to export.
void applyRecipeOverChoices(const Recipe& recipe, AnonymizeOptions& options, const Inventory& inventory);

// Series Instance UIDs of the series that match the rule (every series when it is not active).
std::vector<std::string> selectSeries(const Inventory& inventory, const RecipeSeriesRule& rule);

}  // namespace imaging
