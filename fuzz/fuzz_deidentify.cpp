// Fuzz target: de-identify one file under the default profile, as the anonymize pipeline does:
// scan it, ask for an exclusion reason, harvest its identifiers, then Deidentifier::deidentifyFile
// to a temporary output (a recorded dry run, then the export: the patient's shared scrubber, so
// that a plain file takes the plain engine). Contract: deidentifyFile never throws (a bad file is
// Failed with a reason); harvestIdentifiers throws only imaging::Error; the export through the
// plain engine and through DCMTK's path (plain engine off) ends the same way and, when it writes,
// writes the same bytes (a difference traps: the plain engine must be DCMTK's path, byte for byte).
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "imaging/core/error.h"
#include "imaging/deid/deidentifier.h"
#include "imaging/deid/key.h"
#include "imaging/deid/parts.h"
#include "imaging/media/scan.h"
#include "plain_tree.h"  // deid's switch for the plain engine

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

std::string bytesOf(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
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

  // The export, both ways.
  std::shared_ptr<imaging::TextScrubber> scrubber = imaging::makeTextScrubber();
  for (const std::string& id : patient.identifiers) scrubber->addIdentifier(id);
  patient.scrubber = scrubber;
  const auto dcmtk_output = fuzz_support::scratchDir() / "deid-output-dcmtk.dcm";
  std::filesystem::remove(output);
  std::filesystem::remove(dcmtk_output);
  imaging::deid::setPlainEngine(true);
  const imaging::InstanceOutcome plain = deidentifier().deidentifyFile(input, output, patient, false);
  imaging::deid::setPlainEngine(false);
  const imaging::InstanceOutcome dcmtk = deidentifier().deidentifyFile(input, dcmtk_output, patient, false);
  imaging::deid::setPlainEngine(true);
  if (plain.status != dcmtk.status || plain.code != dcmtk.code) __builtin_trap();
  if (plain.status == imaging::InstanceOutcome::Status::Kept && bytesOf(output) != bytesOf(dcmtk_output))
    __builtin_trap();
  return 0;
}
