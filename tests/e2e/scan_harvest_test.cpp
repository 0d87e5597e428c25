// The scan harvests each patient's identifying values while it has the header parsed, and
// anonymize scrubs with those instead of reading every file again. This checks, on both sample
// CDs (several patients, several character sets, SR and sequences), that the scan's values equal
// what reading each file on its own gives, for every harvest scope a profile can ask for.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "imaging/deid/deidentifier.h"
#include "imaging/media/scan.h"
#include "run.h"

#ifdef SCANSHARE_MAKE_SAMPLE

namespace fs = std::filesystem;

namespace {

fs::path generate(const std::string& variant) {
  const fs::path dir =
      fs::path(SCANSHARE_TEST_WORK_DIR) / ("scan-harvest-" + std::to_string(::getpid())) / variant;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  const auto r = scanshare_test::run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant " + variant + " --out " +
                                         scanshare_test::quoted(dir.string()),
                                     true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return dir;
}

std::vector<imaging::Profile> scopes() {
  using imaging::DeidOption;
  std::vector<imaging::Profile> profiles{imaging::Profile::defaultProfile(), imaging::Profile::basic()};
  imaging::Profile institution = imaging::Profile::basic();
  institution.options.insert(DeidOption::RetainInstitutionIdentity);
  imaging::Profile device = imaging::Profile::basic();
  device.options.insert(DeidOption::RetainDeviceIdentity);
  imaging::Profile both = institution;
  both.options.insert(DeidOption::RetainDeviceIdentity);
  profiles.insert(profiles.end(), {institution, device, both});
  return profiles;
}

void expectScanMatchesFileHarvest(const std::string& variant) {
  const imaging::Inventory inventory = imaging::scan(generate(variant));
  ASSERT_FALSE(inventory.patients.empty());
  for (const imaging::Patient& patient : inventory.patients) {
    EXPECT_FALSE(patient.identifying_values.patient.empty()) << variant;
    for (const imaging::Profile& profile : scopes()) {
      std::set<std::string> from_files;
      for (const auto& study : patient.studies)
        for (const auto& series : study.series)
          for (const auto& instance : series.instances) {
            const auto values = imaging::harvestIdentifiers(instance.path, profile);
            from_files.insert(values.begin(), values.end());
          }
      const std::vector<std::string> from_scan = imaging::patientIdentifiers(patient, profile);
      EXPECT_TRUE(std::is_sorted(from_scan.begin(), from_scan.end()));
      EXPECT_EQ(std::vector<std::string>(from_files.begin(), from_files.end()), from_scan)
          << variant << ": a patient's scan-time values differ from reading each file";
    }
  }
}

}  // namespace

TEST(ScanHarvest, DemoCdValuesEqualPerFileHarvest) { expectScanMatchesFileHarvest("demo"); }

TEST(ScanHarvest, MultiCharsetCdValuesEqualPerFileHarvest) { expectScanMatchesFileHarvest("multi-charset"); }

TEST(ScanHarvest, RetainingInstitutionDropsOnlyInstitutionValues) {
  const imaging::Inventory inventory = imaging::scan(generate("demo"));
  ASSERT_FALSE(inventory.patients.empty());
  const imaging::Patient& patient = inventory.patients.front();
  ASSERT_FALSE(patient.identifying_values.institution.empty());
  imaging::Profile retain = imaging::Profile::basic();
  retain.options.insert(imaging::DeidOption::RetainInstitutionIdentity);
  const auto scrubbed = imaging::patientIdentifiers(patient, imaging::Profile::basic());
  const auto retained = imaging::patientIdentifiers(patient, retain);
  for (const std::string& v : patient.identifying_values.institution) {
    EXPECT_TRUE(std::binary_search(scrubbed.begin(), scrubbed.end(), v));
    const bool also_patient = std::binary_search(patient.identifying_values.patient.begin(),
                                                 patient.identifying_values.patient.end(), v);
    EXPECT_EQ(std::binary_search(retained.begin(), retained.end(), v), also_patient);
  }
}

// A context may name its scanned patient instead of holding the list: the engine then takes the
// same values, under its profile, as a context filled with patientIdentifiers.
TEST(ScanHarvest, ContextOfAScannedPatientGivesItsIdentifiers) {
  const imaging::Inventory inventory = imaging::scan(generate("demo"));
  ASSERT_FALSE(inventory.patients.empty());
  const imaging::Patient& patient = inventory.patients.front();
  for (const imaging::Profile& profile : scopes()) {
    imaging::PatientContext by_reference;
    by_reference.scanned_patient = &patient;
    EXPECT_EQ(imaging::contextIdentifiers(by_reference, profile), imaging::patientIdentifiers(patient, profile));
  }
  imaging::PatientContext listed;
  listed.identifiers = {"Doe^Jane", "12345"};
  EXPECT_EQ(imaging::contextIdentifiers(listed, imaging::Profile::basic()), listed.identifiers);
}

#endif  // SCANSHARE_MAKE_SAMPLE
