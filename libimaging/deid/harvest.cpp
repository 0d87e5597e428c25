// The harvest rules live in the bridge (identifying_values.cpp), shared with the media scan.
#include "harvest.h"

#include <cstring>

#include "imaging/core/error.h"
#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/identifying_values.h"
#include "imaging_bridge/structure_check.h"

namespace imaging::deid {

std::vector<std::string> identifiersInScope(const IdentifyingValues& values, const HarvestScope& scope) {
  return values.united(scope.institution, scope.device);
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
  // Callers may hand any file here (verify, tests, other programs): the same guard as the scan and
  // the engine comes before DCMTK reads it (fuzz_deidentify found gigabyte allocations otherwise).
  const bridge::InputFile input(file);
  if (!input.good()) throw Error(ErrorCode::Io, std::string("cannot open: ") + std::strerror(input.openError()), file.string());
  if (auto refused = bridge::refuseUnsafeStructure(input.fd(), file.string()))
    throw Error(ErrorCode::Corrupt, "cannot parse DICOM: " + *refused, file.string());
  DcmFileFormat fileformat;
  const OFCondition status = bridge::readHeaderUntilPixelData(input, fileformat);
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
