#include "header_reader.h"

#include <string>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/element_index.h"
#include "imaging_bridge/identifying_values.h"
#include "imaging_bridge/plain_dataset.h"
#include "imaging_bridge/replaceable_uids.h"
#include "text_decoder.h"

namespace imaging::media {
namespace {

constexpr const char* kMediaStorageDirectory = "1.2.840.10008.1.3.10";

// Values: bridge::ElementIndex (DCMTK's tree) or bridge::PlainDataSet (our reader); same getters.
template <std::size_t N, class Values>
std::optional<std::array<double, N>> getDoubles(const Values& index, const DcmTagKey& tag) {
  std::array<double, N> values{};
  for (std::size_t i = 0; i < N; ++i) {
    const auto value = index.float64(tag, static_cast<unsigned long>(i));
    if (!value) return std::nullopt;
    values[i] = *value;
  }
  return values;
}

// A patient fact as its text: a value another program wrote with VR UN is read as the text it is
// (DCMTK's own string of it is hex), so the same name written either way names one patient.
std::string factText(const bridge::ElementIndex& index, const DcmTagKey& tag) {
  DcmElement* element = index.find(tag);
  if (element != nullptr && bridge::stringVrFor(*element) != EVR_UNKNOWN) return bridge::rawText(*element);
  return index.string(tag);
}
std::string factText(const bridge::PlainDataSet& plain, const DcmTagKey& tag) { return plain.string(tag); }

// Padding is not part of a patient's identity: "MARTIN^Rose\0\0", "MARTIN^Rose " and
// " MARTIN ^ Rose" are one patient, with one pseudonym and one date shift. Spaces and NULs are
// trimmed from the value and from each name component.
std::string unpadded(const std::string& value, bool person_name) {
  static const std::string kPadding(" \0", 2);
  std::string out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = person_name ? std::min(value.find_first_of("^=\\", start), value.size()) : value.size();
    const std::string part = value.substr(start, end - start);
    const std::size_t first = part.find_first_not_of(kPadding);
    if (first != std::string::npos) out += part.substr(first, part.find_last_not_of(kPadding) - first + 1);
    if (end == value.size()) break;
    out += value[end];
    start = end + 1;
  }
  return out;
}

template <class Values>
std::string patientFact(const Values& index, const DcmTagKey& tag, TextDecoder& text, bool person_name) {
  const std::string raw = factText(index, tag);
  return unpadded(person_name ? text.decode(raw, "\\^=") : text.decode(raw), person_name);
}

template <class Values>
std::string laterality(const Values& index) {
  std::string value = index.string(DCM_Laterality);
  return value.empty() ? index.string(DCM_ImageLaterality) : value;
}

// meta_sop_class, transfer_syntax: from the file meta ("" when absent; the syntax then as read).
template <class Values>
InstanceRecord recordFrom(const Values& index, const std::string& meta_sop_class, const std::string& transfer_syntax,
                          const std::filesystem::path& path, std::uintmax_t file_size) {
  InstanceRecord r;
  Instance& in = r.instance;
  in.path = path;
  in.file_size = file_size;
  in.specific_character_set = index.string(DCM_SpecificCharacterSet);
  TextDecoder text(in.specific_character_set);

  in.sop_instance_uid = index.string(DCM_SOPInstanceUID);
  in.sop_class_uid = index.string(DCM_SOPClassUID);
  if (in.sop_class_uid.empty()) in.sop_class_uid = meta_sop_class;
  in.transfer_syntax_uid = transfer_syntax;
  in.instance_number = index.integer(DCM_InstanceNumber);
  in.rows = index.integer(DCM_Rows);
  in.columns = index.integer(DCM_Columns);
  in.number_of_frames = index.integer(DCM_NumberOfFrames, 1);
  in.has_pixel_data = index.has(DCM_PixelData) || index.has(DCM_FloatPixelData) || index.has(DCM_DoubleFloatPixelData);
  in.burned_in_annotation = index.string(DCM_BurnedInAnnotation);
  std::string removed = index.string(DCM_PatientIdentityRemoved);
  while (!removed.empty() && removed.back() == ' ') removed.pop_back();
  in.patient_identity_removed = removed == "YES";
  in.image_type = index.string(DCM_ImageType);
  in.photometric_interpretation = index.string(DCM_PhotometricInterpretation);
  in.image_position = getDoubles<3>(index, DCM_ImagePositionPatient);
  in.image_orientation = getDoubles<6>(index, DCM_ImageOrientationPatient);
  in.pixel_spacing = getDoubles<2>(index, DCM_PixelSpacing);
  if (const auto thickness = index.float64(DCM_SliceThickness)) in.slice_thickness = *thickness;

  Series& se = r.series;
  se.series_instance_uid = index.string(DCM_SeriesInstanceUID);
  se.modality = index.string(DCM_Modality);
  se.number = index.integer(DCM_SeriesNumber);
  se.description = text.decode(index.string(DCM_SeriesDescription));
  se.body_part = text.decode(index.string(DCM_BodyPartExamined));
  se.laterality = laterality(index);
  se.frame_of_reference_uid = index.string(DCM_FrameOfReferenceUID);

  Study& st = r.study;
  st.study_instance_uid = index.string(DCM_StudyInstanceUID);
  st.date = index.string(DCM_StudyDate);
  st.time = index.string(DCM_StudyTime);
  st.description = text.decode(index.string(DCM_StudyDescription));
  st.accession_number = text.decode(index.string(DCM_AccessionNumber));
  st.referring_physician = text.decode(index.string(DCM_ReferringPhysicianName), "\\^=");

  Patient& pa = r.patient;
  pa.name = patientFact(index, DCM_PatientName, text, true);
  pa.id = patientFact(index, DCM_PatientID, text, false);
  pa.issuer_of_id = patientFact(index, DCM_IssuerOfPatientID, text, false);
  pa.birth_date = unpadded(factText(index, DCM_PatientBirthDate), false);
  pa.sex = unpadded(factText(index, DCM_PatientSex), false);
  return r;
}

// A record needs its SOP Instance UID; say what is missing rather than "unreadable" (it parses).
bool lacksInstanceUid(const InstanceRecord& record, const std::filesystem::path& display_path, HeaderOutcome& outcome) {
  if (!record.instance.sop_instance_uid.empty()) return false;
  outcome.problem = Problem{display_path, ProblemKind::Incomplete,
                            "readable DICOM, but SOP Instance UID (0008,0018) is missing: cannot be exported"};
  return true;
}

// The plain reader's file (no DCMTK parse). False when a value asks for DCMTK after all.
bool readPlain(const bridge::PlainDataSet& plain, const std::filesystem::path& path, std::uint64_t file_size,
               const std::filesystem::path& display_path, bool collect_uids, HeaderOutcome& outcome) {
  if (plain.metaString(DCM_MediaStorageSOPClassUID) == kMediaStorageDirectory) return false;
  InstanceRecord record = recordFrom(plain, plain.metaString(DCM_MediaStorageSOPClassUID),
                                     plain.metaString(DCM_TransferSyntaxUID), path, file_size);
  if (plain.unsupported()) return false;
  if (lacksInstanceUid(record, display_path, outcome)) return true;
  std::optional<IdentifyingValues> identifying = bridge::collectIdentifyingValues(plain);
  if (!identifying) return false;
  if (collect_uids) {
    record.instance.uids = bridge::collectReplaceableUids(plain);
    record.instance.uids.shrink_to_fit();  // kept for every instance of the inventory: no spare room
    record.instance.uids_known = true;
  }
  record.patient.identifying_values = std::move(*identifying);
  outcome.record = std::move(record);
  return true;
}

}  // namespace

HeaderOutcome readHeader(const std::filesystem::path& path, const std::filesystem::path& display_path,
                         bool collect_uids) {
  HeaderOutcome outcome;
  bridge::DicomFile loaded = bridge::DicomFile::openForScan(path);
  if (loaded.plain() != nullptr) {
    if (readPlain(*loaded.plain(), path, loaded.fileSize(), display_path, collect_uids, outcome)) return outcome;
    outcome = HeaderOutcome{};
    loaded.parseWithDcmtk();
  }
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
  DcmDataset& ds = *file.getDataset();
  std::string syntax = bridge::getString(*file.getMetaInfo(), DCM_TransferSyntaxUID);
  if (syntax.empty()) syntax = DcmXfer(ds.getOriginalXfer()).getXferID();
  InstanceRecord record = recordFrom(bridge::ElementIndex(ds), bridge::getString(*file.getMetaInfo(), DCM_MediaStorageSOPClassUID),
                                     syntax, path, loaded.fileSize());
  if (lacksInstanceUid(record, display_path, outcome)) return outcome;
  // Harvested now, from the header already parsed, so de-identification need not read every file
  // once more before it can start (its scrubber needs all of a patient's values first). Same steps
  // as the engine's own harvest: the whole dataset converted to UTF-8 where DCMTK can, then
  // collected; when it cannot, the values stay as stored, like the engine sees them.
  if (collect_uids) {
    record.instance.uids = bridge::collectReplaceableUids(*file.getMetaInfo(), *file.getDataset());
    record.instance.uids.shrink_to_fit();
    record.instance.uids_known = true;
  }
  bridge::convertDatasetToUtf8(*file.getDataset());
  record.patient.identifying_values = bridge::collectIdentifyingValues(*file.getDataset());
  outcome.record = std::move(record);
  return outcome;
}

}  // namespace imaging::media
