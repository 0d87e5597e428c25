#pragma once
// Per-attribute overrides of the PS3.15 action table (a recipe's "attributes" rules other than
// keep-text, docs/recipes.md): applied by the engine wherever the tag occurs, sequences included,
// before the table. What may be overridden, and with which values, is checked here so that the
// recipe loader refuses a bad rule before any file is read.
#include <cstdint>
#include <optional>
#include <string>

namespace imaging {

// A standard attribute, by group and element.
struct AttributeKey {
  std::uint16_t group = 0, element = 0;
  bool operator==(const AttributeKey& o) const { return group == o.group && element == o.element; }
};

enum class OverrideAction {
  Remove,   // the attribute goes
  Empty,    // present with an empty value (a sequence: no items)
  Replace,  // the constant `value`
  Keep,     // exactly as in the source, not cleaned
};

struct AttributeOverride {
  AttributeKey key;
  OverrideAction action = OverrideAction::Remove;
  std::string value;  // Replace only: valid for the attribute's VR (overrideProblem says so)
};

// The name of an action as recipes spell it ("remove", "empty", "replace", "keep").
const char* overrideActionName(OverrideAction action);

// A patient's identity (PatientName, PatientID, PatientBirthDate, PatientAddress, ...): keeping
// one needs an explicit "unsafe": true in a recipe, and the written file says so.
bool isPatientIdentityAttribute(AttributeKey key);

// Why `rule` cannot be applied (nullopt: it can). Refused: any rule on the attributes the engine
// itself writes (file meta, the de-identification marks, Specific Character Set, Pixel Data, the
// SOP/Study/Series identity UIDs), keep and replace of UIDs (UID consistency is the engine's
// job), keep of a sequence (its items are cleaned attribute by attribute), keep of a date outside
// the patient's identity (one real date beside shifted ones gives the offset away), remove/empty
// of PatientName and PatientID (always written, with the pseudonym), replace of a binary value or
// with a value the VR does not allow (a date that is no valid DA, a UID that is no valid UI, a
// value longer than the VR allows). Never names the value itself.
std::optional<std::string> overrideProblem(const AttributeOverride& rule);

}  // namespace imaging
