#include "imaging/deid/profile.h"

#include <cstring>
#include <iterator>

#include "imaging/core/error.h"

namespace imaging {

namespace {

// In enum order; the tests check every option has a row.
constexpr DeidOptionInfo kOptions[] = {
    {DeidOption::RetainSafePrivate, "retain-safe-private", "Retain Safe Private", "113111", "Retain Safe Private Option"},
    {DeidOption::RetainUids, "retain-uids", "Retain UIDs", "113110", "Retain UIDs Option"},
    {DeidOption::RetainDeviceIdentity, "retain-device-identity", "Retain Device Identity", "113109",
     "Retain Device Identity Option"},
    {DeidOption::RetainInstitutionIdentity, "retain-institution-identity", "Retain Institution Identity", "113112",
     "Retain Institution Identity Option"},
    {DeidOption::RetainPatientCharacteristics, "retain-patient-characteristics", "Retain Patient Characteristics",
     "113108", "Retain Patient Characteristics Option"},
    {DeidOption::RetainLongitudinalFullDates, "retain-longitudinal-full-dates", "Retain Longitudinal Full Dates",
     "113106", "Retain Longitudinal Temporal Information Full Dates Option"},
    {DeidOption::RetainLongitudinalModifiedDates, "retain-longitudinal-modified-dates",
     "Retain Longitudinal Modified Dates", "113107", "Retain Longitudinal Temporal Information Modified Dates Option"},
    {DeidOption::CleanDescriptors, "clean-descriptors", "Clean Descriptors", "113105", "Clean Descriptors Option"},
    {DeidOption::CleanStructuredContent, "clean-structured-content", "Clean Structured Content", "113104",
     "Clean Structured Content Option"},
    {DeidOption::CleanGraphics, "clean-graphics", "Clean Graphics", "113103", "Clean Graphics Option"},
};
static_assert(std::size(kOptions) == static_cast<std::size_t>(DeidOption::CleanGraphics) + 1,
              "one row per DeidOption");

}  // namespace

const DeidOptionInfo& optionInfo(DeidOption option) noexcept {
  return kOptions[static_cast<std::size_t>(option)];
}

const char* optionName(DeidOption option) noexcept { return optionInfo(option).name; }

std::vector<DeidOption> allOptions() {
  std::vector<DeidOption> all;
  for (const DeidOptionInfo& info : kOptions) all.push_back(info.option);
  return all;
}

DeidOption parseOption(const std::string& name) {
  std::string valid;
  for (DeidOption option : allOptions()) {
    if (name == optionName(option)) return option;
    valid += valid.empty() ? "" : ", ";
    valid += optionName(option);
  }
  throw Error(ErrorCode::InvalidArgument, "unknown de-identification option '" + name + "' (valid: " + valid + ")");
}

const char* dateModeName(DateMode mode) noexcept {
  switch (mode) {
    case DateMode::Shift: return "shift";
    case DateMode::Keep: return "keep";
    case DateMode::Remove: return "remove";
  }
  return "unknown";
}

DateMode parseDateMode(const std::string& name) {
  for (DateMode mode : {DateMode::Shift, DateMode::Keep, DateMode::Remove})
    if (name == dateModeName(mode)) return mode;
  throw Error(ErrorCode::InvalidArgument, "unknown date mode '" + name + "' (valid: shift, keep, remove)");
}

Profile Profile::basic() { return Profile{}; }

Profile Profile::defaultProfile() {
  Profile p;
  p.options = {DeidOption::RetainPatientCharacteristics, DeidOption::RetainLongitudinalModifiedDates,
               DeidOption::CleanDescriptors};
  return p;
}

Profile Profile::byName(const std::string& name) {
  if (name == "default") return defaultProfile();
  if (name == "basic") return basic();
  throw Error(ErrorCode::InvalidArgument, "unknown profile '" + name + "' (valid: default, basic)");
}

DateMode Profile::dateMode() const {
  if (has(DeidOption::RetainLongitudinalModifiedDates)) return DateMode::Shift;
  if (has(DeidOption::RetainLongitudinalFullDates)) return DateMode::Keep;
  return DateMode::Remove;
}

void Profile::setDateMode(DateMode mode) {
  options.erase(DeidOption::RetainLongitudinalModifiedDates);
  options.erase(DeidOption::RetainLongitudinalFullDates);
  if (mode == DateMode::Shift) options.insert(DeidOption::RetainLongitudinalModifiedDates);
  if (mode == DateMode::Keep) options.insert(DeidOption::RetainLongitudinalFullDates);
}

}  // namespace imaging
