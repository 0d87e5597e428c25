// The DICOMDIR's records, built as each file's entry arrives. They hang under a root record of
// their own until finish(): DcmDicomDir writes itself when destroyed modified, so it exists only
// while the finished tree is written, and an abandoned export leaves no DICOMDIR behind.
#include "imaging/writer/dicomdir_writer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <initializer_list>
#include <optional>
#include <system_error>
#include <unordered_map>

#include "dicomdir_records.h"
#include "imaging/core/error.h"
#include "imaging/writer/media_layout.h"
#include "imaging/writer/write_failure.h"
#include "imaging_bridge/dcmtk.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

bool isAscii(const std::string& v) {
  return std::all_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

DcmTagKey tagOf(std::uint32_t key) {
  return DcmTagKey(static_cast<Uint16>(key >> 16), static_cast<Uint16>(key & 0xffff));
}

void put(DcmItem& record, const DcmTagKey& tag, const std::string& value) {
  const OFCondition cond = record.putAndInsertOFStringArray(tag, OFString(value.data(), value.size()));
  if (cond.bad()) throw bridge::toError(cond, "DICOMDIR record", ErrorCode::Internal);
}

// Text keys are copied as bytes, so a record whose text is not plain ASCII names the file's
// character set (Type 1C in every record).
void putCharsetIfNeeded(DcmItem& record, const DicomdirEntry& e, std::initializer_list<const std::string*> texts) {
  if (e.specific_character_set.empty()) return;
  for (const std::string* t : texts)
    if (!isAscii(*t)) return put(record, DCM_SpecificCharacterSet, e.specific_character_set);
}

DcmDirectoryRecord* newRecord(DcmDirectoryRecord& parent, E_DirRecType type) {
  auto* record = new DcmDirectoryRecord(type, nullptr, OFFilename());
  const OFCondition cond = parent.insertSub(record);
  if (cond.bad()) {
    delete record;
    throw bridge::toError(cond, "DICOMDIR record", ErrorCode::Internal);
  }
  return record;
}

// The value, or the record's position when a Type 1 number is missing.
std::string orPosition(const std::string& value, std::size_t position) {
  return value.empty() ? std::to_string(position) : value;
}

bool allDigits(const std::string& v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A Type 1 DA key: the file's date when it is one (the old YYYY.MM.DD form without its dots),
// else 19000101 (a dummy that is plainly not a real date; never the clock).
std::string recordDate(std::string v) {
  if (v.size() == 10 && v[4] == '.' && v[7] == '.') v = v.substr(0, 4) + v.substr(5, 2) + v.substr(8, 2);
  if (v.size() == 8 && allDigits(v) && v.compare(4, 2, "01") >= 0 && v.compare(4, 2, "12") <= 0 &&
      v.compare(6, 2, "01") >= 0 && v.compare(6, 2, "31") <= 0)
    return v;
  return "19000101";
}

// A Type 1 TM key: the file's time (ACR-NEMA's HH:MM:SS without its colons), else 000000.
std::string recordTime(std::string v) {
  v.erase(std::remove(v.begin(), v.end(), ':'), v.end());
  const std::size_t dot = v.find('.');
  const std::string whole = v.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? std::string() : v.substr(dot + 1);
  const bool ok = (whole.size() == 2 || whole.size() == 4 || whole.size() == 6) && allDigits(whole) &&
                  whole.compare(0, 2, "24") < 0 && (whole.size() < 4 || whole.compare(2, 2, "60") < 0) &&
                  (whole.size() < 6 || whole.compare(4, 2, "61") < 0) &&
                  (dot == std::string::npos || (whole.size() == 6 && fraction.size() <= 6 && allDigits(fraction)));
  return ok ? v : "000000";
}

// A Type 1 DT key: a date and time from the file, else 19000101000000.
std::string recordDateTime(const std::string& v) {
  if (v.size() >= 8 && recordDate(v.substr(0, 8)) == v.substr(0, 8)) return v;
  return "19000101000000";
}

// A valid value for a Type 1 instance key the file lacks (or has empty).
std::string dummyKey(const DcmTagKey& tag, std::size_t position) {
  if (tag == DCM_InstanceNumber) return std::to_string(position);
  if (tag == DCM_CompletionFlag) return "PARTIAL";
  if (tag == DCM_VerificationFlag) return "UNVERIFIED";
  if (tag == DCM_MIMETypeOfEncapsulatedDocument) return "application/octet-stream";
  switch (DcmTag(tag).getEVR()) {
    case EVR_DA: return "19000101";
    case EVR_TM: return "000000";
    case EVR_DT: return "19000101000000";
    case EVR_IS: return std::to_string(position);
    default: return "UNKNOWN";
  }
}

// Records owned by the DcmDicomDir tree; the maps only find them again (by key per level).
struct SeriesNode {
  DcmDirectoryRecord* record = nullptr;
  std::size_t instances = 0;
};
struct StudyNode {
  DcmDirectoryRecord* record = nullptr;
  std::unordered_map<std::string, SeriesNode> series;
};
struct PatientNode {
  DcmDirectoryRecord* record = nullptr;
  std::unordered_map<std::string, StudyNode> studies;
};

void addPatient(DcmDirectoryRecord& record, const DicomdirEntry& e, std::size_t position) {
  put(record, DCM_PatientName, e.patient_name);
  put(record, DCM_PatientID, e.patient_id.empty() ? "PATIENT" + std::to_string(position) : e.patient_id);
  putCharsetIfNeeded(record, e, {&e.patient_name, &e.patient_id});
}

void addStudy(DcmDirectoryRecord& record, const DicomdirEntry& e, std::size_t position) {
  // Type 1: a dummy where the file has no valid value, never one invented from the clock.
  put(record, DCM_StudyDate, recordDate(e.study_date));
  put(record, DCM_StudyTime, recordTime(e.study_time));
  put(record, DCM_StudyDescription, e.study_description);
  put(record, DCM_StudyInstanceUID, e.study_instance_uid);
  put(record, DCM_StudyID, orPosition(e.study_id, position));
  put(record, DCM_AccessionNumber, e.accession_number);
  putCharsetIfNeeded(record, e, {&e.study_description, &e.study_id, &e.accession_number});
}

void addSeries(DcmDirectoryRecord& record, const DicomdirEntry& e, std::size_t position) {
  put(record, DCM_Modality, e.modality.empty() ? "OT" : e.modality);  // Type 1; OT = other
  put(record, DCM_SeriesInstanceUID, e.series_instance_uid);
  put(record, DCM_SeriesNumber, orPosition(e.series_number, position));
}

// The dictionary VR of each instance key, looked up once per DICOMDIR rather than once per record.
class KeyVrs {
 public:
  DcmEVR operator()(std::uint32_t tag) {
    auto found = vrs_.find(tag);
    if (found == vrs_.end()) found = vrs_.emplace(tag, DcmTag(tagOf(tag)).getEVR()).first;
    return found->second;
  }

 private:
  std::unordered_map<std::uint32_t, DcmEVR> vrs_;
};

void addInstance(DcmDirectoryRecord& record, const RecordKind& kind, const DicomdirEntry& e, std::size_t position,
                 KeyVrs& key_vrs) {
  std::string file_id = e.file;
  std::replace(file_id.begin(), file_id.end(), '/', '\\');
  put(record, DCM_ReferencedFileID, file_id);
  put(record, DCM_ReferencedSOPClassUIDInFile, e.sop_class_uid);
  put(record, DCM_ReferencedSOPInstanceUIDInFile, e.sop_instance_uid);
  put(record, DCM_ReferencedTransferSyntaxUIDInFile, e.transfer_syntax_uid);
  std::vector<const std::string*> texts;
  for (const RecordKey& k : kind.keys) {
    auto found = std::find_if(e.instance_keys.begin(), e.instance_keys.end(), [&](const auto& kv) { return kv.first == k.tag; });
    const bool has_value = found != e.instance_keys.end() && !found->second.empty();
    const DcmEVR vr = key_vrs(k.tag);
    if (has_value && k.type == 1 && (vr == EVR_DA || vr == EVR_TM || vr == EVR_DT)) {
      put(record, tagOf(k.tag), vr == EVR_DA   ? recordDate(found->second)
                                : vr == EVR_TM ? recordTime(found->second)
                                               : recordDateTime(found->second));
    } else if (has_value || (found != e.instance_keys.end() && k.type == 2)) {
      put(record, tagOf(k.tag), found->second);
      texts.push_back(&found->second);
    } else if (k.type == 1) {
      put(record, tagOf(k.tag), dummyKey(tagOf(k.tag), position));
    } else if (k.type == 2) {
      put(record, tagOf(k.tag), std::string());
    }
  }
  // SR DOCUMENT: Verification DateTime is Type 1C, required when the document is VERIFIED.
  if (kind.type == ERT_SRDocument && !record.tagExists(DCM_VerificationDateTime)) {
    OFString flag;
    if (record.findAndGetOFString(DCM_VerificationFlag, flag).good() && flag == "VERIFIED")
      put(record, DCM_VerificationDateTime, "19000101000000");
  }
  if (kind.concept_name != ConceptName::None) {
    DcmSequenceOfItems* seq = new DcmSequenceOfItems(DCM_ConceptNameCodeSequence);
    record.insert(seq, OFTrue);
    if (!e.concept_code_value.empty() || kind.concept_name == ConceptName::Type1) {
      auto* code = new DcmItem();
      seq->insert(code);
      put(*code, DCM_CodeValue, e.concept_code_value);
      put(*code, DCM_CodingSchemeDesignator, e.concept_coding_scheme);
      put(*code, DCM_CodeMeaning, e.concept_code_meaning);
      texts.push_back(&e.concept_code_meaning);
    }
  }
  if (!e.specific_character_set.empty() &&
      std::any_of(texts.begin(), texts.end(), [](const std::string* t) { return !isAscii(*t); }))
    put(record, DCM_SpecificCharacterSet, e.specific_character_set);
}


// "2.25." + decimal of the first 128 bits of SHA-256 over the listed instances (each one's file,
// 0x1f, SOP Instance UID, NUL, in order): deterministic for the same content, unrelated to any
// source UID. Fed one file at a time, so the joined text is never held.
class FilesetUid {
 public:
  FilesetUid() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1)
      throw Error(ErrorCode::Internal, "SHA-256 failed");
  }
  ~FilesetUid() { EVP_MD_CTX_free(context_); }
  FilesetUid(const FilesetUid&) = delete;
  FilesetUid& operator=(const FilesetUid&) = delete;

  void add(const std::string& file, const std::string& sop_instance_uid) {
    static const char kUnitSeparator = '\x1f', kEnd = '\0';
    if (EVP_DigestUpdate(context_, file.data(), file.size()) != 1 ||
        EVP_DigestUpdate(context_, &kUnitSeparator, 1) != 1 ||
        EVP_DigestUpdate(context_, sop_instance_uid.data(), sop_instance_uid.size()) != 1 ||
        EVP_DigestUpdate(context_, &kEnd, 1) != 1)
      throw Error(ErrorCode::Internal, "SHA-256 failed");
  }

  std::string uid() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_, digest, &length) != 1 || length < 16) throw Error(ErrorCode::Internal, "SHA-256 failed");
    // 128-bit value to decimal by repeated division.
    std::vector<unsigned> n(digest, digest + 16);
    std::string decimal;
    while (std::any_of(n.begin(), n.end(), [](unsigned b) { return b != 0; })) {
      unsigned rem = 0;
      for (auto& byte : n) {
        const unsigned cur = rem * 256 + byte;
        byte = cur / 10;
        rem = cur % 10;
      }
      decimal.insert(decimal.begin(), static_cast<char>('0' + rem));
    }
    return "2.25." + (decimal.empty() ? std::string("0") : decimal);
  }

 private:
  EVP_MD_CTX* context_;
};

}  // namespace

struct DicomdirWriter::Impl {
  fs::path root;
  UnlistablePolicy policy;
  std::size_t added = 0;
  std::string last_file;
  std::vector<UnlistableFile> rejected;
  // Patient records and below; handed to the DcmDicomDir's root record by finish().
  DcmDirectoryRecord top{ERT_root, nullptr, OFFilename()};
  std::unordered_map<std::string, PatientNode> patients;
  std::size_t listed = 0;
  FilesetUid fileset_uid;
  KeyVrs key_vrs;
};

DicomdirWriter::DicomdirWriter(fs::path root, UnlistablePolicy policy) {
  bridge::ensureDcmtkReady();
  impl_ = std::make_unique<Impl>();
  impl_->root = std::move(root);
  impl_->policy = policy;
}

DicomdirWriter::~DicomdirWriter() = default;

std::size_t DicomdirWriter::added() const noexcept { return impl_->added; }

void DicomdirWriter::add(const DicomdirEntry& e) {
  Impl& d = *impl_;
  if (d.added > 0 && !(d.last_file < e.file))
    throw Error(ErrorCode::Internal, "DICOMDIR entries out of file order", e.file);
  d.last_file = e.file;
  ++d.added;
  if (!e.unlistable_reason.empty()) {
    if (d.policy == UnlistablePolicy::Throw) throw Error(ErrorCode::Unsupported, e.unlistable_reason, e.file);
    std::error_code rm;
    fs::remove(d.root / e.file, rm);
    d.rejected.push_back({e.file, e.unlistable_reason});
    return;
  }
  auto [p, new_patient] = d.patients.try_emplace(e.patient_id + '\0' + e.patient_name);
  if (new_patient) {
    p->second.record = newRecord(d.top, ERT_Patient);
    addPatient(*p->second.record, e, d.patients.size());
  }
  auto [st, new_study] = p->second.studies.try_emplace(e.study_instance_uid);
  if (new_study) {
    st->second.record = newRecord(*p->second.record, ERT_Study);
    addStudy(*st->second.record, e, p->second.studies.size());
  }
  auto [se, new_series] = st->second.series.try_emplace(e.series_instance_uid);
  if (new_series) {
    se->second.record = newRecord(*st->second.record, ERT_Series);
    addSeries(*se->second.record, e, st->second.series.size());
  }
  const RecordKind& kind = recordKindFor(e.sop_class_uid);
  addInstance(*newRecord(*se->second.record, kind.type), kind, e, ++se->second.instances, d.key_vrs);
  d.fileset_uid.add(e.file, e.sop_instance_uid);
  ++d.listed;
}

std::vector<UnlistableFile> DicomdirWriter::finish() {
  Impl& d = *impl_;
  if (d.added == 0) throw Error(ErrorCode::InvalidArgument, "no files to list in a DICOMDIR", d.root.string());
  // Named by the first file and its reason: root may be a hidden staging folder the user never sees.
  if (d.listed == 0)
    throw Error(ErrorCode::Unsupported,
                "no file could be listed in a DICOMDIR (" + std::to_string(d.rejected.size()) +
                    " file(s); first: " + d.rejected.front().reason + ")",
                d.rejected.front().file);
  const fs::path dicomdir = d.root / kMediaDicomdirName;
  std::error_code ec;
  fs::remove(dicomdir, ec);  // DcmDicomDir would load an existing one
  // DCMTK's file stream reports a short write as success or as a generic condition; the errno it
  // leaves (or a probe) tells a full disk, which must be said as such.
  int write_errno = 0;
  {
    DcmDicomDir dir(OFFilename(dicomdir.c_str()), "SCANSHARE");
    if (dir.error().bad()) throw bridge::toError(dir.error(), dicomdir.string(), ErrorCode::Io);
    DcmDirectoryRecord& top = dir.getRootRecord();
    while (d.top.cardSub() > 0) {
      DcmDirectoryRecord* patient = d.top.removeSub(0UL);
      const OFCondition moved = top.insertSub(patient);
      if (moved.bad()) {
        delete patient;
        throw bridge::toError(moved, "DICOMDIR record", ErrorCode::Internal);
      }
    }
    d.patients.clear();
    // A UID derived from the content (not DCMTK's random one) keeps two runs byte-identical.
    DcmMetaInfo* meta = dir.getDirFileFormat().getMetaInfo();
    const OFCondition cond = meta->putAndInsertString(DCM_MediaStorageSOPInstanceUID, d.fileset_uid.uid().c_str());
    if (cond.bad()) throw bridge::toError(cond, dicomdir.string(), ErrorCode::Internal);
    errno = 0;
    const OFCondition wcond = dir.write();
    write_errno = errno;
    if (wcond.bad()) {
      const std::string no_room = noRoomReason(d.root, write_errno);
      if (!no_room.empty()) throw Error(ErrorCode::Io, "cannot write the DICOMDIR: " + no_room, dicomdir.string());
      throw bridge::toError(wcond, dicomdir.string(), ErrorCode::Io);
    }
  }
  const DicomdirCheck check = checkDicomdir(d.root);
  if (!check.readable) {
    const std::string no_room = noRoomReason(d.root, write_errno);
    if (!no_room.empty()) throw Error(ErrorCode::Io, "cannot write the DICOMDIR: " + no_room, dicomdir.string());
    throw Error(ErrorCode::Io, "the DICOMDIR just written cannot be read back", dicomdir.string());
  }
  if (!check.unlisted_files.empty())
    throw Error(ErrorCode::Internal, "the DICOMDIR does not list " + std::to_string(check.unlisted_files.size()) + " written file(s)",
                check.unlisted_files.front());
  if (!check.missing_files.empty())
    throw Error(ErrorCode::Internal, "the DICOMDIR lists a file that does not exist", check.missing_files.front());
  return std::move(d.rejected);
}

}  // namespace imaging
