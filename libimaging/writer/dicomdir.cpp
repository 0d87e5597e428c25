#include "imaging/writer/dicomdir.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <openssl/evp.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cerrno>
#include <future>
#include <initializer_list>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include "dicomdir_records.h"
#include "imaging/core/error.h"
#include "imaging/core/path_under.h"
#include "imaging/writer/media_layout.h"
#include "imaging/writer/write_failure.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/explicit_writer.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

std::vector<std::string> filesUnder(const fs::path& root) {
  std::vector<std::string> files;
  std::error_code ec;
  const PathUnder under_root(root);
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec)) continue;
    std::optional<std::string> below = under_root(it->path());
    std::string rel = below ? std::move(*below) : it->path().lexically_relative(root).generic_string();
    if (rel != kMediaDicomdirName) files.push_back(std::move(rel));
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "2.25." + decimal of the first 128 bits of SHA-256 over the listed instances (each one's file and
// SOP Instance UID, see writeDicomdir): deterministic for the same content, unrelated to any source UID.
std::string filesetUid(const std::string& joined) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(joined.data(), joined.size(), digest, &length, EVP_sha256(), nullptr) != 1 || length < 16)
    throw Error(ErrorCode::Internal, "SHA-256 failed");
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

// Every directory record that references a file, in the order written: (file id, SOP instance UID).
bool readRecords(const fs::path& dicomdir, std::vector<std::pair<std::string, std::string>>& records) {
  bridge::DicomFile file = bridge::DicomFile::open(dicomdir, bridge::ReadDepth::LazyValues);
  if (!file.ok()) return false;
  DcmSequenceOfItems* seq = nullptr;
  if (file.dataset().findAndGetSequence(DCM_DirectoryRecordSequence, seq).bad() || seq == nullptr) return false;
  // Items in order, each found from the one before (getItem(i) would walk the list from its start).
  for (DcmObject* next = seq->nextInContainer(nullptr); next != nullptr; next = seq->nextInContainer(next)) {
    auto* item = static_cast<DcmItem*>(next);
    OFString id;
    if (item->findAndGetOFStringArray(DCM_ReferencedFileID, id).bad() || id.empty()) continue;
    std::string rel(id.c_str());
    std::replace(rel.begin(), rel.end(), '\\', '/');
    records.emplace_back(rel, bridge::getString(*item, DCM_ReferencedSOPInstanceUIDInFile));
  }
  return true;
}

}  // namespace

namespace {

bool isAscii(const std::string& v) {
  return std::all_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

DcmTagKey tagOf(std::uint32_t key) {
  return DcmTagKey(static_cast<Uint16>(key >> 16), static_cast<Uint16>(key & 0xffff));
}

// One directory record before it is written: its type, its keys (string values, in the order put;
// a second put of a tag replaces the first, as DCMTK's putAndInsert does), an optional Concept Name
// Code Sequence, and its lower-level records.
struct DirRecord {
  E_DirRecType type = ERT_Patient;
  const char* type_name = "PATIENT";
  std::vector<std::pair<std::uint32_t, std::string>> keys;
  bool concept_sequence = false;  // ConceptNameCodeSequence present
  bool concept_item = false;      // with one item holding the three code strings
  std::string code_value, coding_scheme, code_meaning;
  std::vector<std::size_t> children;  // indexes into the record list

  void put(const DcmTagKey& tag, const std::string& value) {
    const std::uint32_t t = (std::uint32_t{tag.getGroup()} << 16) | tag.getElement();
    for (auto& kv : keys)
      if (kv.first == t) {
        kv.second = value;
        return;
      }
    keys.emplace_back(t, value);
  }
  const std::string* find(const DcmTagKey& tag) const {
    const std::uint32_t t = (std::uint32_t{tag.getGroup()} << 16) | tag.getElement();
    for (const auto& kv : keys)
      if (kv.first == t) return &kv.second;
    return nullptr;
  }
};

struct DirTree {
  std::vector<DirRecord> records;
  std::vector<std::size_t> roots;  // patient records, in order

  std::size_t add(std::size_t parent_or_npos, E_DirRecType type, const char* name) {
    records.emplace_back();
    records.back().type = type;
    records.back().type_name = name;
    const std::size_t index = records.size() - 1;
    if (parent_or_npos == std::string::npos) roots.push_back(index);
    else records[parent_or_npos].children.push_back(index);
    return index;
  }
};

constexpr std::size_t kRoot = std::string::npos;

// Text keys are copied as bytes, so a record whose text is not plain ASCII names the file's
// character set (Type 1C in every record).
void putCharsetIfNeeded(DirRecord& record, const DicomdirEntry& e, std::initializer_list<const std::string*> texts) {
  if (e.specific_character_set.empty()) return;
  for (const std::string* t : texts)
    if (!isAscii(*t)) return record.put(DCM_SpecificCharacterSet, e.specific_character_set);
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

// The dictionary VR of each key, looked up once per DICOMDIR rather than once per record.
class KeyVrs {
 public:
  DcmEVR operator()(std::uint32_t tag) { return entry(tag).evr; }
  const char* name(std::uint32_t tag) { return entry(tag).name; }

 private:
  struct Vr {
    DcmEVR evr;
    const char* name;
  };
  const Vr& entry(std::uint32_t tag) {
    auto found = vrs_.find(tag);
    if (found == vrs_.end()) {
      const DcmVR vr = DcmTag(tagOf(tag)).getVR();
      found = vrs_.emplace(tag, Vr{vr.getEVR(), vr.getValidVRName()}).first;
    }
    return found->second;
  }
  std::unordered_map<std::uint32_t, Vr> vrs_;
};

// A valid value for a Type 1 instance key the file lacks (or has empty).
std::string dummyKey(const DcmTagKey& tag, std::size_t position, KeyVrs& key_vrs) {
  if (tag == DCM_InstanceNumber) return std::to_string(position);
  if (tag == DCM_CompletionFlag) return "PARTIAL";
  if (tag == DCM_VerificationFlag) return "UNVERIFIED";
  if (tag == DCM_MIMETypeOfEncapsulatedDocument) return "application/octet-stream";
  switch (key_vrs((std::uint32_t{tag.getGroup()} << 16) | tag.getElement())) {
    case EVR_DA: return "19000101";
    case EVR_TM: return "000000";
    case EVR_DT: return "19000101000000";
    case EVR_IS: return std::to_string(position);
    default: return "UNKNOWN";
  }
}

void addPatient(DirRecord& record, const DicomdirEntry& e, std::size_t position) {
  record.put(DCM_PatientName, e.patient_name);
  record.put(DCM_PatientID, e.patient_id.empty() ? "PATIENT" + std::to_string(position) : e.patient_id);
  putCharsetIfNeeded(record, e, {&e.patient_name, &e.patient_id});
}

void addStudy(DirRecord& record, const DicomdirEntry& e, std::size_t position) {
  // Type 1: a dummy where the file has no valid value, never one invented from the clock.
  record.put(DCM_StudyDate, recordDate(e.study_date));
  record.put(DCM_StudyTime, recordTime(e.study_time));
  record.put(DCM_StudyDescription, e.study_description);
  record.put(DCM_StudyInstanceUID, e.study_instance_uid);
  record.put(DCM_StudyID, orPosition(e.study_id, position));
  record.put(DCM_AccessionNumber, e.accession_number);
  putCharsetIfNeeded(record, e, {&e.study_description, &e.study_id, &e.accession_number});
}

void addSeries(DirRecord& record, const DicomdirEntry& e, std::size_t position) {
  record.put(DCM_Modality, e.modality.empty() ? "OT" : e.modality);  // Type 1; OT = other
  record.put(DCM_SeriesInstanceUID, e.series_instance_uid);
  record.put(DCM_SeriesNumber, orPosition(e.series_number, position));
}

// getOFString(value, 0) of a CS: the first value without its surrounding spaces.
std::string firstCodeString(const std::string& value) {
  std::string first = value.substr(0, value.find('\\'));
  const std::size_t b = first.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return first.substr(b, first.find_last_not_of(' ') - b + 1);
}

void addInstance(DirRecord& record, const RecordKind& kind, const DicomdirEntry& e, std::size_t position,
                 KeyVrs& key_vrs) {
  std::string file_id = e.file;
  std::replace(file_id.begin(), file_id.end(), '/', '\\');
  record.put(DCM_ReferencedFileID, file_id);
  record.put(DCM_ReferencedSOPClassUIDInFile, e.sop_class_uid);
  record.put(DCM_ReferencedSOPInstanceUIDInFile, e.sop_instance_uid);
  record.put(DCM_ReferencedTransferSyntaxUIDInFile, e.transfer_syntax_uid);
  std::vector<const std::string*> texts;
  for (const RecordKey& k : kind.keys) {
    auto found = std::find_if(e.instance_keys.begin(), e.instance_keys.end(), [&](const auto& kv) { return kv.first == k.tag; });
    const bool has_value = found != e.instance_keys.end() && !found->second.empty();
    const DcmEVR vr = key_vrs(k.tag);
    if (has_value && k.type == 1 && (vr == EVR_DA || vr == EVR_TM || vr == EVR_DT)) {
      record.put(tagOf(k.tag), vr == EVR_DA   ? recordDate(found->second)
                               : vr == EVR_TM ? recordTime(found->second)
                                              : recordDateTime(found->second));
    } else if (has_value || (found != e.instance_keys.end() && k.type == 2)) {
      record.put(tagOf(k.tag), found->second);
      texts.push_back(&found->second);
    } else if (k.type == 1) {
      record.put(tagOf(k.tag), dummyKey(tagOf(k.tag), position, key_vrs));
    } else if (k.type == 2) {
      record.put(tagOf(k.tag), std::string());
    }
  }
  // SR DOCUMENT: Verification DateTime is Type 1C, required when the document is VERIFIED.
  if (kind.type == ERT_SRDocument && record.find(DCM_VerificationDateTime) == nullptr) {
    const std::string* flag = record.find(DCM_VerificationFlag);
    if (flag != nullptr && firstCodeString(*flag) == "VERIFIED") record.put(DCM_VerificationDateTime, "19000101000000");
  }
  if (kind.concept_name != ConceptName::None) {
    record.concept_sequence = true;
    if (!e.concept_code_value.empty() || kind.concept_name == ConceptName::Type1) {
      record.concept_item = true;
      record.code_value = e.concept_code_value;
      record.coding_scheme = e.concept_coding_scheme;
      record.code_meaning = e.concept_code_meaning;
      texts.push_back(&e.concept_code_meaning);
    }
  }
  if (!e.specific_character_set.empty() &&
      std::any_of(texts.begin(), texts.end(), [](const std::string* t) { return !isAscii(*t); }))
    record.put(DCM_SpecificCharacterSet, e.specific_character_set);
}

std::atomic<bool> own_dicomdir_writer{true};

// DCMTK's writer (the reference the tests hold ours to): the same tree as DcmDirectoryRecords.
void putDcmtk(DcmItem& item, std::uint32_t tag, const std::string& value) {
  const OFCondition cond = item.putAndInsertOFStringArray(tagOf(tag), OFString(value.data(), value.size()));
  if (cond.bad()) throw bridge::toError(cond, "DICOMDIR record", ErrorCode::Internal);
}

void addDcmtkRecords(DcmDirectoryRecord& parent, const DirTree& tree, const std::vector<std::size_t>& indexes) {
  for (const std::size_t index : indexes) {
    const DirRecord& r = tree.records[index];
    auto* record = new DcmDirectoryRecord(r.type, nullptr, OFFilename());
    const OFCondition cond = parent.insertSub(record);
    if (cond.bad()) {
      delete record;
      throw bridge::toError(cond, "DICOMDIR record", ErrorCode::Internal);
    }
    for (const auto& [tag, value] : r.keys) putDcmtk(*record, tag, value);
    if (r.concept_sequence) {
      auto* seq = new DcmSequenceOfItems(DCM_ConceptNameCodeSequence);
      record->insert(seq, OFTrue);
      if (r.concept_item) {
        auto* code = new DcmItem();
        seq->insert(code);
        putDcmtk(*code, 0x00080100u, r.code_value);
        putDcmtk(*code, 0x00080102u, r.coding_scheme);
        putDcmtk(*code, 0x00080104u, r.code_meaning);
      }
    }
    addDcmtkRecords(*record, tree, r.children);
  }
}

void writeWithDcmtk(const fs::path& dicomdir, const DirTree& tree, const std::string& fileset_uid, int& write_errno) {
  DcmDicomDir dir(OFFilename(dicomdir.c_str()), "SCANSHARE");
  if (dir.error().bad()) throw bridge::toError(dir.error(), dicomdir.string(), ErrorCode::Io);
  addDcmtkRecords(dir.getRootRecord(), tree, tree.roots);
  // A UID derived from the content (not DCMTK's random one) keeps two runs byte-identical.
  DcmMetaInfo* meta = dir.getDirFileFormat().getMetaInfo();
  const OFCondition cond = meta->putAndInsertString(DCM_MediaStorageSOPInstanceUID, fileset_uid.c_str());
  if (cond.bad()) throw bridge::toError(cond, dicomdir.string(), ErrorCode::Internal);
  errno = 0;
  const OFCondition wcond = dir.write();
  write_errno = errno;
  if (wcond.bad()) {
    const std::string no_room = noRoomReason(dicomdir.parent_path(), write_errno);
    if (!no_room.empty()) throw Error(ErrorCode::Io, "cannot write the DICOMDIR: " + no_room, dicomdir.string());
    throw bridge::toError(wcond, dicomdir.string(), ErrorCode::Io);
  }
}

// Our writer: the bytes DcmDicomDir::write gives for the same tree (explicit VR little endian,
// undefined-length sequence and items, records in depth-first order, each record's offsets to its
// next sibling and first child from the start of the file), without building DCMTK's tree.
class DicomdirBytes {
 public:
  DicomdirBytes(const DirTree& tree, KeyVrs& key_vrs) : tree_(tree), key_vrs_(key_vrs) {}

  std::string write(const std::string& fileset_uid) {
    out_ = bridge::part10Header(UID_MediaStorageDirectoryStorage, fileset_uid, UID_LittleEndianExplicitTransferSyntax);
    bridge::ExplicitLittleEndianWriter w(out_);
    w.stringElement(0x00041130u, "CS", "SCANSHARE");
    w.unsignedLong(0x00041200u, 0);
    const std::size_t first_at = out_.size() - 4;
    w.unsignedLong(0x00041202u, 0);
    const std::size_t last_at = out_.size() - 4;
    w.unsignedShort(0x00041212u, 0);
    const std::size_t sequence = w.beginSequence(0x00041220u, true);
    offsets_.assign(tree_.records.size(), Placed{});
    for (const std::size_t root : tree_.roots) writeRecord(root, w);
    w.endSequence(sequence, true);
    w.patchLe32(first_at, static_cast<std::uint32_t>(offsets_[tree_.roots.front()].item));
    w.patchLe32(last_at, static_cast<std::uint32_t>(offsets_[tree_.roots.back()].item));
    patchLinks(tree_.roots, w);
    return std::move(out_);
  }

 private:
  struct Placed {
    std::size_t item = 0, next_at = 0, lower_at = 0;
  };

  void writeRecord(std::size_t index, bridge::ExplicitLittleEndianWriter& w) {
    const DirRecord& r = tree_.records[index];
    Placed& placed = offsets_[index];
    placed.item = out_.size();
    const std::size_t item = w.beginItem(true);
    w.unsignedLong(0x00041400u, 0);
    placed.next_at = out_.size() - 4;
    w.unsignedShort(0x00041410u, 0xFFFF);
    w.unsignedLong(0x00041420u, 0);
    placed.lower_at = out_.size() - 4;
    w.stringElement(0x00041430u, "CS", r.type_name);
    std::vector<const std::pair<std::uint32_t, std::string>*> keys;
    for (const auto& kv : r.keys) keys.push_back(&kv);
    std::sort(keys.begin(), keys.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    bool concept_written = !r.concept_sequence;
    constexpr std::uint32_t kConcept = 0x0040A043u;
    for (const auto* kv : keys) {
      if (!concept_written && kv->first > kConcept) {
        writeConcept(r, w);
        concept_written = true;
      }
      if (!w.stringElement(kv->first, key_vrs_.name(kv->first), kv->second))
        throw Error(ErrorCode::Internal, "a DICOMDIR key value is too long");
    }
    if (!concept_written) writeConcept(r, w);
    w.endItem(item, true);
    for (const std::size_t child : r.children) writeRecord(child, w);
  }

  void writeConcept(const DirRecord& r, bridge::ExplicitLittleEndianWriter& w) {
    const std::size_t sequence = w.beginSequence(0x0040A043u, true);
    if (r.concept_item) {
      const std::size_t item = w.beginItem(true);
      w.stringElement(0x00080100u, "SH", r.code_value);
      w.stringElement(0x00080102u, "SH", r.coding_scheme);
      w.stringElement(0x00080104u, "LO", r.code_meaning);
      w.endItem(item, true);
    }
    w.endSequence(sequence, true);
  }

  void patchLinks(const std::vector<std::size_t>& siblings, bridge::ExplicitLittleEndianWriter& w) {
    for (std::size_t i = 0; i < siblings.size(); ++i) {
      const Placed& placed = offsets_[siblings[i]];
      if (i + 1 < siblings.size()) w.patchLe32(placed.next_at, static_cast<std::uint32_t>(offsets_[siblings[i + 1]].item));
      const std::vector<std::size_t>& children = tree_.records[siblings[i]].children;
      if (!children.empty()) w.patchLe32(placed.lower_at, static_cast<std::uint32_t>(offsets_[children.front()].item));
      patchLinks(children, w);
    }
  }

  const DirTree& tree_;
  KeyVrs& key_vrs_;
  std::string out_;
  std::vector<Placed> offsets_;
};

void writeOwnBytes(const fs::path& dicomdir, const DirTree& tree, const std::string& fileset_uid, KeyVrs& key_vrs,
                   int& write_errno) {
  const std::string bytes = DicomdirBytes(tree, key_vrs).write(fileset_uid);
  if (bytes.size() >= (std::uint64_t{1} << 32)) throw Error(ErrorCode::Unsupported, "DICOMDIR over 4 GB", dicomdir.string());
  const int fd = ::open(dicomdir.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  std::size_t done = 0;
  write_errno = fd < 0 ? errno : 0;
  while (fd >= 0 && done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      write_errno = n < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (fd >= 0 && ::close(fd) != 0 && write_errno == 0) write_errno = errno;
  if (write_errno != 0) {
    const std::string no_room = noRoomReason(dicomdir.parent_path(), write_errno);
    throw Error(ErrorCode::Io, "cannot write the DICOMDIR: " + (no_room.empty() ? std::strerror(write_errno) : no_room),
                dicomdir.string());
  }
}

}  // namespace

void setOwnDicomdirWriter(bool enabled) { own_dicomdir_writer.store(enabled); }

namespace {
void checkWrittenDicomdir(const fs::path& root, int write_errno);
}

std::vector<UnlistableFile> writeDicomdir(const fs::path& root, std::vector<DicomdirEntry> entries, UnlistablePolicy policy) {
  WrittenDicomdir written = writeDicomdirUnchecked(root, std::move(entries), policy);
  written.finishCheck();  // checks in this thread when not started
  return written.rejected();
}

WrittenDicomdir::WrittenDicomdir(fs::path root, std::vector<UnlistableFile> rejected, int write_errno)
    : root_(std::move(root)), rejected_(std::move(rejected)), write_errno_(write_errno) {}
WrittenDicomdir::WrittenDicomdir(WrittenDicomdir&&) noexcept = default;
WrittenDicomdir& WrittenDicomdir::operator=(WrittenDicomdir&&) noexcept = default;
WrittenDicomdir::~WrittenDicomdir() {
  if (check_.valid()) check_.wait();
}

void WrittenDicomdir::startCheck() {
  if (check_.valid()) return;
  check_ = std::async(std::launch::async, [root = root_, write_errno = write_errno_] { checkWrittenDicomdir(root, write_errno); });
}

void WrittenDicomdir::finishCheck() {
  if (!check_.valid()) return checkWrittenDicomdir(root_, write_errno_);
  check_.get();
}

WrittenDicomdir writeDicomdirUnchecked(const fs::path& root, std::vector<DicomdirEntry> entries, UnlistablePolicy policy) {
  bridge::ensureDcmtkReady();
  const fs::path dicomdir = root / kMediaDicomdirName;
  if (entries.empty()) throw Error(ErrorCode::InvalidArgument, "no files to list in a DICOMDIR", root.string());
  // Entries are big; the pipeline hands them over in file order already, and no two name one file.
  const auto by_file = [](const DicomdirEntry& a, const DicomdirEntry& b) { return a.file < b.file; };
  if (!std::is_sorted(entries.begin(), entries.end(), by_file)) std::sort(entries.begin(), entries.end(), by_file);
  std::vector<UnlistableFile> rejected;
  std::vector<const DicomdirEntry*> listed;
  listed.reserve(entries.size());
  for (auto& e : entries) {
    if (e.unlistable_reason.empty()) {
      listed.push_back(&e);
      continue;
    }
    if (policy == UnlistablePolicy::Throw) throw Error(ErrorCode::Unsupported, e.unlistable_reason, e.file);
    std::error_code rm;
    fs::remove(root / e.file, rm);
    rejected.push_back({e.file, e.unlistable_reason});
  }
  // Named by the first file and its reason: root may be a hidden staging folder the user never sees.
  if (listed.empty())
    throw Error(ErrorCode::Unsupported,
                "no file could be listed in a DICOMDIR (" + std::to_string(rejected.size()) +
                    " file(s); first: " + rejected.front().reason + ")",
                rejected.front().file);

  std::error_code ec;
  fs::remove(dicomdir, ec);  // DcmDicomDir would load an existing one
  DirTree tree;
  tree.records.reserve(listed.size() + 16);
  std::string listed_instances;  // file, 0x1f, SOP Instance UID, NUL: for each listed file in order
  KeyVrs key_vrs;
  {
    struct SeriesNode {
      std::size_t record = 0, instances = 0;
    };
    struct StudyNode {
      std::size_t record = 0;
      std::unordered_map<std::string, SeriesNode> series;
    };
    struct PatientNode {
      std::size_t record = 0;
      std::unordered_map<std::string, StudyNode> studies;
    };
    std::unordered_map<std::string, PatientNode> patients;
    for (const DicomdirEntry* listed_entry : listed) {
      const DicomdirEntry& e = *listed_entry;
      auto [p, new_patient] = patients.try_emplace(e.patient_id + '\0' + e.patient_name);
      if (new_patient) {
        p->second.record = tree.add(kRoot, ERT_Patient, "PATIENT");
        addPatient(tree.records[p->second.record], e, patients.size());
      }
      auto [st, new_study] = p->second.studies.try_emplace(e.study_instance_uid);
      if (new_study) {
        st->second.record = tree.add(p->second.record, ERT_Study, "STUDY");
        addStudy(tree.records[st->second.record], e, p->second.studies.size());
      }
      auto [se, new_series] = st->second.series.try_emplace(e.series_instance_uid);
      if (new_series) {
        se->second.record = tree.add(st->second.record, ERT_Series, "SERIES");
        addSeries(tree.records[se->second.record], e, st->second.series.size());
      }
      const RecordKind& kind = recordKindFor(e.sop_class_uid);
      const std::size_t instance = tree.add(se->second.record, kind.type, kind.name);
      addInstance(tree.records[instance], kind, e, ++se->second.instances, key_vrs);
      listed_instances.append(e.file).append(1, '\x1f').append(e.sop_instance_uid).append(1, '\0');
    }
  }
  // DCMTK's file stream reports a short write as success or as a generic condition; the errno it
  // leaves (or a probe) tells a full disk, which must be said as such.
  int write_errno = 0;
  const std::string fileset_uid = filesetUid(listed_instances);
  if (own_dicomdir_writer.load()) writeOwnBytes(dicomdir, tree, fileset_uid, key_vrs, write_errno);
  else writeWithDcmtk(dicomdir, tree, fileset_uid, write_errno);

  return WrittenDicomdir(root, std::move(rejected), write_errno);
}

namespace {

// Read back by DCMTK, independently of the writer: every written file listed, nothing else.
void checkWrittenDicomdir(const fs::path& root, int write_errno) {
  const fs::path dicomdir = root / kMediaDicomdirName;
  const DicomdirCheck check = checkDicomdir(root);
  if (!check.readable) {
    const std::string no_room = noRoomReason(root, write_errno);
    if (!no_room.empty()) throw Error(ErrorCode::Io, "cannot write the DICOMDIR: " + no_room, dicomdir.string());
    throw Error(ErrorCode::Io, "the DICOMDIR just written cannot be read back", dicomdir.string());
  }
  if (!check.unlisted_files.empty())
    throw Error(ErrorCode::Internal, "the DICOMDIR does not list " + std::to_string(check.unlisted_files.size()) + " written file(s)",
                check.unlisted_files.front());
  if (!check.missing_files.empty())
    throw Error(ErrorCode::Internal, "the DICOMDIR lists a file that does not exist", check.missing_files.front());
}

}  // namespace

std::vector<UnlistableFile> writeDicomdir(const fs::path& root, UnlistablePolicy policy) {
  std::vector<DicomdirEntry> entries;
  for (const auto& rel : filesUnder(root)) entries.push_back(readDicomdirEntry(root, rel));
  return writeDicomdir(root, std::move(entries), policy);
}

DicomdirCheck checkDicomdir(const fs::path& root) {
  bridge::ensureDcmtkReady();
  DicomdirCheck check;
  // The folder walk (no DICOM) runs beside the parse of the DICOMDIR; both only read.
  std::future<std::vector<std::string>> walked = std::async(std::launch::async, [&root] { return filesUnder(root); });
  std::vector<std::pair<std::string, std::string>> records;
  check.readable = readRecords(root / kMediaDicomdirName, records);  // should it throw, the future waits
  std::set<std::string> listed;
  for (const auto& r : records) listed.insert(r.first);
  check.records = records.size();
  const std::vector<std::string> files = walked.get();
  const std::set<std::string> on_disk(files.begin(), files.end());
  for (const auto& l : listed)
    if (!on_disk.count(l)) check.missing_files.push_back(l);
  for (const auto& f : files)
    if (!listed.count(f)) check.unlisted_files.push_back(f);
  return check;
}

}  // namespace imaging
