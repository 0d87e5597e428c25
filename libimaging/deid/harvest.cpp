// The harvest rules live in the bridge (identifying_values.cpp), shared with the media scan.
#include "harvest.h"

#include <algorithm>
#include <iterator>

#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/identifying_values.h"

namespace imaging::deid {

std::vector<std::string> identifiersInScope(const IdentifyingValues& values, const HarvestScope& scope) {
  std::vector<std::string> all = values.patient;
  auto add = [&all](const std::vector<std::string>& more) {
    std::vector<std::string> merged;
    std::set_union(all.begin(), all.end(), more.begin(), more.end(), std::back_inserter(merged));
    all = std::move(merged);
  };
  if (scope.institution) add(values.institution);
  if (scope.device) add(values.device);
  return all;
}

std::vector<std::string> harvestFromDataset(DcmItem& dataset, const HarvestScope& scope) {
  return identifiersInScope(bridge::collectIdentifyingValues(dataset), scope);
}

}  // namespace imaging::deid

namespace imaging {

namespace {

deid::HarvestScope scopeOf(const Profile& profile) {
  deid::HarvestScope scope;
  scope.institution = !profile.has(DeidOption::RetainInstitutionIdentity);
  scope.device = !profile.has(DeidOption::RetainDeviceIdentity);
  return scope;
}

std::vector<std::string> harvestFile(const std::filesystem::path& file, const deid::HarvestScope& scope) {
  bridge::ensureDcmtkReady();
  DcmFileFormat fileformat;
  const OFCondition status = fileformat.loadFileUntilTag(file.c_str(), EXS_Unknown, EGL_noChange,
                                                         DCM_MaxReadLength, ERM_autoDetect, DCM_PixelData);
  if (status.bad()) throw bridge::toError(status, file.string());
  DcmDataset& dataset = *fileformat.getDataset();
  bridge::convertDatasetToUtf8(dataset);
  return deid::harvestFromDataset(dataset, scope);
}

}  // namespace

std::vector<std::string> harvestIdentifiers(const std::filesystem::path& file) {
  // Institution and device values are added by the engine itself, only when they are not retained.
  return harvestFile(file, deid::HarvestScope{false, false});
}

std::vector<std::string> harvestIdentifiers(const std::filesystem::path& file, const Profile& profile) {
  return harvestFile(file, scopeOf(profile));
}

std::vector<std::string> patientIdentifiers(const Patient& patient, const Profile& profile) {
  return deid::identifiersInScope(patient.identifying_values, scopeOf(profile));
}

}  // namespace imaging
