// Fuzz target: de-identify one file under the default profile, as the anonymize pipeline does:
// scan it, ask for an exclusion reason, harvest its identifiers, then Deidentifier::deidentifyFile
// to a temporary output. Contract: deidentifyFile never throws (a bad file is Failed with a
// reason); harvestIdentifiers throws only imaging::Error.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "fuzz_support.h"
#include "imaging/core/error.h"
#include "imaging/deid/deidentifier.h"
#include "imaging/deid/key.h"
#include "imaging/deid/parts.h"
#include "imaging/media/scan.h"

namespace {

const imaging::Deidentifier& deidentifier() {
  static const imaging::Deidentifier instance = [] {
    const imaging::Key key(std::vector<std::uint8_t>(32, 0x5a));
    imaging::DeidConfig config;
    config.profile = imaging::Profile::defaultProfile();
    config.uids = imaging::makeHmacUidMapper(key);
    config.dates = imaging::makeHmacDateShifter(key);
    config.pseudonyms = imaging::makeHmacPseudonyms(key);
    return imaging::Deidentifier(std::move(config));
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz_support::seedWithValidInstance();
  (void)deidentifier();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = fuzz_support::scratchDir() / "deid-input.dcm";
  const auto output = fuzz_support::scratchDir() / "deid-output.dcm";
  fuzz_support::writeInput(input, data, size);
  std::filesystem::remove(output);

  imaging::PatientContext patient;
  patient.identity_key = "FUZZ-1\x1f\x1f" "Fuzz^Patient";
  patient.pseudonym = deidentifier().config().pseudonyms->forPatient(patient.identity_key);
  patient.date_offset_days = deidentifier().config().dates->offsetDays(patient.identity_key);
  try {
    patient.identifiers = imaging::harvestIdentifiers(input);
  } catch (const imaging::Error&) {
    // Unreadable file: deidentifyFile below must report it as Failed.
  }

  imaging::ScanOptions options;
  options.threads = 1;
  imaging::Inventory inventory;
  try {
    inventory = imaging::scan(input, options);
  } catch (const imaging::Error&) {
    // The path itself is unusable (e.g. a damaged zip).
  }
  for (const auto& p : inventory.patients)
    for (const auto& study : p.studies)
      for (const auto& series : study.series)
        for (const auto& instance : series.instances) (void)deidentifier().exclusionReason(instance, series);

  const imaging::InstanceOutcome outcome = deidentifier().deidentifyFile(input, output, patient, true);
  (void)outcome;
  return 0;
}
