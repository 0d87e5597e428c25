#pragma once
// Writes the files of one generated medium under its root and keeps the manifest of what it wrote.
#include <filesystem>
#include <string>
#include <vector>

#include "identity.h"
#include "uid_factory.h"

class DcmFileFormat;

namespace imaging::sample {

struct ManifestSeries {
  std::string seriesInstanceUid;
  std::string patientId;
  std::string modality;
  int number = 0;
  int instances = 0;           // files of the series that are complete
  int rows = 0;
  int columns = 0;
  int truncatedInstances = 0;  // further files of the series whose data runs past end of file
};

class SampleWriter {
 public:
  SampleWriter(std::filesystem::path root, std::string variant, int variantCode);

  UidFactory& uids() { return uids_; }
  const std::filesystem::path& root() const { return root_; }

  void addPatient(const PatientIdentity& patient) { patients_.push_back(patient); }
  // Also plants value for the patient whose ID is patientId (e.g. a date written elsewhere).
  void addPlanted(const std::string& patientId, const std::string& value);

  // relativePath uses '/' and is relative to the root; folders are created as needed.
  void saveDicom(const std::string& relativePath, DcmFileFormat& file);
  void saveBytes(const std::string& relativePath, const std::string& bytes);

  void addSeries(const ManifestSeries& series) { series_.push_back(series); }
  ManifestSeries& series(const std::string& seriesInstanceUid);

  // Writes a DICOMDIR at dicomdirPath (relative to the root) listing files (relative to the
  // root, all below the DICOMDIR's folder), then checks that every one of them is listed.
  void writeDicomdir(const std::string& dicomdirPath, const std::vector<std::string>& files,
                     const std::string& fileSetId);

  // Cuts a written file to size bytes (for the deliberately broken fixtures).
  void truncate(const std::string& relativePath, std::uintmax_t size);
  void remove(const std::string& relativePath);

  std::vector<std::string> nonDicomFiles, truncatedFiles, corruptFiles, missingDicomdirReferences,
      burnedInFiles, srFiles, presentationStateFiles;

  void writeManifest(const std::filesystem::path& file) const;

 private:
  std::filesystem::path prepare(const std::string& relativePath);

  std::filesystem::path root_;
  std::string variant_;
  UidFactory uids_;
  std::vector<PatientIdentity> patients_;
  std::vector<ManifestSeries> series_;
};

}  // namespace imaging::sample
