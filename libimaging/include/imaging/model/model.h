#pragma once
// Patient > Study > Series > Instance: what a person needs to recognise a study, plus what the
// viewer and the anonymizer need to plan their work. All text is UTF-8.
#include <array>
#include <memory>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "imaging/core/file_path.h"

namespace imaging {

struct Instance {
  FilePath path;                     // where the file is (on the scanned medium or an extract)
  std::string sop_instance_uid;
  std::string sop_class_uid;
  std::string transfer_syntax_uid;
  std::string specific_character_set;  // as written in the file (e.g. "ISO_IR 100")
  int instance_number = 0;           // 0 when absent
  int rows = 0;
  int columns = 0;
  int number_of_frames = 1;
  bool has_pixel_data = false;
  std::string burned_in_annotation;  // "YES", "NO" or empty when absent
  bool patient_identity_removed = false;  // Patient Identity Removed (0012,0062) is YES: de-identified
  std::string image_type;            // raw multi-value, backslash separated
  std::string photometric_interpretation;  // (0028,0004) as written: a colour CT is a screenshot
  std::optional<std::array<double, 3>> image_position;     // (0020,0032)
  std::optional<std::array<double, 6>> image_orientation;  // (0020,0037)
  std::optional<std::array<double, 2>> pixel_spacing;      // (0028,0030) row, column spacing
  std::optional<double> slice_thickness;
  std::uintmax_t file_size = 0;
  // The UIDs in the file that de-identification replaces (every UI value at any depth except class,
  // syntax and standard UIDs), sorted, collected by the scan. uids_known is false where the record
  // came from elsewhere (a scan plan): whoever needs them then reads the file.
  std::vector<std::string> uids;
  bool uids_known = false;
};

struct Series {
  std::string series_instance_uid;
  std::string modality;
  int number = 0;
  std::string description;
  std::string body_part;
  std::string laterality;
  std::string frame_of_reference_uid;
  std::vector<Instance> instances;   // sorted by instance number, then path

  int rows() const { return instances.empty() ? 0 : instances.front().rows; }
  int columns() const { return instances.empty() ? 0 : instances.front().columns; }
};

struct Study {
  std::string study_instance_uid;
  std::string date;         // DA as written (YYYYMMDD)
  std::string time;
  std::string description;
  std::string accession_number;
  std::string referring_physician;
  std::vector<Series> series;  // sorted by series number
};

// Values that identify a patient, harvested by the scan from every depth of each of the patient's
// files (names and name parts, IDs, birth date, phones, addresses; institution and device values
// apart, since profiles may retain those). UTF-8 where the file's character set converts. Used to
// scrub free text during de-identification; never shown or written anywhere.
struct IdentifyingValues {
  std::vector<std::string> patient, institution, device;  // each sorted, no duplicates

  void merge(const IdentifyingValues& other);
  // The patient values, with the institution and/or device values when asked; sorted, no duplicates.
  std::vector<std::string> united(bool with_institution, bool with_device) const;
};

struct Patient {
  std::string name;         // PN as UTF-8, components separated by '^'
  std::string id;
  std::string issuer_of_id;
  std::string birth_date;
  std::string sex;
  std::vector<Study> studies;
  IdentifyingValues identifying_values;  // from all the patient's files (see above)

  // Identity used to keep two source patients apart (ID + issuer + name).
  std::string identityKey() const { return id + '\x1f' + issuer_of_id + '\x1f' + name; }
};

enum class ProblemKind {
  NotDicom,           // autorun files, viewer programs, readme files
  Truncated,          // an element's declared length runs past the end of the file
  Unreadable,         // cannot open/read, or DICOM that cannot be parsed
  UnsafeStructure,    // nested too deep or lengths that cannot be (refused before parsing)
  DuplicateSopInstance,
  MissingReferencedFile,  // a DICOMDIR record points to a file that is not there
  InvalidDicomdir,
  Unsupported,
  Incomplete          // DICOM that parses, but lacks what an export needs (e.g. SOP Instance UID)
};
const char* toString(ProblemKind kind) noexcept;
// A damaged or unusable DICOM file, a problem of the input (exit code 1); not: a readme or viewer
// program beside the images, a DICOMDIR replaced by a scan of every file.
bool isDamage(ProblemKind kind) noexcept;

struct Problem {
  std::filesystem::path path;
  ProblemKind kind;
  std::string reason;  // one line, never identifying
};

// What is on a medium. `root` is what was scanned; paths in instances may lie under an
// extraction folder owned by `keep_alive` (zip input).
struct Inventory {
  std::filesystem::path root;
  // The folder the scan walked: instance paths lie under it (for a zip or CD image, its extraction
  // folder) and problem paths are relative to it. Empty when unknown (an inventory built by hand).
  std::filesystem::path files_root;
  std::vector<Patient> patients;
  std::vector<Problem> problems;
  std::size_t files_scanned = 0;   // every regular file looked at
  std::size_t dicom_files = 0;     // files that became instances
  bool used_dicomdir = false;
  std::shared_ptr<void> keep_alive;  // owns temporary extraction, if any

  std::size_t instanceCount() const;
  std::size_t seriesCount() const;
  std::size_t studyCount() const;
  // Visits every instance (const) in patient/study/series order.
  template <typename F>
  void forEachInstance(F&& f) const {
    for (const auto& p : patients)
      for (const auto& st : p.studies)
        for (const auto& se : st.series)
          for (const auto& in : se.instances) f(p, st, se, in);
  }
};

}  // namespace imaging
