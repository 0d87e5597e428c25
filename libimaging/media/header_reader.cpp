#include "header_reader.h"

#include <string>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/identifying_values.h"
#include "text_decoder.h"

namespace imaging::media {
namespace {

constexpr const char* kMediaStorageDirectory = "1.2.840.10008.1.3.10";

template <std::size_t N>
std::optional<std::array<double, N>> getDoubles(DcmItem& item, const DcmTagKey& tag) {
  std::array<double, N> values{};
  for (std::size_t i = 0; i < N; ++i)
    if (item.findAndGetFloat64(tag, values[i], static_cast<unsigned long>(i)).bad()) return std::nullopt;
  return values;
}

std::string laterality(DcmItem& dataset) {
  std::string value = bridge::getString(dataset, DCM_Laterality);
  return value.empty() ? bridge::getString(dataset, DCM_ImageLaterality) : value;
}

InstanceRecord recordFrom(DcmFileFormat& file, const std::filesystem::path& path, std::uintmax_t file_size) {
  DcmDataset& ds = *file.getDataset();
  DcmMetaInfo& meta = *file.getMetaInfo();
  InstanceRecord r;
  Instance& in = r.instance;
  in.path = path;
  in.file_size = file_size;
  in.specific_character_set = bridge::getString(ds, DCM_SpecificCharacterSet);
  TextDecoder text(in.specific_character_set);

  in.sop_instance_uid = bridge::getString(ds, DCM_SOPInstanceUID);
  in.sop_class_uid = bridge::getString(ds, DCM_SOPClassUID);
  if (in.sop_class_uid.empty()) in.sop_class_uid = bridge::getString(meta, DCM_MediaStorageSOPClassUID);
  in.transfer_syntax_uid = bridge::getString(meta, DCM_TransferSyntaxUID);
  if (in.transfer_syntax_uid.empty()) in.transfer_syntax_uid = DcmXfer(ds.getOriginalXfer()).getXferID();
  in.instance_number = bridge::getInt(ds, DCM_InstanceNumber);
  in.rows = bridge::getInt(ds, DCM_Rows);
  in.columns = bridge::getInt(ds, DCM_Columns);
  in.number_of_frames = bridge::getInt(ds, DCM_NumberOfFrames, 1);
  in.has_pixel_data = ds.tagExists(DCM_PixelData) || ds.tagExists(DCM_FloatPixelData) ||
                      ds.tagExists(DCM_DoubleFloatPixelData);
  in.burned_in_annotation = bridge::getString(ds, DCM_BurnedInAnnotation);
  std::string removed = bridge::getString(ds, DCM_PatientIdentityRemoved);
  while (!removed.empty() && removed.back() == ' ') removed.pop_back();
  in.patient_identity_removed = removed == "YES";
  in.image_type = bridge::getString(ds, DCM_ImageType);
  in.image_position = getDoubles<3>(ds, DCM_ImagePositionPatient);
  in.image_orientation = getDoubles<6>(ds, DCM_ImageOrientationPatient);
  in.pixel_spacing = getDoubles<2>(ds, DCM_PixelSpacing);
  Float64 thickness = 0;
  if (ds.findAndGetFloat64(DCM_SliceThickness, thickness).good()) in.slice_thickness = thickness;

  Series& se = r.series;
  se.series_instance_uid = bridge::getString(ds, DCM_SeriesInstanceUID);
  se.modality = bridge::getString(ds, DCM_Modality);
  se.number = bridge::getInt(ds, DCM_SeriesNumber);
  se.description = text.decode(bridge::getString(ds, DCM_SeriesDescription));
  se.body_part = text.decode(bridge::getString(ds, DCM_BodyPartExamined));
  se.laterality = laterality(ds);
  se.frame_of_reference_uid = bridge::getString(ds, DCM_FrameOfReferenceUID);

  Study& st = r.study;
  st.study_instance_uid = bridge::getString(ds, DCM_StudyInstanceUID);
  st.date = bridge::getString(ds, DCM_StudyDate);
  st.time = bridge::getString(ds, DCM_StudyTime);
  st.description = text.decode(bridge::getString(ds, DCM_StudyDescription));
  st.accession_number = text.decode(bridge::getString(ds, DCM_AccessionNumber));
  st.referring_physician = text.decode(bridge::getString(ds, DCM_ReferringPhysicianName), "\\^=");

  Patient& pa = r.patient;
  pa.name = text.decode(bridge::getString(ds, DCM_PatientName), "\\^=");
  pa.id = text.decode(bridge::getString(ds, DCM_PatientID));
  pa.issuer_of_id = text.decode(bridge::getString(ds, DCM_IssuerOfPatientID));
  pa.birth_date = bridge::getString(ds, DCM_PatientBirthDate);
  pa.sex = bridge::getString(ds, DCM_PatientSex);
  return r;
}

}  // namespace

HeaderOutcome readHeader(const std::filesystem::path& path, const std::filesystem::path& display_path) {
  HeaderOutcome outcome;
  bridge::DicomFile loaded = bridge::DicomFile::open(path, bridge::ReadDepth::LazyValues);
  if (!loaded.ok()) {
    outcome.problem = Problem{display_path, loaded.problemKind(), loaded.reason()};
    return outcome;
  }
  DcmFileFormat& file = loaded.format();
  if (bridge::getString(*file.getMetaInfo(), DCM_MediaStorageSOPClassUID) == kMediaStorageDirectory ||
      file.getDataset()->tagExists(DCM_DirectoryRecordSequence)) {
    outcome.is_dicomdir = true;
    return outcome;
  }
  InstanceRecord record = recordFrom(file, path, loaded.fileSize());
  if (record.instance.sop_instance_uid.empty()) {
    // It parses (dcmdump reads it): say what is missing rather than "unreadable".
    outcome.problem = Problem{display_path, ProblemKind::Incomplete,
                              "readable DICOM, but SOP Instance UID (0008,0018) is missing: cannot be exported"};
    return outcome;
  }
  // Harvested now, from the header already parsed, so de-identification need not read every file
  // once more before it can start (its scrubber needs all of a patient's values first). Same steps
  // as the engine's own harvest: the whole dataset converted to UTF-8 where DCMTK can, then
  // collected; when it cannot, the values stay as stored, like the engine sees them.
  bridge::convertDatasetToUtf8(*file.getDataset());
  record.patient.identifying_values = bridge::collectIdentifyingValues(*file.getDataset());
  outcome.record = std::move(record);
  return outcome;
}

}  // namespace imaging::media
