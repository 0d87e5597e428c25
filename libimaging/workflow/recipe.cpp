// Parsing and validating a recipe (docs/recipes.md). Every problem is an Error naming the JSON path.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "imaging/core/error.h"
#include "imaging/workflow/recipe.h"

namespace imaging {
namespace {

using nlohmann::json;

struct Parser {
  std::string source;

  [[noreturn]] void fail(const std::string& path, const std::string& why) const {
    throw Error(ErrorCode::InvalidArgument, "recipe " + (path.empty() ? std::string("/") : path) + ": " + why, source);
  }

  void onlyFields(const json& object, const std::string& path, const std::set<std::string>& allowed) const {
    if (!object.is_object()) fail(path, "expected an object");
    for (const auto& [name, value] : object.items())
      if (!allowed.count(name)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        fail(path + "/" + name, "unknown field (known: " + list + ")");
      }
  }

  std::string text(const json& value, const std::string& path) const {
    if (!value.is_string()) fail(path, "expected a string");
    return value.get<std::string>();
  }

  bool boolean(const json& value, const std::string& path) const {
    if (!value.is_boolean()) fail(path, "expected true or false");
    return value.get<bool>();
  }

  template <typename F>
  auto named(const json& value, const std::string& path, F&& parse) const {
    const std::string name = text(value, path);
    try {
      return parse(name);
    } catch (const Error& e) {
      fail(path, e.what());
    }
  }

  int hex(const std::string& digits, const std::string& path, std::size_t min_len, std::size_t max_len) const {
    std::string d = digits;
    if (d.rfind("0x", 0) == 0 || d.rfind("0X", 0) == 0) d = d.substr(2);
    if (d.size() < min_len || d.size() > max_len || !std::all_of(d.begin(), d.end(), [](unsigned char c) { return std::isxdigit(c); }))
      fail(path, "expected " + std::to_string(max_len) + " hex digits, got \"" + digits + "\"");
    return std::stoi(d, nullptr, 16);
  }
};

std::optional<OverrideAction> overrideAction(const std::string& action) {
  if (action == "remove") return OverrideAction::Remove;
  if (action == "empty") return OverrideAction::Empty;
  if (action == "replace") return OverrideAction::Replace;
  if (action == "keep") return OverrideAction::Keep;
  return std::nullopt;
}

void parseAttributes(const Parser& p, const json& rules, Recipe& r) {
  if (!rules.is_array()) p.fail("/attributes", "expected an array of rules");
  std::map<std::pair<int, int>, std::string> seen;  // attribute -> path of its rule
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string path = "/attributes/" + std::to_string(i);
    const json& rule = rules[i];
    p.onlyFields(rule, path, {"attribute", "action", "unsafe", "value", "why"});
    if (!rule.contains("attribute")) p.fail(path, "missing \"attribute\" (keyword or (gggg,eeee))");
    if (!rule.contains("action")) p.fail(path, "missing \"action\"");
    const std::string name = p.text(rule["attribute"], path + "/attribute");
    const std::optional<AttributeKey> key = parseAttributeKeyword(name);
    if (!key) p.fail(path + "/attribute", "\"" + name + "\" is not a standard attribute keyword or tag");
    const std::string action = p.text(rule["action"], path + "/action");
    const bool unsafe = rule.contains("unsafe") && p.boolean(rule["unsafe"], path + "/unsafe");
    if (rule.contains("why")) p.text(rule["why"], path + "/why");
    const auto [it, fresh] = seen.emplace(std::make_pair(key->group, key->element), path);
    if (!fresh) p.fail(path, "a second rule for " + name + " (first at " + it->second + "): give one rule per attribute");
    const std::optional<OverrideAction> kind = overrideAction(action);
    if (!kind && action != "keep-text")
      p.fail(path + "/action", "unknown action \"" + action + "\" (known: keep-text, keep, remove, empty, replace)");
    if (kind == OverrideAction::Replace && !rule.contains("value"))
      p.fail(path, "\"replace\" needs a \"value\" (the constant to write)");
    if (kind != OverrideAction::Replace && rule.contains("value")) p.fail(path + "/value", "\"value\" goes with \"replace\" only");
    const bool keeps = !kind || *kind == OverrideAction::Keep;
    const bool identity = isPatientIdentityAttribute(*key);
    if (keeps && identity && !unsafe)
      p.fail(path, "keeps the patient's " + attributeKeyword(*key) + ": add \"unsafe\": true if that is really meant");
    if (unsafe && !(keeps && identity))
      p.fail(path + "/unsafe", identity ? "\"" + action + "\" keeps nothing of the patient: drop \"unsafe\""
                                        : attributeKeyword(*key) + " is not a patient identity attribute: drop \"unsafe\"");
    if (unsafe) r.unsafe.push_back(*key);
    // keep-text of an identity attribute (unsafe): the value is kept as it is, like "keep".
    if (!kind && !identity) {
      r.keep_text.push_back(*key);
      continue;
    }
    AttributeOverride o;
    o.key = *key;
    o.action = kind ? *kind : OverrideAction::Keep;
    if (o.action == OverrideAction::Replace) o.value = p.text(rule["value"], path + "/value");
    if (const auto why = overrideProblem(o)) p.fail(o.action == OverrideAction::Replace && why->rfind("value", 0) == 0 ? path + "/value" : path, *why);
    r.overrides.push_back(o);
  }
}

void parsePrivate(const Parser& p, const json& rules, Recipe& r) {
  if (!rules.is_array()) p.fail("/private", "expected an array of rules");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string path = "/private/" + std::to_string(i);
    p.onlyFields(rules[i], path, {"group", "creator", "element", "why"});
    for (const char* field : {"group", "creator", "element"})
      if (!rules[i].contains(field)) p.fail(path, std::string("missing \"") + field + "\"");
    PrivateElementKey k;
    k.group = static_cast<std::uint16_t>(p.hex(p.text(rules[i]["group"], path + "/group"), path + "/group", 4, 4));
    if (k.group % 2 == 0 || k.group < 0x0009) p.fail(path + "/group", "a private group is odd and above 0008");
    k.creator = p.text(rules[i]["creator"], path + "/creator");
    if (k.creator.empty() || k.creator.size() > 64) p.fail(path + "/creator", "a private creator has 1 to 64 characters");
    k.element = static_cast<std::uint8_t>(p.hex(p.text(rules[i]["element"], path + "/element"), path + "/element", 2, 2));
    if (rules[i].contains("why")) p.text(rules[i]["why"], path + "/why");
    r.keep_private.push_back(k);
  }
}

void parseSeries(const Parser& p, const json& rule, Recipe& r) {
  p.onlyFields(rule, "/series", {"modality", "description"});
  if (rule.contains("modality")) {
    const json& m = rule["modality"];
    if (!m.is_array() || m.empty()) p.fail("/series/modality", "expected a non-empty array of modalities, e.g. [\"CT\", \"MR\"]");
    for (std::size_t i = 0; i < m.size(); ++i) {
      std::string v = p.text(m[i], "/series/modality/" + std::to_string(i));
      std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (v.empty() || v.size() > 16) p.fail("/series/modality/" + std::to_string(i), "not a modality");
      r.series.modalities.push_back(v);
    }
  }
  if (rule.contains("description")) {
    r.series.description_pattern = p.text(rule["description"], "/series/description");
    try {
      std::regex(r.series.description_pattern, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
      p.fail("/series/description", std::string("not a valid regular expression: ") + e.what());
    }
  }
}

}  // namespace

Recipe parseRecipe(const std::string& json_text, const std::string& source) {
  const Parser p{source};
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::parse_error& e) {
    p.fail("", std::string("not valid JSON: ") + e.what());
  }
  p.onlyFields(j, "", {"recipe", "description", "profile", "options", "dates", "attributes", "private", "series",
                       "burned_in", "exclude_sr"});
  Recipe r;
  if (j.contains("recipe")) r.name = p.text(j["recipe"], "/recipe");
  if (j.contains("description")) r.description = p.text(j["description"], "/description");
  if (j.contains("profile")) {
    r.profile = p.text(j["profile"], "/profile");
    p.named(j["profile"], "/profile", [](const std::string& n) { return Profile::byName(n); });
  }
  if (j.contains("options")) {
    if (!j["options"].is_array()) p.fail("/options", "expected an array of option names");
    for (std::size_t i = 0; i < j["options"].size(); ++i) {
      const std::string path = "/options/" + std::to_string(i);
      const DeidOption o = p.named(j["options"][i], path, [](const std::string& n) { return parseOption(n); });
      if (o == DeidOption::RetainLongitudinalFullDates || o == DeidOption::RetainLongitudinalModifiedDates)
        p.fail(path, "dates are set by \"dates\" (shift, keep or remove), not by an option");
      if (std::find(r.options.begin(), r.options.end(), o) != r.options.end()) p.fail(path, "given twice");
      r.options.push_back(o);
    }
  }
  if (j.contains("dates")) r.dates = p.named(j["dates"], "/dates", [](const std::string& n) { return parseDateMode(n); });
  if (j.contains("attributes")) parseAttributes(p, j["attributes"], r);
  if (j.contains("private")) {
    parsePrivate(p, j["private"], r);
    if (!r.keep_private.empty() && std::find(r.options.begin(), r.options.end(), DeidOption::RetainSafePrivate) == r.options.end())
      p.fail("/private", "private rules need \"retain-safe-private\" in \"options\" (without it every private element goes)");
  }
  if (j.contains("series")) parseSeries(p, j["series"], r);
  if (j.contains("burned_in")) {
    const std::string b = p.text(j["burned_in"], "/burned_in");
    if (b == "exclude") r.burned_in = BurnedInHandling::Exclude;
    else if (b == "include") r.burned_in = BurnedInHandling::Include;
    else if (b == "redact") r.burned_in = BurnedInHandling::Redact;
    else p.fail("/burned_in", "\"" + b + "\": expected exclude, include or redact");
  }
  if (j.contains("exclude_sr")) r.exclude_sr = p.boolean(j["exclude_sr"], "/exclude_sr");
  for (AttributeKey k : r.keep_text)
    if (r.dates == DateMode::Remove && k.group != 0x0010 && attributeKeyword(k).find("Date") != std::string::npos)
      p.fail("/attributes", "keeps " + attributeKeyword(k) + " verbatim but \"dates\" is remove: give one of them");
  return r;
}

Recipe loadRecipe(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::NotFound, "cannot read the recipe file", file.string());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Recipe r = parseRecipe(text, file.string());
  if (r.name.empty()) r.name = file.stem().string();
  return r;
}

Profile Recipe::makeProfile(const std::string& fallback) const {
  Profile p = Profile::byName(profile ? *profile : fallback);
  for (DeidOption o : options) p.options.insert(o);
  if (dates) p.setDateMode(*dates);
  return p;
}

void Recipe::applyTo(AnonymizeOptions& o) const {
  for (AttributeKey k : keep_text)
    if (std::find(o.deid.keep_text_verbatim.begin(), o.deid.keep_text_verbatim.end(), k) == o.deid.keep_text_verbatim.end())
      o.deid.keep_text_verbatim.push_back(k);
  o.deid.keep_private.insert(o.deid.keep_private.end(), keep_private.begin(), keep_private.end());
  o.deid.overrides.insert(o.deid.overrides.end(), overrides.begin(), overrides.end());
  if (burned_in) {
    o.deid.include_burned_in = *burned_in == BurnedInHandling::Include;
    o.redact_burned_in = *burned_in == BurnedInHandling::Redact;
  }
  if (exclude_sr) o.deid.exclude_sr = *exclude_sr;
  o.recipe = name.empty() ? "(unnamed)" : name;
  for (AttributeKey k : unsafe) o.unsafe_rules.push_back(attributeKeyword(k));
}

}  // namespace imaging
