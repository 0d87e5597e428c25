#include "imaging/model/inventory_builder.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace imaging {
namespace {

std::filesystem::path relativeTo(const std::filesystem::path& path, const std::filesystem::path& base) {
  if (base.empty()) return path;
  std::filesystem::path rel = path.lexically_relative(base);
  // Outside base (or on another root): keep the path as given rather than inventing "../..".
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel;
}

void sortInventory(std::vector<Patient>& patients) {
  for (auto& patient : patients) {
    for (auto& study : patient.studies) {
      for (auto& series : study.series) {
        const auto before = [](const Instance& a, const Instance& b) {
          return std::tie(a.instance_number, a.path) < std::tie(b.instance_number, b.path);
        };
        // Files are mostly listed in instance order already; sorting would still move every
        // instance. No two instances share a path, so either way gives the same order.
        if (!std::is_sorted(series.instances.begin(), series.instances.end(), before))
          std::sort(series.instances.begin(), series.instances.end(), before);
      }
      std::sort(study.series.begin(), study.series.end(), [](const Series& a, const Series& b) {
        return std::tie(a.number, a.series_instance_uid) < std::tie(b.number, b.series_instance_uid);
      });
    }
    std::sort(patient.studies.begin(), patient.studies.end(), [](const Study& a, const Study& b) {
      return std::tie(a.date, a.time, a.study_instance_uid) < std::tie(b.date, b.time, b.study_instance_uid);
    });
  }
  std::sort(patients.begin(), patients.end(), [](const Patient& a, const Patient& b) {
    return std::tie(a.name, a.id, a.issuer_of_id) < std::tie(b.name, b.id, b.issuer_of_id);
  });
}

// Keys of every field, each length-prefixed, so that two values share a key only when equal in
// every field. A field added to Patient, Study or Series must be added here too.
void appendField(std::string& key, const std::string& field) {
  char digits[24];
  const char* end = std::to_chars(digits, digits + sizeof digits, field.size()).ptr;
  key.append(digits, static_cast<std::size_t>(end - digits));
  key += ':';
  key += field;
}

std::string patientKey(const Patient& p) {
  std::string key;
  for (const std::string* f : {&p.name, &p.id, &p.issuer_of_id, &p.birth_date, &p.sex}) appendField(key, *f);
  return key;
}

std::string studyKey(const Study& s) {
  std::string key;
  for (const std::string* f : {&s.study_instance_uid, &s.date, &s.time, &s.description, &s.accession_number,
                               &s.referring_physician})
    appendField(key, *f);
  return key;
}

std::string seriesKey(const Series& s) {
  std::string key = std::to_string(s.number);
  for (const std::string* f : {&s.series_instance_uid, &s.modality, &s.description, &s.body_part, &s.laterality,
                               &s.frame_of_reference_uid})
    appendField(key, *f);
  return key;
}

std::string identifyingKey(const IdentifyingValues& v) {
  std::string key;
  std::size_t size = 0;  // dozens of values a patient, for every file: one allocation
  for (const std::vector<std::string>* list : {&v.patient, &v.institution, &v.device})
    for (const std::string& value : *list) size += value.size() + 8;
  key.reserve(size + 32);
  for (const std::vector<std::string>* list : {&v.patient, &v.institution, &v.device}) {
    key += std::to_string(list->size());
    key += ';';
    for (const std::string& value : *list) appendField(key, value);
  }
  return key;
}


}  // namespace

Problem duplicateProblem(const std::filesystem::path& copy, const std::filesystem::path& kept, bool kept_first,
                         const std::filesystem::path& base) {
  return {relativeTo(copy, base), ProblemKind::DuplicateSopInstance,
          "same SOP Instance UID as " + relativeTo(kept, base).generic_string() +
              (kept_first ? "; kept the first" : "; kept that one, whose pixel data can be decoded")};
}

template <typename T>
std::uint32_t InventoryBuilder::DistinctValues<T>::intern(std::string key, T&& value) {
  auto [it, inserted] = index_of_key.try_emplace(std::move(key), static_cast<std::uint32_t>(values.size()));
  if (inserted) values.push_back(std::move(value));
  return it->second;
}

void InventoryBuilder::reserve(std::size_t records) {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.reserve(records);
}

void InventoryBuilder::add(InstanceRecord record) {
  std::unique_lock<std::mutex> lock(mutex_);
  const std::size_t position = records_.size();
  lock.unlock();
  place(position, std::move(record));
}

void InventoryBuilder::place(std::size_t position, InstanceRecord record) {
  record.patient.studies.clear();
  IdentifyingValues identifying = std::move(record.patient.identifying_values);
  record.patient.identifying_values = {};
  record.study.series.clear();
  record.series.instances.clear();
  // The files of one patient come one after another and carry equal identifying values: equal to
  // the last set kept, they take its index without spelling out dozens of values as a key. (Sets
  // are only ever appended, so the index stays right.)
  std::optional<std::uint32_t> same_identifying;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::vector<IdentifyingValues>& kept_sets = identifying_.values;
    if (!kept_sets.empty() && kept_sets.back().patient == identifying.patient &&
        kept_sets.back().institution == identifying.institution && kept_sets.back().device == identifying.device)
      same_identifying = static_cast<std::uint32_t>(kept_sets.size() - 1);
  }
  // The keys are made before the lock: only the look-ups wait for other threads.
  std::string patient_key = patientKey(record.patient), study_key = studyKey(record.study),
              series_key = seriesKey(record.series),
              identifying_key = same_identifying ? std::string() : identifyingKey(identifying);
  std::lock_guard<std::mutex> lock(mutex_);
  if (position >= records_.size()) records_.resize(position + 1);
  KeptRecord& kept = records_[position];
  kept.instance = std::move(record.instance);
  kept.present = true;
  kept.patient = patients_.intern(std::move(patient_key), std::move(record.patient));
  kept.study = studies_.intern(std::move(study_key), std::move(record.study));
  kept.series = series_.intern(std::move(series_key), std::move(record.series));
  kept.identifying =
      same_identifying ? *same_identifying : identifying_.intern(std::move(identifying_key), std::move(identifying));
}

std::size_t InventoryBuilder::distinctPatients() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return patients_.values.size();
}

std::size_t InventoryBuilder::distinctIdentifyingValues() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return identifying_.values.size();
}

void InventoryBuilder::addProblem(Problem problem) { problems_.push_back(std::move(problem)); }

void InventoryBuilder::setProblemPathBase(std::filesystem::path base) { problem_base_ = std::move(base); }

void InventoryBuilder::setDecodable(std::function<bool(const Instance&)> decodable) { decodable_ = std::move(decodable); }

Inventory InventoryBuilder::build(std::filesystem::path root, std::size_t files_scanned, bool used_dicomdir) {
  std::lock_guard<std::mutex> lock(mutex_);
  // The keys only serve to find values again while records come in. Freed before the inventory's
  // copies are made: per patient of an archive they weigh as much as the values (the identifying
  // values' key spells out every one of them).
  patients_.index_of_key = {};
  studies_.index_of_key = {};
  series_.index_of_key = {};
  identifying_.index_of_key = {};
  Inventory inventory;
  const std::filesystem::path problem_base = problem_base_.empty() ? root : problem_base_;
  inventory.root = std::move(root);
  inventory.files_scanned = files_scanned;
  inventory.used_dicomdir = used_dicomdir;

  // Which record keeps each SOP Instance UID: the first decodable one, else the first.
  struct Kept {
    std::size_t index;
    bool decodable;
    bool duplicated;
  };
  // Keyed by the records' own UIDs (records_ does not change until the instances move out, after
  // the map is freed): a copy of every UID was about 150 bytes a file at the scan's peak.
  std::unordered_map<std::string_view, Kept> kept_of_uid;
  kept_of_uid.reserve(records_.size());
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (!records_[i].present) continue;
    const bool decodable = !decodable_ || decodable_(records_[i].instance);
    auto [it, inserted] = kept_of_uid.try_emplace(records_[i].instance.sop_instance_uid, Kept{i, decodable, false});
    if (inserted) continue;
    it->second.duplicated = true;
    if (decodable && !it->second.decodable) it->second = Kept{i, true, true};
  }
  // Only duplicates name the kept file, whose instance is moved from before the later copies are seen.
  std::unordered_map<std::size_t, std::filesystem::path> kept_path;
  for (const auto& [uid, kept] : kept_of_uid)
    if (kept.duplicated) kept_path.emplace(kept.index, records_[kept.index].instance.path);
  std::map<std::string, std::size_t> patient_index;
  // Study indexes are per patient, keyed by the patient's position. Series are numbered in the order
  // met; series_places tells where each one is in the tree.
  std::map<std::pair<std::size_t, std::string>, std::size_t> study_index;
  std::map<std::tuple<std::size_t, std::size_t, std::string>, std::size_t> series_index;
  struct SeriesPlace {
    std::size_t patient, study, position;
    std::size_t instances = 0;
  };
  std::vector<SeriesPlace> series_places;
  // Each patient takes each distinct set of identifying values once (merging is a set union).
  std::set<std::pair<std::size_t, std::uint32_t>> merged_values;
  const auto mergeValues = [&](std::size_t patient, std::uint32_t values) {
    if (merged_values.emplace(patient, values).second)
      inventory.patients[patient].identifying_values.merge(identifying_.values[values]);
  };

  // Files of one series mostly come one after another: a record of the previous record's series
  // skips the index look-ups. Instances are only assigned here and moved in below, once each
  // series knows how many it gets.
  std::vector<std::pair<std::size_t, std::size_t>> placed;  // (record, series number)
  placed.reserve(records_.size());
  const KeptRecord* previous = nullptr;
  std::size_t series_number = 0;
  for (std::size_t index = 0; index < records_.size(); ++index) {
    const KeptRecord& record = records_[index];
    if (!record.present) continue;
    const std::size_t kept = kept_of_uid.at(record.instance.sop_instance_uid).index;
    if (kept != index) {
      const bool first = kept < index;
      problems_.push_back(duplicateProblem(record.instance.path, kept_path.at(kept), first, problem_base));
      continue;
    }

    const Patient& record_patient = patients_.values[record.patient];
    const Study& record_study = studies_.values[record.study];
    const Series& record_series = series_.values[record.series];
    const bool same_series = previous != nullptr &&
                             (record.patient == previous->patient ||
                              (record_patient.id == patients_.values[previous->patient].id &&
                               record_patient.issuer_of_id == patients_.values[previous->patient].issuer_of_id &&
                               record_patient.name == patients_.values[previous->patient].name)) &&
                             record_study.study_instance_uid == studies_.values[previous->study].study_instance_uid &&
                             record_series.series_instance_uid == series_.values[previous->series].series_instance_uid;
    if (same_series) {
      mergeValues(series_places[series_number].patient, record.identifying);
    } else {
      auto [p_it, p_new] = patient_index.emplace(record_patient.identityKey(), inventory.patients.size());
      if (p_new) {
        inventory.patients.push_back(record_patient);
        inventory.patients.back().identifying_values = identifying_.values[record.identifying];
        merged_values.emplace(p_it->second, record.identifying);
      } else {
        mergeValues(p_it->second, record.identifying);
      }
      Patient& patient = inventory.patients[p_it->second];

      auto [st_it, st_new] =
          study_index.emplace(std::make_pair(p_it->second, record_study.study_instance_uid), patient.studies.size());
      if (st_new) patient.studies.push_back(record_study);
      Study& study = patient.studies[st_it->second];

      auto [se_it, se_new] = series_index.emplace(
          std::make_tuple(p_it->second, st_it->second, record_series.series_instance_uid), series_places.size());
      if (se_new) {
        series_places.push_back({p_it->second, st_it->second, study.series.size()});
        study.series.push_back(record_series);
      }
      series_number = se_it->second;
    }
    previous = &record;
    ++series_places[series_number].instances;
    placed.emplace_back(index, series_number);
    ++inventory.dicom_files;
  }
  kept_of_uid = {};
  kept_path = {};
  for (const SeriesPlace& at : series_places)
    inventory.patients[at.patient].studies[at.study].series[at.position].instances.reserve(at.instances);
  for (const auto& [index, number] : placed) {
    const SeriesPlace& at = series_places[number];
    inventory.patients[at.patient].studies[at.study].series[at.position].instances.push_back(
        std::move(records_[index].instance));
  }
  sortInventory(inventory.patients);
  std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
    const int by_path = a.path.compare(b.path);  // compared in place: no copy of either path
    return by_path != 0 ? by_path < 0 : static_cast<int>(a.kind) < static_cast<int>(b.kind);
  });
  inventory.problems = std::move(problems_);

  records_ = std::vector<KeptRecord>();
  patients_ = {};
  studies_ = {};
  series_ = {};
  identifying_ = {};
  problems_.clear();
  problem_base_.clear();
  return inventory;
}

}  // namespace imaging
