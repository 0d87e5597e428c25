#pragma once
// Test fixtures for the de-identification engine: DICOM datasets made in code, and a one-call
// way to de-identify one and read the result back.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <filesystem>
#include <memory>
#include <string>

#include "imaging/deid/deidentifier.h"
#include "imaging/deid/key.h"

namespace deidtest {

// Planted identity of the fixture patient.
inline constexpr const char* kPatientName = "Doe^John";
inline constexpr const char* kPatientId = "PID12345";
inline constexpr const char* kBirthDate = "19800215";
inline constexpr const char* kAccession = "ACC98765";
inline constexpr const char* kStudyUid = "1.2.826.0.1.3680043.9.7777.1";
inline constexpr const char* kSeriesUid = "1.2.826.0.1.3680043.9.7777.1.2";
inline constexpr const char* kSopUid = "1.2.826.0.1.3680043.9.7777.1.2.3";
inline constexpr const char* kFrameOfRefUid = "1.2.826.0.1.3680043.9.7777.1.9";
inline constexpr const char* kReferencedUid = "1.2.826.0.1.3680043.9.7777.1.2.4";
inline constexpr const char* kMrClass = "1.2.840.10008.5.1.4.1.1.4";

// A small but complete MR image (8x8, 16 bit) with planted identity everywhere: descriptions,
// comments, nested sequences (depth 3), private groups, curves and an overlay.
std::unique_ptr<DcmFileFormat> makeMr();

// A fresh folder under SCANSHARE_TEST_WORK_DIR for one test.
std::filesystem::path workDir(const std::string& name);

imaging::Key testKey(char fill = 'k');

struct Result {
  imaging::InstanceOutcome outcome;
  std::unique_ptr<DcmFileFormat> file;  // the re-read output (null when nothing was written)
  std::filesystem::path input, output;
  imaging::PatientContext patient;
  DcmDataset& ds() const { return *file->getDataset(); }
};

imaging::DeidConfig makeConfig(const imaging::Profile& profile, const imaging::Key& key = testKey());
// Saves `input` (with `xfer`), builds the patient context like the pipeline does, de-identifies.
Result run(DcmFileFormat& input, const imaging::DeidConfig& config, const std::string& test_name,
           bool record_changes = false, E_TransferSyntax xfer = EXS_LittleEndianExplicit, bool dry_run = false);

// The input of `r` de-identified again with the patient's shared scrubber, by the plain engine and
// by DCMTK's path: same outcome, same bytes (run() calls it for every written fixture).
void expectPlainEngineAgrees(const imaging::Deidentifier& deidentifier, const Result& r,
                             const std::filesystem::path& dir);

std::string str(DcmItem& item, const DcmTagKey& tag);  // "" when absent
bool has(DcmItem& item, const DcmTagKey& tag);
// Every string value in the file, all depths, joined: for "nothing identifying survives" checks.
std::string allText(DcmItem& item);
std::string fileBytes(const std::filesystem::path& file);

}  // namespace deidtest
