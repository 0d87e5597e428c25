#pragma once
// The options of PS3.15 Table E.1-1 and the profile a user chooses.
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace imaging {

enum class DeidOption {
  RetainSafePrivate,
  RetainUids,
  RetainDeviceIdentity,
  RetainInstitutionIdentity,
  RetainPatientCharacteristics,
  RetainLongitudinalFullDates,
  RetainLongitudinalModifiedDates,
  CleanDescriptors,
  CleanStructuredContent,
  CleanGraphics
};

// Everything said about an option, in one table (profile.cpp).
struct DeidOptionInfo {
  DeidOption option;
  const char* name;          // stable command-line name: "retain-safe-private"
  const char* title;         // in De-identification Method (0012,0063): "Retain Safe Private"
  const char* code;          // CID 7050 code value: "113111"
  const char* code_meaning;  // "Retain Safe Private Option"
};
const DeidOptionInfo& optionInfo(DeidOption option) noexcept;

// Stable command-line names, e.g. "retain-safe-private", "clean-descriptors".
const char* optionName(DeidOption option) noexcept;
// Accepts the command-line name; throws Error(InvalidArgument) listing valid names otherwise.
DeidOption parseOption(const std::string& name);
std::vector<DeidOption> allOptions();

enum class DateMode { Shift, Keep, Remove };
const char* dateModeName(DateMode mode) noexcept;
DateMode parseDateMode(const std::string& name);

struct Profile {
  std::set<DeidOption> options;

  // basic + retain patient characteristics + retain longitudinal (modified dates) + clean descriptors
  static Profile defaultProfile();
  static Profile basic();  // Basic Application Level Confidentiality Profile only
  // Named profiles: "default", "basic". Throws Error(InvalidArgument) otherwise.
  static Profile byName(const std::string& name);

  bool has(DeidOption o) const { return options.count(o) != 0; }
  // Shift when modified dates, Keep when full dates, Remove otherwise. Setting it replaces the
  // two longitudinal options accordingly.
  DateMode dateMode() const;
  void setDateMode(DateMode mode);
};

}  // namespace imaging
