#pragma once
// Writes small DICOM files with DCMTK for the media tests (fixtures are made in code).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fixtures {

struct InstanceSpec {
  std::string charset;          // Specific Character Set, raw; empty: none
  std::string patient_name = "Test^Patient";  // raw bytes in `charset`
  std::string patient_id = "PID-1";
  std::string study_uid = "1.2.826.0.1.3680043.8.498.1";
  std::string series_uid = "1.2.826.0.1.3680043.8.498.1.1";
  std::string sop_uid;          // empty: generated
  std::string series_description = "Sag PD";
  int series_number = 1;
  int instance_number = 1;
  std::uint16_t rows = 16;
  std::uint16_t columns = 16;
  bool with_sequence = false;   // adds a ReferencedImageSequence with one item
  bool with_small_ob = false;   // adds a short OB private value
  std::string patient_identity_removed;  // (0012,0062) as written; empty: absent
};

// Writes explicit VR little endian with file meta; returns the SOP Instance UID written.
std::string writeInstance(const std::filesystem::path& path, const InstanceSpec& spec = {});

// A DICOMDIR whose records reference the given ReferencedFileID values ("A\\B\\C").
void writeDicomdir(const std::filesystem::path& path, const std::vector<std::string>& referenced_file_ids);

void writeBytes(const std::filesystem::path& path, const std::string& bytes);
std::string readBytes(const std::filesystem::path& path);

// A fresh, empty folder under SCANSHARE_TEST_WORK_DIR named after the running test.
std::filesystem::path freshWorkDir(const std::string& suffix = "");

}  // namespace fixtures
