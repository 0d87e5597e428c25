#include "imaging/model/inventory_builder.h"

#include <algorithm>
#include <map>
#include <tuple>
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

}  // namespace

void InventoryBuilder::reserve(std::size_t records) { records_.reserve(records); }

void InventoryBuilder::add(InstanceRecord record) { records_.push_back(std::move(record)); }

void InventoryBuilder::addProblem(Problem problem) { problems_.push_back(std::move(problem)); }

void InventoryBuilder::setProblemPathBase(std::filesystem::path base) { problem_base_ = std::move(base); }

void InventoryBuilder::setDecodable(std::function<bool(const Instance&)> decodable) { decodable_ = std::move(decodable); }

Inventory InventoryBuilder::build(std::filesystem::path root, std::size_t files_scanned, bool used_dicomdir) {
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
  std::unordered_map<std::string, Kept> kept_of_uid;
  kept_of_uid.reserve(records_.size());
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const bool decodable = !decodable_ || decodable_(records_[i].instance);
    auto [it, inserted] = kept_of_uid.try_emplace(records_[i].instance.sop_instance_uid, Kept{i, decodable, false});
    if (inserted) continue;
    it->second.duplicated = true;
    if (decodable && !it->second.decodable) it->second = Kept{i, true, true};
  }
  // Only duplicates name the kept file, whose record is moved from before the later copies are seen.
  std::vector<std::filesystem::path> kept_path(records_.size());
  for (const auto& [uid, kept] : kept_of_uid)
    if (kept.duplicated) kept_path[kept.index] = records_[kept.index].instance.path;
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

  // Files of one series mostly come one after another: a record of the previous record's series
  // skips the index look-ups. Instances are only assigned here and moved in below, once each
  // series knows how many it gets.
  std::vector<std::pair<std::size_t, std::size_t>> placed;  // (record, series number)
  placed.reserve(records_.size());
  // The last record nothing was moved out of: its keys are still there to compare with.
  const InstanceRecord* previous = nullptr;
  std::size_t series_number = 0;
  for (std::size_t index = 0; index < records_.size(); ++index) {
    InstanceRecord& record = records_[index];
    const std::string& uid = record.instance.sop_instance_uid;
    const std::size_t kept = kept_of_uid.at(uid).index;
    if (kept != index) {
      const bool first = kept < index;
      problems_.push_back({relativeTo(record.instance.path, problem_base), ProblemKind::DuplicateSopInstance,
                           "same SOP Instance UID as " + relativeTo(kept_path[kept], problem_base).generic_string() +
                               (first ? "; kept the first" : "; kept that one, whose pixel data can be decoded")});
      continue;
    }

    const bool same_series = previous != nullptr && record.patient.id == previous->patient.id &&
                             record.patient.issuer_of_id == previous->patient.issuer_of_id &&
                             record.patient.name == previous->patient.name &&
                             record.study.study_instance_uid == previous->study.study_instance_uid &&
                             record.series.series_instance_uid == previous->series.series_instance_uid;
    if (same_series) {
      inventory.patients[series_places[series_number].patient].identifying_values.merge(record.patient.identifying_values);
    } else {
      bool moved = false;
      auto [p_it, p_new] = patient_index.emplace(record.patient.identityKey(), inventory.patients.size());
      if (p_new) {
        record.patient.studies.clear();
        inventory.patients.push_back(std::move(record.patient));
        moved = true;
      }
      Patient& patient = inventory.patients[p_it->second];
      if (!p_new) patient.identifying_values.merge(record.patient.identifying_values);

      auto [st_it, st_new] = study_index.emplace(std::make_pair(p_it->second, record.study.study_instance_uid),
                                                 patient.studies.size());
      if (st_new) {
        record.study.series.clear();
        patient.studies.push_back(std::move(record.study));
        moved = true;
      }
      Study& study = patient.studies[st_it->second];

      auto [se_it, se_new] = series_index.emplace(
          std::make_tuple(p_it->second, st_it->second, record.series.series_instance_uid), series_places.size());
      if (se_new) {
        series_places.push_back({p_it->second, st_it->second, study.series.size()});
        record.series.instances.clear();
        study.series.push_back(std::move(record.series));
        moved = true;
      }
      series_number = se_it->second;
      previous = moved ? nullptr : &record;
    }
    ++series_places[series_number].instances;
    placed.emplace_back(index, series_number);
    ++inventory.dicom_files;
  }
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

  records_.clear();
  problems_.clear();
  problem_base_.clear();
  return inventory;
}

}  // namespace imaging
