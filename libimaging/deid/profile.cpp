#include "imaging/deid/profile.h"

#include <cstring>

#include "imaging/core/error.h"

namespace imaging {

const char* optionName(DeidOption option) noexcept {
  switch (option) {
    case DeidOption::RetainSafePrivate: return "retain-safe-private";
    case DeidOption::RetainUids: return "retain-uids";
    case DeidOption::RetainDeviceIdentity: return "retain-device-identity";
    case DeidOption::RetainInstitutionIdentity: return "retain-institution-identity";
    case DeidOption::RetainPatientCharacteristics: return "retain-patient-characteristics";
    case DeidOption::RetainLongitudinalFullDates: return "retain-longitudinal-full-dates";
    case DeidOption::RetainLongitudinalModifiedDates: return "retain-longitudinal-modified-dates";
    case DeidOption::CleanDescriptors: return "clean-descriptors";
    case DeidOption::CleanStructuredContent: return "clean-structured-content";
    case DeidOption::CleanGraphics: return "clean-graphics";
  }
  return "unknown";
}

std::vector<DeidOption> allOptions() {
  return {DeidOption::RetainSafePrivate,         DeidOption::RetainUids,
          DeidOption::RetainDeviceIdentity,      DeidOption::RetainInstitutionIdentity,
          DeidOption::RetainPatientCharacteristics, DeidOption::RetainLongitudinalFullDates,
          DeidOption::RetainLongitudinalModifiedDates, DeidOption::CleanDescriptors,
          DeidOption::CleanStructuredContent,    DeidOption::CleanGraphics};
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
