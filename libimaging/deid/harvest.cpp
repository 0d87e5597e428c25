// The harvest rules live in the bridge (identifying_values.cpp), shared with the media scan.
#include "harvest.h"

#include <cstring>

#include "imaging/core/error.h"
#include "imaging/deid/deidentifier.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/identifying_values.h"
#include "imaging_bridge/dicom_file.h"

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
  // Callers may hand any file here (verify, tests, other programs): it goes through the door, whose
  // guard comes before DCMTK reads it (fuzz_deidentify found gigabyte allocations otherwise).
  bridge::DicomFile opened = bridge::DicomFile::open(file, bridge::ReadDepth::Header);
  opened.throwIfFailed();
  DcmDataset& dataset = opened.dataset();
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

std::vector<std::string> contextIdentifiers(const PatientContext& patient, const Profile& profile) {
  if (patient.scanned_patient) return patientIdentifiers(*patient.scanned_patient, profile);
  return patient.identifiers;
}

}  // namespace imaging
