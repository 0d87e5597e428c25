#include "spilled_inventory.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/model/record_codec.h"

namespace fs = std::filesystem;

namespace imaging::workflow {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::uint64_t kSeriesReadBuffer = std::uint64_t{256} << 10;

// A path as a sort key in FilePath's order (a '/' sorts before every other byte): '/' becomes
// 0x01, and the bytes 0x01 and 0x02 become 0x02 0x01 and 0x02 0x02, which keeps every other order.
std::string pathKey(const std::string& path) {
  std::string key;
  key.reserve(path.size());
  for (char c : path) {
    if (c == '/') key += '\x01';
    else if (c == '\x01' || c == '\x02') { key += '\x02'; key += c; }
    else key += c;
  }
  return key;
}

void putPosition(std::size_t position, std::string& out) { codec::putVarint(position, out); }

bool sameValues(const IdentifyingValues& a, const IdentifyingValues& b) {
  return a.patient == b.patient && a.institution == b.institution && a.device == b.device;
}

void encodePatient(const Patient& p, std::string& out) {
  for (const std::string* s : {&p.name, &p.id, &p.issuer_of_id, &p.birth_date, &p.sex}) codec::putText(*s, out);
  for (const auto* list : {&p.identifying_values.patient, &p.identifying_values.institution, &p.identifying_values.device}) {
    codec::putVarint(list->size(), out);
    for (const std::string& v : *list) codec::putText(v, out);
  }
}

Patient decodePatient(std::string_view in) {
  Patient p;
  for (std::string* s : {&p.name, &p.id, &p.issuer_of_id, &p.birth_date, &p.sex}) *s = codec::getText(in);
  for (auto* list : {&p.identifying_values.patient, &p.identifying_values.institution, &p.identifying_values.device}) {
    const std::uint64_t n = codec::getVarint(in);
    for (std::uint64_t i = 0; i < n; ++i) list->push_back(codec::getText(in));
  }
  return p;
}

void encodeStudyFacts(const Study& s, std::string& out) {
  for (const std::string* f : {&s.study_instance_uid, &s.date, &s.time, &s.description, &s.accession_number,
                               &s.referring_physician})
    codec::putText(*f, out);
}
Study decodeStudyFacts(std::string_view& in) {
  Study s;
  for (std::string* f : {&s.study_instance_uid, &s.date, &s.time, &s.description, &s.accession_number,
                         &s.referring_physician})
    *f = codec::getText(in);
  return s;
}
void encodeSeriesFacts(const Series& s, std::string& out) {
  codec::putVarint(static_cast<std::uint32_t>(s.number), out);
  for (const std::string* f : {&s.series_instance_uid, &s.modality, &s.description, &s.body_part, &s.laterality,
                               &s.frame_of_reference_uid})
    codec::putText(*f, out);
}
Series decodeSeriesFacts(std::string_view& in) {
  Series s;
  s.number = static_cast<int>(static_cast<std::uint32_t>(codec::getVarint(in)));
  for (std::string* f : {&s.series_instance_uid, &s.modality, &s.description, &s.body_part, &s.laterality,
                         &s.frame_of_reference_uid})
    *f = codec::getText(in);
  return s;
}

SortKey patientKey(const Patient& p) {
  SortKey key;
  key.text(p.name).text(p.id).text(p.issuer_of_id);
  return key;
}

bool samePatient(const Patient& a, const Patient& b) {
  return a.name == b.name && a.id == b.id && a.issuer_of_id == b.issuer_of_id;
}

}  // namespace

struct SpilledInventory::Impl {
  fs::path folder;
  std::size_t budget;
  std::optional<ExternalSorter> by_uid;  // (SOP Instance UID, position): duplicates side by side
  ExternalSorter problems;               // (path, kind): few, a quarter of the budget
  std::optional<ExternalSorter> by_series;    // (patient, study UID, series UID, instance number, path)
  std::optional<ExternalSorter> series_order; // (patient, study date, time, UID, series number, UID)
  std::optional<SpillFile> instances;         // each series' instances, one run per series
  std::optional<SpillFile> patients;          // patient facts and identifying values, in order
  IdentifyingValues everyone;                 // the DICOMDIRs' values that go to every patient
  std::size_t problem_count = 0;

  Impl(fs::path f, std::size_t b) : folder(std::move(f)), budget(b), problems(folder, b / 4) { by_uid.emplace(folder, b); }

  void addProblem(const Problem& problem) {
    std::string value;
    encodeProblem(problem, value);
    problems.add(SortKey().text(pathKey(problem.path.native())).number(static_cast<int>(problem.kind)).bytes(), value);
    ++problem_count;
  }
};

SpilledInventory::SpilledInventory(fs::path folder, std::size_t memory_budget)
    : impl_(std::make_unique<Impl>(std::move(folder), memory_budget)) {}

SpilledInventory::~SpilledInventory() = default;

ScanSink SpilledInventory::sink() {
  ScanSink sink;
  Impl* impl = impl_.get();
  sink.record = [impl](std::size_t position, InstanceRecord record) {
    std::string value;
    putPosition(position, value);
    encodeRecord(record, value);
    impl->by_uid->add(SortKey().text(record.instance.sop_instance_uid).unsignedNumber(position).bytes(), value);
  };
  sink.problem = [impl](Problem problem) { impl->addProblem(problem); };
  return sink;
}

void SpilledInventory::finish(const StreamedScan& scan, const fs::path& root,
                              const std::function<bool(const Instance&)>& decodable) {
  Impl& s = *impl_;
  files_scanned = scan.files_scanned;
  used_dicomdir = scan.used_dicomdir;
  const fs::path problem_base = scan.files_root.empty() ? root : scan.files_root;
  s.by_series.emplace(s.folder, s.budget);

  // 1. Duplicates: the records of one SOP Instance UID come together, in position order.
  struct Copy {
    std::size_t position;
    std::string path;
    bool decodable;
  };
  std::vector<Copy> copies;
  std::string kept_value, key, value;
  std::optional<InstanceRecord> kept_record;
  std::size_t kept_copy = 0;
  std::string group_uid;
  const auto closeGroup = [&] {
    if (copies.empty()) return;
    for (std::size_t c = 0; c < copies.size(); ++c) {
      if (c == kept_copy) continue;
      const bool first = copies[kept_copy].position < copies[c].position;
      s.addProblem(duplicateProblem(copies[c].path, copies[kept_copy].path, first, problem_base));
    }
    const InstanceRecord& r = *kept_record;
    SortKey k = patientKey(r.patient);
    k.text(r.study.study_instance_uid).text(r.series.series_instance_uid).number(r.instance.instance_number)
        .text(pathKey(r.instance.path.native()));
    s.by_series->add(k.bytes(), kept_value);
    copies.clear();
    kept_record.reset();
  };
  while (s.by_uid->next(key, value)) {
    std::string_view in(value);
    const std::size_t position = static_cast<std::size_t>(codec::getVarint(in));
    InstanceRecord record = decodeRecord(in);
    if (!copies.empty() && record.instance.sop_instance_uid != group_uid) closeGroup();
    if (copies.empty()) group_uid = record.instance.sop_instance_uid;
    const bool can_decode = !decodable || decodable(record.instance);
    copies.push_back({position, record.instance.path.native(), can_decode});
    // The first copy, or the first decodable one after copies that are not.
    const bool better = copies.size() == 1 || (can_decode && !copies[kept_copy].decodable);
    if (better) {
      kept_copy = copies.size() - 1;
      kept_value = value;
      kept_record = std::move(record);
    }
  }
  closeGroup();
  s.by_uid.reset();  // drained: its memory goes before the next sort's fills

  // 2. Grouping: a patient's files, a study's, a series' come together.
  s.instances.emplace(s.folder);
  s.patients.emplace(s.folder);
  s.series_order.emplace(s.folder, s.budget);
  std::optional<Patient> patient;   // its facts from its first file; its values from all of them
  std::size_t patient_first = kNone;
  std::optional<Study> study;
  std::size_t study_first = kNone;
  std::optional<Series> series;
  std::size_t series_first = kNone;
  std::uint64_t series_offset = 0, series_count = 0, series_end = 0;
  struct PendingSeries {
    Series facts;
    std::uint64_t offset, count, bytes;
  };
  std::vector<PendingSeries> study_series;  // a study's series wait for the study's own facts
  IdentifyingValues last_merged;
  bool merged_any = false;
  const auto closeSeries = [&] {
    if (!series) return;
    study_series.push_back({std::move(*series), series_offset, series_count, series_end - series_offset});
    series.reset();
  };
  const auto closeStudy = [&] {
    closeSeries();
    if (!study) return;
    for (PendingSeries& p : study_series) {
      SortKey k = patientKey(*patient);
      k.text(study->date).text(study->time).text(study->study_instance_uid).number(p.facts.number)
          .text(p.facts.series_instance_uid);
      std::string v;
      for (const std::string* f : {&patient->name, &patient->id, &patient->issuer_of_id}) codec::putText(*f, v);
      encodeStudyFacts(*study, v);
      encodeSeriesFacts(p.facts, v);
      codec::putVarint(p.offset, v);
      codec::putVarint(p.count, v);
      codec::putVarint(p.bytes, v);
      s.series_order->add(k.bytes(), v);
    }
    study_series.clear();
    study.reset();
  };
  const auto closePatient = [&] {
    closeStudy();
    if (!patient) return;
    std::string v;
    encodePatient(*patient, v);
    s.patients->append(v);
    ++patients_;
    patient.reset();
    merged_any = false;
  };
  while (s.by_series->next(key, value)) {
    std::string_view in(value);
    const std::size_t position = static_cast<std::size_t>(codec::getVarint(in));
    InstanceRecord r = decodeRecord(in);
    if (patient && !samePatient(*patient, r.patient)) closePatient();
    if (study && study->study_instance_uid != r.study.study_instance_uid) closeStudy();
    if (series && series->series_instance_uid != r.series.series_instance_uid) closeSeries();
    IdentifyingValues values = std::move(r.patient.identifying_values);
    r.patient.identifying_values = {};
    if (!patient || position < patient_first) {
      IdentifyingValues kept = patient ? std::move(patient->identifying_values) : IdentifyingValues{};
      patient = r.patient;
      patient->identifying_values = std::move(kept);
      patient_first = position;
    }
    if (!merged_any || !sameValues(values, last_merged)) {
      patient->identifying_values.merge(values);
      last_merged = std::move(values);
      merged_any = true;
    }
    scan.dicomdir_values->mergeFor(r.instance.path, patient->identifying_values);
    if (!study || position < study_first) {
      study = r.study;
      study_first = position;
    }
    if (!series) series_count = 0;
    if (!series || position < series_first) {
      series = r.series;
      series_first = position;
    }
    std::string encoded;
    encodeInstance(r.instance, encoded);
    const std::uint64_t at = s.instances->append(encoded);
    if (series_count == 0) series_offset = at;
    ++series_count;
    series_end = s.instances->bytes();
    ++instances_;
  }
  closePatient();
  s.by_series.reset();
  s.everyone = scan.dicomdir_values->forEveryone();
}

void SpilledInventory::forEachPatient(const std::function<void(const Patient&)>& visit) {
  SpillFile::Reader reader = impl_->patients->reader();
  std::string value;
  while (reader.next(value)) {
    Patient p = decodePatient(value);
    p.identifying_values.merge(impl_->everyone);
    visit(p);
  }
}

void SpilledInventory::forEachProblem(const std::function<void(Problem&)>& visit) {
  std::string key, value;
  while (impl_->problems.next(key, value)) {
    std::string_view in(value);
    Problem p = decodeProblem(in);
    visit(p);
  }
}

void SpilledInventory::forEachChunk(std::size_t max_instances, std::size_t max_patients,
                                    const std::function<void(InventoryChunk&)>& visit) {
  Impl& s = *impl_;
  max_instances = std::max<std::size_t>(max_instances, 1);
  max_patients = std::max<std::size_t>(max_patients, 1);
  SpillFile::Reader patients = s.patients->reader();
  std::optional<Patient> patient;  // the current one, from the patients' spill
  std::size_t patient_ord = kNone, study_ord = kNone, series_ord = kNone;
  std::string current_study_uid;
  // What the chunk being filled ends with, and what the previous chunk ended with.
  std::size_t chunk_patient = kNone, chunk_study = kNone, chunk_series = kNone;
  std::size_t last_patient = kNone, last_study = kNone, last_series = kNone;
  InventoryChunk chunk;
  std::size_t in_chunk = 0;
  const auto emit = [&] {
    if (in_chunk == 0) return;
    last_patient = chunk_patient;
    last_study = chunk_study;
    last_series = chunk_series;
    visit(chunk);
    chunk = InventoryChunk();
    chunk_patient = chunk_study = chunk_series = kNone;
    in_chunk = 0;
  };
  std::string key, value, patient_value, encoded;
  while (s.series_order->next(key, value)) {
    std::string_view in(value);
    Patient identity;
    for (std::string* f : {&identity.name, &identity.id, &identity.issuer_of_id}) *f = codec::getText(in);
    Study study_facts = decodeStudyFacts(in);
    Series series_facts = decodeSeriesFacts(in);
    const std::uint64_t offset = codec::getVarint(in), count = codec::getVarint(in), bytes = codec::getVarint(in);
    // Series come patient by patient, in the order of the patients' spill (both sort by name, ID, issuer).
    bool new_patient = false;
    if (!patient || !samePatient(*patient, identity)) {
      if (!patients.next(patient_value)) throw Error(ErrorCode::Internal, "spilled inventory: a series without its patient");
      patient = decodePatient(patient_value);
      if (!samePatient(*patient, identity)) throw Error(ErrorCode::Internal, "spilled inventory: series and patients out of step");
      patient->identifying_values.merge(s.everyone);
      ++patient_ord;  // kNone + 1 == 0
      new_patient = true;
    }
    if (new_patient || study_facts.study_instance_uid != current_study_uid) {
      ++study_ord;
      current_study_uid = study_facts.study_instance_uid;
    }
    ++series_ord;
    // A buffer of the series' own size: the default 256 KiB, read and decrypted for a series of
    // one file, cost 25 GB of reads at 100 000 patients of one file each.
    SpillFile::Reader instances = s.instances->reader(offset, static_cast<std::size_t>(std::min<std::uint64_t>(bytes, kSeriesReadBuffer)));
    for (std::uint64_t i = 0; i < count; ++i) {
      if (!instances.next(encoded)) throw Error(ErrorCode::Internal, "spilled inventory: a series ends early");
      if (in_chunk == max_instances ||
          (chunk_patient != patient_ord && chunk.inventory.patients.size() == max_patients))
        emit();
      if (chunk_patient != patient_ord) {
        if (chunk.inventory.patients.empty()) chunk.continues_patient = patient_ord == last_patient;
        Patient copy = *patient;
        chunk.inventory.patients.push_back(std::move(copy));
        chunk_patient = patient_ord;
        chunk_study = chunk_series = kNone;
      }
      Patient& p = chunk.inventory.patients.back();
      if (chunk_study != study_ord) {
        if (p.studies.empty() && chunk.inventory.patients.size() == 1)
          chunk.continues_study = chunk.continues_patient && study_ord == last_study;
        p.studies.push_back(study_facts);
        chunk_study = study_ord;
        chunk_series = kNone;
      }
      Study& st = p.studies.back();
      if (chunk_series != series_ord) {
        if (st.series.empty() && p.studies.size() == 1 && chunk.inventory.patients.size() == 1)
          chunk.continues_series = chunk.continues_study && series_ord == last_series;
        st.series.push_back(series_facts);
        chunk_series = series_ord;
      }
      std::string_view bytes(encoded);
      st.series.back().instances.push_back(decodeInstance(bytes));
      ++in_chunk;
    }
  }
  emit();
}

}  // namespace imaging::workflow
