// A recipe's rules in plain words, one line each, for the viewer's share flow (and anyone who
// wants to show a recipe to a person before using it).
#include <cstdio>
#include <string>
#include <vector>

#include "imaging/workflow/recipe.h"

namespace imaging {
namespace {

std::string hex(unsigned value, int digits) {
  char text[8];
  std::snprintf(text, sizeof text, "%0*X", digits, value);
  return text;
}

std::string ruleWords(const AttributeOverride& o) {
  const std::string name = attributeKeyword(o.key);
  switch (o.action) {
    case OverrideAction::Remove: return name + ": removed";
    case OverrideAction::Empty: return name + ": left empty";
    case OverrideAction::Replace: return name + ": replaced with \"" + o.value + "\"";
    case OverrideAction::Keep: return name + ": kept exactly as in the source, not cleaned";
  }
  return name;
}

}  // namespace

std::vector<std::string> describeRecipe(const Recipe& r) {
  std::vector<std::string> lines;
  lines.push_back("Recipe \"" + r.name + "\"" + (r.description.empty() ? std::string() : ": " + r.description));
  if (r.profile) lines.push_back(*r.profile == "basic" ? "Profile: basic (PS3.15 Basic Profile only)"
                                                       : "Profile: ScanShare's default");
  for (DeidOption o : r.options) lines.push_back(std::string("Option: ") + optionName(o));
  if (r.dates)
    lines.push_back(*r.dates == DateMode::Shift  ? "Dates: shifted by a secret number of days per person"
                    : *r.dates == DateMode::Keep ? "Dates: kept as they are"
                                                 : "Dates: removed");
  for (const AttributeKey& k : r.keep_text) lines.push_back(attributeKeyword(k) + ": text kept word for word, not cleaned");
  for (const AttributeOverride& o : r.overrides) lines.push_back(ruleWords(o));
  for (const AttributeKey& k : r.unsafe)
    lines.push_back("UNSAFE: keeps the patient's " + attributeKeyword(k) + " (the copy identifies the patient)");
  for (const PrivateElementKey& p : r.keep_private)
    lines.push_back("Private element kept when it holds numbers: group " + hex(p.group, 4) + ", element " +
                    hex(p.element, 2) + " of \"" + p.creator + "\"");
  if (r.series.active()) {
    std::string s = "Only series";
    if (!r.series.modalities.empty()) {
      s += " of modality";
      for (std::size_t i = 0; i < r.series.modalities.size(); ++i) s += (i ? ", " : " ") + r.series.modalities[i];
    }
    if (!r.series.description_pattern.empty())
      s += std::string(r.series.modalities.empty() ? "" : " and") + " whose description matches " + r.series.description_pattern;
    lines.push_back(s);
  }
  if (r.burned_in)
    lines.push_back(*r.burned_in == BurnedInHandling::Exclude   ? "Images that may show text: left out"
                    : *r.burned_in == BurnedInHandling::Include ? "Images that may show text: sent as they are"
                                                                : "Images that may show text: text found is blacked out");
  if (r.exclude_sr) lines.push_back(*r.exclude_sr ? "Written reports: left out" : "Written reports: cleaned and sent");
  if (lines.size() == 1) lines.push_back("No rules: ScanShare's defaults");
  return lines;
}

}  // namespace imaging
