// The DICOMDIR's own encoder (dicomdir_record_bytes, DicomdirWriter) against DCMTK's DcmDicomDir:
// the same entries give the same file, byte for byte, for every record type the writer makes,
// text needing a character set, empty and odd-length values, missing Type 1 keys, concept names,
// and patients whose files are not next to each other. The reference below is the writer as it
// was before it encoded records itself (a DcmDicomDir tree of DcmDirectoryRecords).
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dctk.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <unordered_map>

#include <unistd.h>

#include "dicomdir_records.h"
#include "imaging/core/error.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/dicomdir_writer.h"
#include "dicomdir_record_bytes.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/plain_directory.h"

namespace fs = std::filesystem;
using imaging::DicomdirEntry;

namespace imaging {
namespace {

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


bool isAscii(const std::string& v) {
  return std::all_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

DcmTagKey tagOf(std::uint32_t key) {
  return DcmTagKey(static_cast<Uint16>(key >> 16), static_cast<Uint16>(key & 0xffff));
}

void put(DcmItem& record, const DcmTagKey& tag, const std::string& value) {
  const OFCondition cond = record.putAndInsertOFStringArray(tag, OFString(value.data(), value.size()));
  if (cond.bad()) throw std::runtime_error("DICOMDIR record");
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
    throw std::runtime_error("DICOMDIR record");
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


// The old writeDicomdir's DCMTK part: entries sorted by file, every one listable.
void writeWithDcmtkTree(const fs::path& dicomdir, const std::vector<DicomdirEntry>& entries) {
  DcmDicomDir dir(OFFilename(dicomdir.c_str()), "SCANSHARE");
  DcmDirectoryRecord& top = dir.getRootRecord();
  std::unordered_map<std::string, PatientNode> patients;
  std::string listed_instances;
  KeyVrs key_vrs;
  for (const DicomdirEntry& e : entries) {
    auto [p, new_patient] = patients.try_emplace(e.patient_id + '\0' + e.patient_name);
    if (new_patient) {
      p->second.record = newRecord(top, ERT_Patient);
      addPatient(*p->second.record, e, patients.size());
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
    addInstance(*newRecord(*se->second.record, kind.type), kind, e, ++se->second.instances, key_vrs);
    listed_instances.append(e.file).append(1, '\x1f').append(e.sop_instance_uid).append(1, '\0');
  }
  DcmMetaInfo* meta = dir.getDirFileFormat().getMetaInfo();
  ASSERT_TRUE(meta->putAndInsertString(DCM_MediaStorageSOPInstanceUID, filesetUid(listed_instances).c_str()).good());
  ASSERT_TRUE(dir.write().good());
}

std::string readBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

DicomdirEntry entry(const std::string& file, const std::string& sop_class, const std::string& patient) {
  DicomdirEntry e;
  e.file = file;
  e.sop_class_uid = sop_class;
  e.sop_instance_uid = "1.2.826.0.1.3680043.8.498." + std::to_string(std::hash<std::string>{}(file) % 100000000);
  e.transfer_syntax_uid = "1.2.840.10008.1.2.1";
  e.patient_name = patient + "^Test";
  e.patient_id = "ID-" + patient;
  e.study_instance_uid = "1.2.826.0.1.3680043.8.498.1." + patient;
  e.study_date = "20240102";
  e.study_time = "101500.25";
  e.study_description = "Knee";
  e.study_id = "7";
  e.accession_number = "ACC1";
  e.series_instance_uid = e.study_instance_uid + ".5";
  e.modality = "MR";
  e.series_number = "5";
  e.instance_keys = {{0x00200013, "1"}};
  return e;
}

class DicomdirBytes : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("scanshare-dicomdir-bytes-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
  }
  void TearDown() override { fs::remove_all(base_); }

  // Both writers on the same (sorted, listable) entries; each root gets the files the entries name.
  void expectSameBytes(const std::vector<DicomdirEntry>& entries) {
    const fs::path ours = base_ / "ours", reference = base_ / "reference";
    for (const fs::path& root : {ours, reference})
      for (const DicomdirEntry& e : entries) {
        fs::create_directories((root / e.file).parent_path());
        std::ofstream(root / e.file) << "x";
      }
    DicomdirWriter writer(ours, UnlistablePolicy::Throw);
    for (const DicomdirEntry& e : entries) writer.add(e);
    EXPECT_TRUE(writer.finish().empty());
    writeWithDcmtkTree(reference / "DICOMDIR", entries);
    const std::string ours_bytes = readBytes(ours / "DICOMDIR"), reference_bytes = readBytes(reference / "DICOMDIR");
    ASSERT_EQ(ours_bytes.size(), reference_bytes.size());
    EXPECT_TRUE(ours_bytes == reference_bytes);
  }

  fs::path base_;
};

constexpr const char* kMr = "1.2.840.10008.5.1.4.1.1.4";

TEST_F(DicomdirBytes, ImagesOfOnePatientEqualDcmtk) {
  std::vector<DicomdirEntry> entries;
  for (int i = 1; i <= 12; ++i) {
    DicomdirEntry e = entry("DICOM/P0000001/S0000001/E000000" + std::to_string(1 + i / 5) + "/I000000" + std::to_string(i % 10),
                            kMr, "A");
    e.series_instance_uid += std::to_string(i / 5);
    e.series_number = std::to_string(i / 5);
    e.instance_keys = {{0x00200013, std::to_string(i)}};
    entries.push_back(e);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
  expectSameBytes(entries);
}

TEST_F(DicomdirBytes, EveryRecordTypeAndOddValuesEqualDcmtk) {
  std::vector<DicomdirEntry> entries;
  DicomdirEntry image = entry("DICOM/P0000001/S0000001/E0000001/I0000001", kMr, "A");
  image.patient_name = "M\xfcller^Hans";  // ISO_IR 100 bytes: the records name the character set
  image.specific_character_set = "ISO_IR 100";
  image.study_date = "";                   // Type 1, missing: 19000101
  image.study_time = "08:30:00";           // ACR-NEMA colons
  image.study_description = "Odd";         // odd length: padded
  image.study_id = "";
  image.accession_number = "";
  image.series_number = "";
  image.instance_keys = {};                // InstanceNumber missing: the record's position
  entries.push_back(image);
  DicomdirEntry sr = entry("DICOM/P0000001/S0000001/E0000002/I0000001", "1.2.840.10008.5.1.4.1.1.88.11", "A");
  sr.patient_name = image.patient_name;
  sr.specific_character_set = "ISO_IR 100";
  sr.series_instance_uid += "2";
  sr.modality = "SR";
  sr.instance_keys = {{0x00200013, "3"}, {0x0040A491, "COMPLETE"}, {0x0040A493, " VERIFIED "},
                      {0x00080023, "20240103"}, {0x00080033, "1200"}};
  sr.concept_code_value = "18748-4";
  sr.concept_coding_scheme = "LN";
  sr.concept_code_meaning = "Befund \xe4rztlich";
  entries.push_back(sr);
  DicomdirEntry sr_no_code = entry("DICOM/P0000001/S0000001/E0000002/I0000002", "1.2.840.10008.5.1.4.1.1.88.22", "A");
  sr_no_code.patient_name = image.patient_name;
  sr_no_code.series_instance_uid = sr.series_instance_uid;
  sr_no_code.modality = "SR";
  sr_no_code.instance_keys = {{0x00200013, "4"}, {0x0040A491, "PARTIAL"}, {0x0040A493, "UNVERIFIED"}};
  entries.push_back(sr_no_code);
  DicomdirEntry key_object = entry("DICOM/P0000001/S0000001/E0000003/I0000001", "1.2.840.10008.5.1.4.1.1.88.59", "A");
  key_object.patient_name = image.patient_name;
  key_object.series_instance_uid += "3";
  key_object.modality = "KO";
  key_object.concept_code_value = "113000";
  key_object.concept_coding_scheme = "DCM";
  key_object.concept_code_meaning = "Of Interest";
  entries.push_back(key_object);
  DicomdirEntry presentation = entry("DICOM/P0000001/S0000001/E0000004/I0000001", "1.2.840.10008.5.1.4.1.1.11.1", "A");
  presentation.patient_name = image.patient_name;
  presentation.series_instance_uid += "4";
  presentation.modality = "PR";
  presentation.instance_keys = {{0x00200013, "1"}, {0x00700080, "LABEL"}, {0x00700081, ""}, {0x00700084, "Doe^J"}};
  entries.push_back(presentation);
  DicomdirEntry document = entry("DICOM/P0000001/S0000002/E0000001/I0000001", "1.2.840.10008.5.1.4.1.1.104.1", "A");
  document.patient_name = image.patient_name;
  document.study_instance_uid += ".2";
  document.series_instance_uid = document.study_instance_uid + ".1";
  document.modality = "DOC";
  document.instance_keys = {{0x00200013, "1"}, {0x00420010, "Odd title"}, {0x00420012, "application/pdf"}};
  entries.push_back(document);
  DicomdirEntry plan = entry("DICOM/P0000001/S0000002/E0000002/I0000001", "1.2.840.10008.5.1.4.1.1.481.5", "A");
  plan.patient_name = image.patient_name;
  plan.study_instance_uid = document.study_instance_uid;
  plan.series_instance_uid = plan.study_instance_uid + ".2";
  plan.modality = "RTPLAN";
  plan.instance_keys = {{0x00200013, "1"}, {0x300A0002, "PLAN1"}, {0x300A0006, "20240101"}};
  entries.push_back(plan);
  expectSameBytes(entries);
}

TEST_F(DicomdirBytes, PatientsWhoseFilesAreApartEqualDcmtk) {
  // P1 and P3 hold the same written patient: DCMTK puts P3's study under P1's record, after P1's own.
  std::vector<DicomdirEntry> entries{entry("DICOM/P0000001/S0000001/E0000001/I0000001", kMr, "A"),
                                     entry("DICOM/P0000002/S0000001/E0000001/I0000001", kMr, "B"),
                                     entry("DICOM/P0000003/S0000001/E0000001/I0000001", kMr, "A")};
  entries[2].study_instance_uid += ".3";
  entries[2].series_instance_uid = entries[2].study_instance_uid + ".1";
  entries[2].patient_id.clear();  // patient key differs from P1 now: PatientID "PATIENT3"
  entries.push_back(entry("DICOM/P0000004/S0000001/E0000001/I0000001", kMr, "A"));
  entries[3].study_instance_uid += ".4";
  entries[3].series_instance_uid = entries[3].study_instance_uid + ".1";
  expectSameBytes(entries);
}

TEST_F(DicomdirBytes, ValuesAsDcmtkKeepsThemEqualDcmtk) {
  // DCMTK drops trailing padding, takes the spaces out of a UID and reads "=Name" as the UID named.
  std::vector<DicomdirEntry> entries{entry("DICOM/P0000001/S0000001/E0000001/I0000001", kMr, "A"),
                                     entry("DICOM/P0000001/S0000001/E0000001/I0000002", kMr, "A"),
                                     entry("DICOM/P0000001/S0000001/E0000001/I0000003", kMr, "A")};
  for (DicomdirEntry& e : entries) {
    e.patient_name = " Doe^John  ";
    e.study_description = "abc  ";
    e.accession_number = " ";
  }
  entries[0].transfer_syntax_uid = "=LittleEndianExplicit";
  entries[1].sop_instance_uid = " 1.2.3 4 ";
  entries[2].instance_keys = {{0x00200013, "12 "}};
  expectSameBytes(entries);
}

TEST_F(DicomdirBytes, ValuesKeptAsGivenEqualDcmtk) {
  // Values the writer copies without asking DCMTK (nothing at the end to trim, no NUL, a plain UID):
  // leading spaces, inner tabs, several values, bytes past ASCII, a trailing tab.
  std::vector<DicomdirEntry> entries{entry("DICOM/P0000001/S0000001/E0000001/I0000001", kMr, "A"),
                                     entry("DICOM/P0000001/S0000001/E0000001/I0000002", kMr, "A"),
                                     entry("DICOM/P0000001/S0000001/E0000001/I0000003", kMr, "A")};
  for (DicomdirEntry& e : entries) {
    e.patient_name = "  Doe^John";
    e.study_description = "a\tb\\c d\t";
    e.accession_number = " 12\\34";
    e.specific_character_set = "ISO_IR 100";
  }
  entries[0].study_id = "\xE9t\xE9";
  entries[1].instance_keys = {{0x00200013, " 12"}};
  entries[2].sop_instance_uid = "1.2.3.4.";
  expectSameBytes(entries);
}

TEST_F(DicomdirBytes, AValueDcmtkRefusesIsRefused) {
  fs::create_directories(base_);
  DicomdirWriter writer(base_, UnlistablePolicy::Throw);
  DicomdirEntry e = entry("DICOM/P0000001/S0000001/E0000001/I0000001", kMr, "A");
  e.transfer_syntax_uid = "=NoSuchUidName";
  EXPECT_THROW(writer.add(e), imaging::Error);
}

TEST_F(DicomdirBytes, RefusesEntriesOutOfFileOrder) {
  fs::create_directories(base_);
  DicomdirWriter writer(base_, UnlistablePolicy::Throw);
  writer.add(entry("DICOM/P0000001/S0000001/E0000001/I0000002", kMr, "A"));
  EXPECT_THROW(writer.add(entry("DICOM/P0000001/S0000001/E0000001/I0000001", kMr, "A")), imaging::Error);
}

TEST_F(DicomdirBytes, ThePlainReaderSeesWhatDcmtkSeesAndTheCheckFindsABrokenTree) {
  // About 1 MB of records (3 patients, series of 40). The check after writing reads them with the
  // plain reader: the same records, offsets and files as DCMTK reads; then a missing and an unlisted
  // file, and offsets that break the tree, are each found.
  std::vector<DicomdirEntry> entries;
  for (int p = 1; p <= 3; ++p)
    for (int i = 0; i < 1200; ++i) {
      char file[64];
      std::snprintf(file, sizeof file, "DICOM/P%07d/S0000001/E%07d/I%07d", p, 1 + i / 40, 1 + i % 40);
      DicomdirEntry e = entry(file, kMr, std::string(1, static_cast<char>('A' + p)));
      e.series_instance_uid += "." + std::to_string(i / 40);
      e.instance_keys = {{0x00200013, std::to_string(1 + i % 40)}};
      entries.push_back(e);
    }
  const fs::path root = base_ / "large";
  for (const DicomdirEntry& e : entries) {
    fs::create_directories((root / e.file).parent_path());
    std::ofstream(root / e.file) << "x";
  }
  DicomdirWriter writer(root, UnlistablePolicy::Throw);
  for (const DicomdirEntry& e : entries) writer.add(e);
  EXPECT_TRUE(writer.finish().empty());
  const fs::path dicomdir = root / "DICOMDIR";

  struct Seen {
    std::uint64_t offset;
    Uint32 next, lower;
    std::string file;
    bool operator==(const Seen& o) const { return offset == o.offset && next == o.next && lower == o.lower && file == o.file; }
  };
  std::vector<Seen> by_dcmtk, by_plain;
  ASSERT_TRUE(bridge::forEachDirectoryRecordAt(
                  dicomdir,
                  [&](DcmItem& record, std::uint64_t at) {
                    Seen seen{at, 0, 0, {}};
                    record.findAndGetUint32(DCM_OffsetOfTheNextDirectoryRecord, seen.next);
                    record.findAndGetUint32(DCM_OffsetOfReferencedLowerLevelDirectoryEntity, seen.lower);
                    OFString id;
                    if (record.findAndGetOFStringArray(DCM_ReferencedFileID, id).good()) seen.file = id.c_str();
                    by_dcmtk.push_back(seen);
                  },
                  nullptr)
                  .ok);
  const bridge::PlainDirectoryWalk plain =
      bridge::readDirectoryRecordsPlain(dicomdir, [&](const bridge::PlainDirectoryWalk&, const bridge::PlainDirectoryRecord& r) {
        by_plain.push_back({r.offset, r.next, r.lower, r.file_id});
      });
  ASSERT_TRUE(plain.ok) << plain.reason;
  ASSERT_EQ(by_plain.size(), entries.size() + 3 + 3 + 90);  // patients, studies, series, images
  EXPECT_TRUE(by_plain == by_dcmtk);
  EXPECT_EQ(plain.first_root, by_plain.front().offset);

  fs::remove(root / entries[1777].file);
  std::ofstream(root / "DICOM/P0000002/S0000001/E0000001/I0000099") << "x";
  imaging::DicomdirCheck check = imaging::checkDicomdir(root, base_);
  ASSERT_TRUE(check.readable);
  EXPECT_TRUE(check.tree_problem.empty()) << check.tree_problem;
  EXPECT_EQ(check.records, entries.size());
  EXPECT_EQ(check.missing_files, std::vector<std::string>{entries[1777].file});
  EXPECT_EQ(check.unlisted_files, std::vector<std::string>{"DICOM/P0000002/S0000001/E0000001/I0000099"});

  // Offsets patched in place: into a record's middle, back to an earlier record, to nothing (a
  // record then no offset reaches). Each breaks the tree; the files are still all read.
  const std::string original = readBytes(dicomdir);
  const auto patched = [&](std::size_t record, std::size_t field, Uint32 value) {
    std::string bytes = original;
    const std::size_t at = static_cast<std::size_t>(by_plain[record].offset) + field;
    for (int i = 0; i < 4; ++i) bytes[at + static_cast<std::size_t>(i)] = static_cast<char>(value >> (8 * i));
    std::ofstream(dicomdir, std::ios::binary | std::ios::trunc) << bytes;
    return imaging::checkDicomdir(root, base_);
  };
  const std::size_t some_image = 500;
  for (const imaging::DicomdirCheck& broken :
       {patched(some_image, imaging::kNextRecordOffsetAt, static_cast<Uint32>(by_plain[some_image + 1].offset + 2)),
        patched(some_image, imaging::kNextRecordOffsetAt, static_cast<Uint32>(by_plain[3].offset)),
        patched(some_image, imaging::kNextRecordOffsetAt, 0)}) {
    EXPECT_TRUE(broken.readable);
    EXPECT_FALSE(broken.tree_problem.empty());
    EXPECT_FALSE(broken.complete());
    EXPECT_EQ(broken.records, entries.size());
  }
  std::ofstream(dicomdir, std::ios::binary | std::ios::trunc) << original;
  EXPECT_TRUE(imaging::checkDicomdir(root, base_).tree_problem.empty());
}

}  // namespace
}  // namespace imaging
