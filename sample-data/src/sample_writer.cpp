#include "sample_writer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcddirif.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "dicom_text.h"

namespace fs = std::filesystem;

namespace imaging::sample {

SampleWriter::SampleWriter(fs::path root, std::string variant, int variantCode)
    : root_(std::move(root)), variant_(std::move(variant)), uids_(variantCode) {}

void SampleWriter::addPlanted(const std::string& patientId, const std::string& value) {
  for (auto& patient : patients_)
    if (patient.id == patientId) patient.extraPlanted.push_back(value);
}

fs::path SampleWriter::prepare(const std::string& relativePath) {
  const fs::path path = root_ / fs::path(relativePath);
  fs::create_directories(path.parent_path());
  return path;
}

void SampleWriter::saveDicom(const std::string& relativePath, DcmFileFormat& file) {
  saveDicomFile(file, prepare(relativePath).string());
}

void SampleWriter::saveBytes(const std::string& relativePath, const std::string& bytes) {
  std::ofstream out(prepare(relativePath), std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + relativePath);
}

ManifestSeries& SampleWriter::series(const std::string& seriesInstanceUid) {
  for (auto& s : series_)
    if (s.seriesInstanceUid == seriesInstanceUid) return s;
  throw std::logic_error("unknown series");
}

void SampleWriter::truncate(const std::string& relativePath, std::uintmax_t size) {
  fs::resize_file(root_ / relativePath, size);
}

void SampleWriter::remove(const std::string& relativePath) { fs::remove(root_ / relativePath); }

namespace {

// Referenced File IDs of all records (the flat record sequence holds every level).
std::set<std::string> referencedFiles(const fs::path& dicomdir) {
  DcmFileFormat file;
  check(file.loadFile(dicomdir.c_str()), "cannot read back DICOMDIR");
  DcmSequenceOfItems* records = nullptr;
  check(file.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records), "DICOMDIR has no records");
  std::set<std::string> out;
  for (unsigned long i = 0; records != nullptr && i < records->card(); ++i) {
    OFString fileId;
    if (records->getItem(i)->findAndGetOFStringArray(DCM_ReferencedFileID, fileId).good()) {
      std::string path(fileId.c_str());
      std::replace(path.begin(), path.end(), '\\', '/');
      out.insert(path);
    }
  }
  return out;
}

}  // namespace

void SampleWriter::writeDicomdir(const std::string& dicomdirPath, const std::vector<std::string>& files,
                                 const std::string& fileSetId) {
  const fs::path dicomdir = prepare(dicomdirPath);
  const fs::path base = dicomdir.parent_path();
  DicomDirInterface builder;
  // The General Purpose profile accepts every storage SOP class in Explicit VR Little Endian,
  // which is all this generator writes (SR and secondary capture included).
  check(builder.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose, OFFilename(dicomdir.c_str()),
                                  OFString(fileSetId.c_str())),
        "cannot create DICOMDIR");
  std::vector<std::string> relative;
  for (const auto& file : files) {
    relative.push_back(fs::path(file).lexically_relative(fs::path(dicomdirPath).parent_path()).generic_string());
    check(builder.addDicomFile(OFFilename(relative.back().c_str()), OFFilename(base.c_str())),
          "cannot add to DICOMDIR");
  }
  check(builder.writeDicomDir(EET_ExplicitLength, EGL_withoutGL), "cannot write DICOMDIR");

  // DCMTK invents the DICOMDIR's own SOP Instance UID from the clock: replace it with ours.
  {
    DcmDicomDir written(dicomdir.c_str());
    DcmMetaInfo* meta = written.getDirFileFormat().getMetaInfo();
    check(meta->putAndInsertString(DCM_MediaStorageSOPInstanceUID, uids_.next().c_str()), "DICOMDIR uid");
    check(written.write(EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_withoutGL), "cannot rewrite DICOMDIR");
  }

  const std::set<std::string> listed = referencedFiles(dicomdir);
  for (const auto& path : relative)
    if (!listed.count(path)) throw std::runtime_error("DICOMDIR does not list " + path);
}

void SampleWriter::writeManifest(const fs::path& file) const {
  nlohmann::ordered_json json;
  json["variant"] = variant_;
  json["patients"] = nlohmann::ordered_json::array();
  for (const auto& p : patients_) {
    nlohmann::ordered_json entry;
    entry["name"] = p.dicomName;
    entry["id"] = p.id;
    entry["birth_date"] = p.birthDate;
    entry["charset"] = p.charset;
    entry["planted"] = p.planted();
    json["patients"].push_back(entry);
  }
  json["non_dicom_files"] = nonDicomFiles;
  json["truncated_files"] = truncatedFiles;
  json["corrupt_files"] = corruptFiles;
  json["missing_dicomdir_references"] = missingDicomdirReferences;
  json["burned_in_files"] = burnedInFiles;
  json["sr_files"] = srFiles;
  json["presentation_state_files"] = presentationStateFiles;
  json["series"] = nlohmann::ordered_json::array();
  for (const auto& s : series_) {
    nlohmann::ordered_json entry;
    entry["series_instance_uid"] = s.seriesInstanceUid;
    entry["patient_id"] = s.patientId;
    entry["modality"] = s.modality;
    entry["number"] = s.number;
    entry["instances"] = s.instances;
    entry["rows"] = s.rows;
    entry["columns"] = s.columns;
    entry["truncated_instances"] = s.truncatedInstances;
    json["series"].push_back(entry);
  }
  json["uids"] = uids_.issued();
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << json.dump(2) << '\n';
  if (!out) throw std::runtime_error("cannot write manifest");
}

}  // namespace imaging::sample
