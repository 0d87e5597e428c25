// The DICOMDIR's records, encoded as each file's entry arrives (dicomdir_record_bytes.h) and laid
// out by finish(): records in DCMTK's order (each patient, then its studies, each study's series,
// each series' instances, in the order first met), with the offsets DcmDicomDir would compute, so
// the file is the one DcmDicomDir writes for the same records, byte for byte. Nothing is written
// until finish(); an abandoned export leaves no DICOMDIR behind.
#include "imaging/writer/dicomdir_writer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "dicomdir_record_bytes.h"
#include "dicomdir_record_store.h"
#include "dicomdir_records.h"
#include "dicomdir_standard.h"
#include "finished_patient_index.h"
#include "imaging/core/error.h"
#include "imaging/core/spill.h"
#include "imaging/model/record_codec.h"
#include "imaging/writer/media_layout.h"
#include "imaging/writer/write_failure.h"
#include "imaging_bridge/explicit_writer.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

bool isAscii(const std::string& v) {
  return std::all_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

DcmTagKey tagOf(std::uint32_t key) {
  return DcmTagKey(static_cast<Uint16>(key >> 16), static_cast<Uint16>(key & 0xffff));
}

std::uint32_t keyOf(const DcmTagKey& tag) { return static_cast<std::uint32_t>(tag.getGroup()) << 16 | tag.getElement(); }

void put(RecordBytes& record, const DcmTagKey& tag, const std::string& value) { record.put(keyOf(tag), value); }

// Text keys are copied as bytes, so a record whose text is not plain ASCII names the file's
// character set (Type 1C in every record).
void putCharsetIfNeeded(RecordBytes& record, const DicomdirEntry& e, std::initializer_list<const std::string*> texts) {
  if (e.specific_character_set.empty()) return;
  for (const std::string* t : texts)
    if (!isAscii(*t)) return put(record, DCM_SpecificCharacterSet, e.specific_character_set);
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
  const std::string_view vr = recordAttributeVr(keyOf(tag));
  if (vr == "DA") return "19000101";
  if (vr == "TM") return "000000";
  if (vr == "DT") return "19000101000000";
  if (vr == "IS") return std::to_string(position);
  return "UNKNOWN";
}

// What DcmItem::findAndGetOFString gives for a code string: its first value without the
// spaces around it.
std::string firstValueTrimmed(const std::string& value) {
  std::string first = value.substr(0, value.find('\\'));
  const std::size_t begin = first.find_first_not_of(' ');
  if (begin == std::string::npos) return std::string();
  return first.substr(begin, first.find_last_not_of(' ') - begin + 1);
}

// Each level's node, found again by its key: its position among its siblings (from 1), the bytes
// of its record and every record below it, and its children.
struct SeriesNode {
  std::uint32_t position = 0;
  std::uint64_t bytes = 0;
  std::uint32_t instances = 0;
};
struct StudyNode {
  std::uint32_t position = 0;
  std::uint64_t bytes = 0;
  std::unordered_map<std::string, SeriesNode> series;
};
struct PatientNode {
  std::uint32_t position = 0;
  std::uint64_t bytes = 0;
  std::unordered_map<std::string, StudyNode> studies;
};

// A finished patient's node, written out so that only the current patient's stays in memory.
void encodePatientNode(const std::string& key, const PatientNode& node, std::string& out) {
  codec::putText(key, out);
  codec::putVarint(node.position, out);
  codec::putVarint(node.bytes, out);
  codec::putVarint(node.studies.size(), out);
  for (const auto& [study_uid, study] : node.studies) {
    codec::putText(study_uid, out);
    codec::putVarint(study.position, out);
    codec::putVarint(study.bytes, out);
    codec::putVarint(study.series.size(), out);
    for (const auto& [series_uid, series] : study.series) {
      codec::putText(series_uid, out);
      codec::putVarint(series.position, out);
      codec::putVarint(series.bytes, out);
      codec::putVarint(series.instances, out);
    }
  }
}

std::uint32_t getPosition(std::string_view& in) { return static_cast<std::uint32_t>(codec::getVarint(in)); }

PatientNode decodePatientNode(std::string_view in, std::string& key) {
  PatientNode node;
  key = codec::getText(in);
  node.position = getPosition(in);
  node.bytes = codec::getVarint(in);
  for (std::uint64_t st = codec::getVarint(in); st > 0; --st) {
    StudyNode& study = node.studies[codec::getText(in)];
    study.position = getPosition(in);
    study.bytes = codec::getVarint(in);
    for (std::uint64_t se = codec::getVarint(in); se > 0; --se) {
      SeriesNode& series = study.series[codec::getText(in)];
      series.position = getPosition(in);
      series.bytes = codec::getVarint(in);
      series.instances = getPosition(in);
    }
  }
  return node;
}

// What a patient's records head, for the layout (the last description given counts).
void describePatient(DicomdirRecordStore& records, const PatientNode& patient) {
  records.describe({patient.position}, patient.bytes, static_cast<std::uint32_t>(patient.studies.size()));
  for (const auto& [study_uid, study] : patient.studies) {
    records.describe({patient.position, study.position}, study.bytes, static_cast<std::uint32_t>(study.series.size()));
    for (const auto& [series_uid, series] : study.series)
      records.describe({patient.position, study.position, series.position}, series.bytes, series.instances);
  }
}

void addPatient(RecordBytes& record, const DicomdirEntry& e, std::size_t position) {
  put(record, DCM_PatientName, e.patient_name);
  put(record, DCM_PatientID, e.patient_id.empty() ? "PATIENT" + std::to_string(position) : e.patient_id);
  putCharsetIfNeeded(record, e, {&e.patient_name, &e.patient_id});
}

void addStudy(RecordBytes& record, const DicomdirEntry& e, std::size_t position) {
  // Type 1: a dummy where the file has no valid value, never one invented from the clock.
  put(record, DCM_StudyDate, recordDate(e.study_date));
  put(record, DCM_StudyTime, recordTime(e.study_time));
  put(record, DCM_StudyDescription, e.study_description);
  put(record, DCM_StudyInstanceUID, e.study_instance_uid);
  put(record, DCM_StudyID, orPosition(e.study_id, position));
  put(record, DCM_AccessionNumber, e.accession_number);
  putCharsetIfNeeded(record, e, {&e.study_description, &e.study_id, &e.accession_number});
}

void addSeries(RecordBytes& record, const DicomdirEntry& e, std::size_t position) {
  put(record, DCM_Modality, e.modality.empty() ? "OT" : e.modality);  // Type 1; OT = other
  put(record, DCM_SeriesInstanceUID, e.series_instance_uid);
  put(record, DCM_SeriesNumber, orPosition(e.series_number, position));
}

void addInstance(RecordBytes& record, const RecordKind& kind, const DicomdirEntry& e, std::size_t position) {
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
    const std::string_view vr = recordAttributeVr(k.tag);
    if (has_value && k.type == 1 && (vr == "DA" || vr == "TM" || vr == "DT")) {
      put(record, tagOf(k.tag), vr == "DA"   ? recordDate(found->second)
                                : vr == "TM" ? recordTime(found->second)
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
  if (kind.type == ERT_SRDocument && !record.has(keyOf(DCM_VerificationDateTime))) {
    const std::string* flag = record.value(keyOf(DCM_VerificationFlag));
    if (flag != nullptr && firstValueTrimmed(*flag) == "VERIFIED") put(record, DCM_VerificationDateTime, "19000101000000");
  }
  if (kind.concept_name != ConceptName::None) {
    const bool with_item = !e.concept_code_value.empty() || kind.concept_name == ConceptName::Type1;
    record.putConceptName(with_item, e.concept_code_value, e.concept_coding_scheme, e.concept_code_meaning);
    if (with_item) texts.push_back(&e.concept_code_meaning);
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
  std::optional<DicomdirRecordStore> records;  // encoded records, sorted into the file's order
  // Entries come in file order, and a patient's files mostly lie together (one P folder): only the
  // current patient's node stays in memory; the others are spilled (encrypted, unlinked), found
  // again by a hash of their key when a later P folder holds the same written patient, so that
  // memory does not grow with an archive's patients.
  std::string patient_key;
  std::optional<PatientNode> patient;
  std::optional<SpillFile> finished_spill;
  std::optional<FinishedPatientIndex> finished;  // hash of key -> where its node was spilled, on disk
  std::uint32_t patient_count = 0;

  std::size_t addRecord(const TreePlace& place, const RecordBytes& record) {
    const std::string bytes = record.encode();
    records->add(place, bytes);
    return bytes.size();
  }

  // The spilled node of this key, if there is one: the last spilled (a node met again is spilled
  // again when its patient ends, so earlier copies are out of date).
  std::optional<PatientNode> takeFinished(const std::string& key) {
    if (!finished || finished->size() == 0) return std::nullopt;
    std::vector<std::uint64_t> offsets;
    finished->find(std::hash<std::string>()(key), offsets);
    for (auto it = offsets.rbegin(); it != offsets.rend(); ++it) {
      SpillFile::Reader reader = finished_spill->reader(*it);
      std::string bytes, spilled_key;
      if (!reader.next(bytes)) throw Error(ErrorCode::Internal, "a spilled DICOMDIR patient is missing", root.string());
      PatientNode node = decodePatientNode(bytes, spilled_key);
      if (spilled_key == key) return node;
    }
    return std::nullopt;
  }
  void finishPatient() {
    if (!patient) return;
    describePatient(*records, *patient);
    if (!finished_spill) finished_spill.emplace(root, std::size_t{64} << 10);
    if (!finished) finished.emplace(root);
    std::string bytes;
    encodePatientNode(patient_key, *patient, bytes);
    finished->add(std::hash<std::string>()(patient_key), finished_spill->append(bytes));
    patient.reset();
  }
  std::size_t listed = 0;
  FilesetUid fileset_uid;
};

// Needs nothing of DCMTK's data dictionary (dicomdir_standard.h): an export of plain files loads
// none (docs/architecture.md, "The DICOM dictionary").
DicomdirWriter::DicomdirWriter(fs::path root, UnlistablePolicy policy) {
  impl_ = std::make_unique<Impl>();
  impl_->root = std::move(root);
  impl_->policy = policy;
  impl_->records.emplace(impl_->root);
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
  std::string key = e.patient_id + '\0' + e.patient_name;
  if (!d.patient || key != d.patient_key) {
    d.finishPatient();
    d.patient = d.takeFinished(key);
    d.patient_key = std::move(key);
    if (!d.patient) {  // a patient not met before
      d.patient.emplace();
      d.patient->position = ++d.patient_count;
      RecordBytes record(directoryRecordTypeName(ERT_Patient));
      addPatient(record, e, d.patient->position);
      d.patient->bytes += d.addRecord({d.patient->position}, record);
    }
  }
  PatientNode& patient = *d.patient;
  auto [st, new_study] = patient.studies.try_emplace(e.study_instance_uid);
  StudyNode& study = st->second;
  if (new_study) {
    study.position = static_cast<std::uint32_t>(patient.studies.size());
    RecordBytes record(directoryRecordTypeName(ERT_Study));
    addStudy(record, e, study.position);
    const std::size_t size = d.addRecord({patient.position, study.position}, record);
    study.bytes += size;
    patient.bytes += size;
  }
  auto [se, new_series] = study.series.try_emplace(e.series_instance_uid);
  SeriesNode& series = se->second;
  if (new_series) {
    series.position = static_cast<std::uint32_t>(study.series.size());
    RecordBytes record(directoryRecordTypeName(ERT_Series));
    addSeries(record, e, series.position);
    const std::size_t size = d.addRecord({patient.position, study.position, series.position}, record);
    series.bytes += size;
    study.bytes += size;
    patient.bytes += size;
  }
  const RecordKind& kind = recordKindFor(e.sop_class_uid);
  RecordBytes record(directoryRecordTypeName(kind.type));
  addInstance(record, kind, e, ++series.instances);
  const std::size_t size = d.addRecord({patient.position, study.position, series.position, series.instances}, record);
  series.bytes += size;
  study.bytes += size;
  patient.bytes += size;
  d.fileset_uid.add(e.file, e.sop_instance_uid);
  ++d.listed;
}

namespace {

// Preamble, file meta information and the data set up to the records, as DcmDicomDir writes them.
std::string fileHead(const std::string& fileset_uid, std::uint32_t first_root, std::uint32_t last_root) {
  std::string head = bridge::part10Header(UID_MediaStorageDirectoryStorage, fileset_uid, UID_LittleEndianExplicitTransferSyntax);
  bridge::ExplicitLittleEndianWriter w(head);
  appendTextElement(head, 0x00041130, "CS", "SCANSHARE");
  w.unsignedLong(0x00041200, first_root);
  w.unsignedLong(0x00041202, last_root);
  w.unsignedShort(0x00041212, 0);
  w.beginSequence(0x00041220, true);
  return head;
}

// fwrite that keeps the errno of a failed write for the no-room check.
bool writeAll(std::FILE* file, const std::string& bytes, int& write_errno) {
  errno = 0;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size()) return true;
  write_errno = errno;
  return false;
}

}  // namespace

std::vector<UnlistableFile> DicomdirWriter::finish() {
  std::vector<UnlistableFile> removed = write();
  check();
  return removed;
}

std::vector<UnlistableFile> DicomdirWriter::write() {
  Impl& d = *impl_;
  if (d.added == 0) throw Error(ErrorCode::InvalidArgument, "no files to list in a DICOMDIR", d.root.string());
  // Named by the first file and its reason: root may be a hidden staging folder the user never sees.
  if (d.listed == 0)
    throw Error(ErrorCode::Unsupported,
                "no file could be listed in a DICOMDIR (" + std::to_string(d.rejected.size()) +
                    " file(s); first: " + d.rejected.front().reason + ")",
                d.rejected.front().file);
  if (d.patient) describePatient(*d.records, *d.patient);
  d.patient.reset();
  d.finished.reset();
  d.finished_spill.reset();
  const fs::path dicomdir = d.root / kMediaDicomdirName;

  // The head's size (its offsets have a fixed length), then the records in file order.
  const std::string fileset_uid = d.fileset_uid.uid();
  const std::size_t head_size = fileHead(fileset_uid, 0, 0).size();
  const std::uint64_t last_root = d.records->lastRootOffset(head_size);
  if (last_root > 0xFFFFFFFFu) throw Error(ErrorCode::Unsupported, "the DICOMDIR would exceed 4 GiB", dicomdir.string());

  // A full disk must read as such: the errno of the failed write, or a probe, tells it.
  int write_errno = 0;
  const auto failed = [&]() -> Error {
    const std::string no_room = noRoomReason(d.root, write_errno);
    if (!no_room.empty()) return Error(ErrorCode::Io, "cannot write the DICOMDIR: " + no_room, dicomdir.string());
    return Error(ErrorCode::Io, std::string("cannot write the DICOMDIR: ") + std::strerror(write_errno != 0 ? write_errno : EIO),
                 dicomdir.string());
  };
  std::error_code ec;
  fs::remove(dicomdir, ec);
  std::FILE* file = std::fopen(dicomdir.c_str(), "wb");
  if (file == nullptr) {
    write_errno = errno;
    throw failed();
  }
  bool ok = writeAll(file,
                     fileHead(fileset_uid, static_cast<std::uint32_t>(d.records->firstRootOffset(head_size)),
                              static_cast<std::uint32_t>(last_root)),
                     write_errno);
  try {
    d.records->layOut(head_size, [&](const std::string& bytes) {
      if (ok) ok = writeAll(file, bytes, write_errno);
    });
  } catch (...) {
    std::fclose(file);
    throw;
  }
  if (ok) {
    std::string end;
    bridge::ExplicitLittleEndianWriter(end).endSequence(0, true);
    ok = writeAll(file, end, write_errno);
  }
  errno = 0;
  if (std::fclose(file) != 0 && ok) {
    write_errno = errno;
    ok = false;
  }
  if (!ok) throw failed();
  d.records.reset();
  return std::move(d.rejected);
}

void DicomdirWriter::check() const {
  const fs::path& root = impl_->root;
  const fs::path dicomdir = root / kMediaDicomdirName;
  // Its lists spill beside the staging folder (the output's parent), never inside what is listed.
  const DicomdirCheck check = checkDicomdir(root, root.parent_path());
  if (!check.readable) {
    const std::string no_room = noRoomReason(root, 0);
    if (!no_room.empty()) throw Error(ErrorCode::Io, "cannot write the DICOMDIR: " + no_room, dicomdir.string());
    throw Error(ErrorCode::Io, "the DICOMDIR just written cannot be read back", dicomdir.string());
  }
  if (!check.unlisted_files.empty())
    throw Error(ErrorCode::Internal, "the DICOMDIR does not list " + std::to_string(check.unlisted_files.size()) + " written file(s)",
                check.unlisted_files.front());
  if (!check.missing_files.empty())
    throw Error(ErrorCode::Internal, "the DICOMDIR lists a file that does not exist", check.missing_files.front());
  if (!check.tree_problem.empty())
    throw Error(ErrorCode::Internal, "the DICOMDIR's records do not form one tree: " + check.tree_problem, dicomdir.string());
}

}  // namespace imaging
