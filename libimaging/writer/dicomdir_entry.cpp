// Reading the header facts a DICOMDIR record needs from one written file, and which record type and
// instance-level keys (PS3.3 Annex F.5) belong to its SOP class.
#include "dicomdir_records.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/record_keys.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::uint32_t key(const DcmTagKey& t) {
  return static_cast<std::uint32_t>(t.getGroup()) << 16 | t.getElement();
}

// Raw value (all values, backslash separated), as the file holds it.
bool rawValue(DcmItem& item, const DcmTagKey& tag, std::string& out) {
  OFString v;
  if (item.findAndGetOFStringArray(tag, v).bad()) return false;
  out.assign(v.c_str(), v.length());
  return true;
}

std::string rawValue(DcmItem& item, const DcmTagKey& tag) {
  std::string v;
  rawValue(item, tag, v);
  return v;
}

// Every record type the writer makes below SERIES, and its keys: the Type 1 and 2 keys of each
// (PS3.3 F.5), besides the Referenced*InFile attributes.
struct RecordKinds {
  const RecordKind image{"IMAGE", ERT_Image, {{key(DCM_InstanceNumber), 1}}, ConceptName::None};
  const RecordKind sr{"SR DOCUMENT", ERT_SRDocument,
                      {{key(DCM_InstanceNumber), 1}, {key(DCM_CompletionFlag), 1}, {key(DCM_VerificationFlag), 1},
                       {key(DCM_ContentDate), 1}, {key(DCM_ContentTime), 1}, {key(DCM_VerificationDateTime), 3}},
                      ConceptName::Type1};
  const RecordKind key_object{"KEY OBJECT DOC", ERT_KeyObjectDoc,
                              {{key(DCM_InstanceNumber), 1}, {key(DCM_ContentDate), 1}, {key(DCM_ContentTime), 1}},
                              ConceptName::Type1};
  const RecordKind presentation{"PRESENTATION", ERT_Presentation,
                                {{key(DCM_InstanceNumber), 1}, {key(DCM_PresentationCreationDate), 1},
                                 {key(DCM_PresentationCreationTime), 1}, {key(DCM_ContentLabel), 1},
                                 {key(DCM_ContentDescription), 2}, {key(DCM_ContentCreatorName), 2}},
                                ConceptName::None};
  const RecordKind waveform{"WAVEFORM", ERT_Waveform,
                            {{key(DCM_InstanceNumber), 1}, {key(DCM_ContentDate), 1}, {key(DCM_ContentTime), 1}},
                            ConceptName::None};
  const RecordKind rt_dose{"RT DOSE", ERT_RTDose, {{key(DCM_InstanceNumber), 1}, {key(DCM_DoseSummationType), 1}},
                           ConceptName::None};
  const RecordKind rt_structure{"RT STRUCTURE SET", ERT_RTStructureSet,
                                {{key(DCM_InstanceNumber), 1}, {key(DCM_StructureSetLabel), 1},
                                 {key(DCM_StructureSetDate), 2}, {key(DCM_StructureSetTime), 2}},
                                ConceptName::None};
  const RecordKind rt_plan{"RT PLAN", ERT_RTPlan,
                           {{key(DCM_InstanceNumber), 1}, {key(DCM_RTPlanLabel), 1}, {key(DCM_RTPlanDate), 2},
                            {key(DCM_RTPlanTime), 2}},
                           ConceptName::None};
  const RecordKind rt_record{"RT TREAT RECORD", ERT_RTTreatRecord,
                             {{key(DCM_InstanceNumber), 1}, {key(DCM_TreatmentDate), 2}, {key(DCM_TreatmentTime), 2}},
                             ConceptName::None};
  const RecordKind encapsulated{"ENCAP DOC", ERT_EncapDoc,
                                {{key(DCM_InstanceNumber), 1}, {key(DCM_ContentDate), 2}, {key(DCM_ContentTime), 2},
                                 {key(DCM_DocumentTitle), 2}, {key(DCM_MIMETypeOfEncapsulatedDocument), 1}},
                                ConceptName::Type2};
  const RecordKind registration{"REGISTRATION", ERT_Registration,
                                {{key(DCM_InstanceNumber), 1}, {key(DCM_ContentDate), 1}, {key(DCM_ContentTime), 1},
                                 {key(DCM_ContentLabel), 1}, {key(DCM_ContentDescription), 2},
                                 {key(DCM_ContentCreatorName), 2}},
                                ConceptName::None};
  const RecordKind fiducial{"FIDUCIAL", ERT_Fiducial, registration.keys, ConceptName::None};
  const RecordKind raw_data{"RAW DATA", ERT_RawData,
                            {{key(DCM_InstanceNumber), 2}, {key(DCM_ContentDate), 1}, {key(DCM_ContentTime), 1}},
                            ConceptName::None};
};

const RecordKinds& recordKinds() {
  static const RecordKinds kinds;
  return kinds;
}

}  // namespace

const std::vector<const RecordKind*>& everyRecordKind() {
  const RecordKinds& k = recordKinds();
  static const std::vector<const RecordKind*> all{
      &k.image,   &k.sr,        &k.key_object,   &k.presentation, &k.waveform,     &k.rt_dose, &k.rt_structure,
      &k.rt_plan, &k.rt_record, &k.encapsulated, &k.registration, &k.fiducial, &k.raw_data};
  return all;
}

const RecordKind& recordKindFor(const std::string& sop_class_uid) {
  const RecordKinds& k = recordKinds();
  const std::string& c = sop_class_uid;
  if (c == UID_KeyObjectSelectionDocumentStorage) return k.key_object;
  if (startsWith(c, "1.2.840.10008.5.1.4.1.1.88.")) return k.sr;
  if (startsWith(c, "1.2.840.10008.5.1.4.1.1.11.")) return k.presentation;
  if (startsWith(c, "1.2.840.10008.5.1.4.1.1.9.")) return k.waveform;
  if (c == UID_RTDoseStorage) return k.rt_dose;
  if (c == UID_RTStructureSetStorage) return k.rt_structure;
  if (c == UID_RTPlanStorage || c == UID_RTIonPlanStorage) return k.rt_plan;
  if (c == UID_RTBeamsTreatmentRecordStorage || c == UID_RTBrachyTreatmentRecordStorage ||
      c == UID_RTTreatmentSummaryRecordStorage || c == UID_RTIonBeamsTreatmentRecordStorage)
    return k.rt_record;
  if (startsWith(c, "1.2.840.10008.5.1.4.1.1.104.")) return k.encapsulated;
  if (c == UID_SpatialRegistrationStorage || c == UID_DeformableSpatialRegistrationStorage) return k.registration;
  if (c == UID_SpatialFiducialsStorage) return k.fiducial;
  if (c == UID_RawDataStorage) return k.raw_data;
  return k.image;
}

bool dicomdirRecordNeedsOnlyInstanceNumber(const std::string& sop_class_uid) {
  const RecordKind& kind = recordKindFor(sop_class_uid);
  return kind.type == ERT_Image && kind.concept_name == ConceptName::None && kind.keys.size() == 1 &&
         kind.keys.front().tag == key(DCM_InstanceNumber);
}

std::vector<std::uint32_t> dicomdirRecordKeyTags(const std::string& sop_class_uid) {
  std::vector<std::uint32_t> tags;
  for (const auto& k : recordKindFor(sop_class_uid).keys) tags.push_back(k.tag);
  return tags;
}

bool dicomdirRecordTakesConceptName(const std::string& sop_class_uid) {
  return recordKindFor(sop_class_uid).concept_name != ConceptName::None;
}

void checkDicomdirEntry(DicomdirEntry& e) {
  const std::pair<const char*, const std::string*> required[] = {
      {"SOPClassUID", &e.sop_class_uid},         {"SOPInstanceUID", &e.sop_instance_uid},
      {"StudyInstanceUID", &e.study_instance_uid}, {"SeriesInstanceUID", &e.series_instance_uid},
      {"TransferSyntaxUID", &e.transfer_syntax_uid}};  // a missing Modality is written as OT
  for (const auto& [name, value] : required) {
    if (value->empty()) {
      e.unlistable_reason = std::string("cannot be listed in a DICOMDIR: required attribute ") + name + " missing";
      return;
    }
  }
}

DicomdirEntry readDicomdirEntry(const fs::path& root, const std::string& relative, const std::string& sop_class_uid) {
  bridge::ensureDcmtkReady();
  DicomdirEntry e;
  e.file = relative;
  // Every key of the PATIENT/STUDY/SERIES/IMAGE records lies below group 0028, so images are
  // parsed only that far; other record types (keys in groups 0040, 0042, 0070, 300A) read on to
  // the pixel data.
  const fs::path path = root / relative;
  const bool known_image = !sop_class_uid.empty() && recordKindFor(sop_class_uid).type == ERT_Image;
  const bool known_other = !sop_class_uid.empty() && !known_image;
  bridge::DicomFile file = bridge::DicomFile::open(path, known_other ? bridge::ReadDepth::Header : bridge::ReadDepth::Keys);
  if (!known_image && !known_other && file.ok() && recordKindFor(rawValue(file.dataset(), DCM_SOPClassUID)).type != ERT_Image)
    file = bridge::DicomFile::open(path, bridge::ReadDepth::Header);
  if (!file.ok()) {
    e.unlistable_reason = "cannot be listed in a DICOMDIR: not a readable DICOM file (" + file.reason() + ")";
    return e;
  }
  DcmMetaInfo& meta = file.meta();
  DcmDataset& d = file.dataset();
  e.transfer_syntax_uid = rawValue(meta, DCM_TransferSyntaxUID);
  e.sop_class_uid = rawValue(d, DCM_SOPClassUID);
  e.sop_instance_uid = rawValue(d, DCM_SOPInstanceUID);
  e.specific_character_set = rawValue(d, DCM_SpecificCharacterSet);
  e.patient_name = rawValue(d, DCM_PatientName);
  e.patient_id = rawValue(d, DCM_PatientID);
  e.study_instance_uid = rawValue(d, DCM_StudyInstanceUID);
  e.study_date = rawValue(d, DCM_StudyDate);
  e.study_time = rawValue(d, DCM_StudyTime);
  e.study_description = rawValue(d, DCM_StudyDescription);
  e.study_id = rawValue(d, DCM_StudyID);
  e.accession_number = rawValue(d, DCM_AccessionNumber);
  e.series_instance_uid = rawValue(d, DCM_SeriesInstanceUID);
  e.modality = rawValue(d, DCM_Modality);
  e.series_number = rawValue(d, DCM_SeriesNumber);
  checkDicomdirEntry(e);
  if (!e.unlistable_reason.empty()) return e;
  const RecordKind& kind = recordKindFor(e.sop_class_uid);
  bridge::RecordKeyValues keys = bridge::readRecordKeys(d, dicomdirRecordKeyTags(e.sop_class_uid));
  e.instance_keys = std::move(keys.keys);
  if (kind.concept_name != ConceptName::None) {
    e.concept_code_value = std::move(keys.concept_code_value);
    e.concept_coding_scheme = std::move(keys.concept_coding_scheme);
    e.concept_code_meaning = std::move(keys.concept_code_meaning);
  }
  return e;
}

}  // namespace imaging
