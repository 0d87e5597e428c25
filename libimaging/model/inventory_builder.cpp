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
      for (auto& series : study.series)
        std::sort(series.instances.begin(), series.instances.end(), [](const Instance& a, const Instance& b) {
          return std::tie(a.instance_number, a.path) < std::tie(b.instance_number, b.path);
        });
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
  std::unordered_map<std::string, std::size_t> kept_of_uid;
  std::unordered_map<std::string, bool> kept_decodable;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const std::string& uid = records_[i].instance.sop_instance_uid;
    const bool decodable = !decodable_ || decodable_(records_[i].instance);
    auto [it, inserted] = kept_of_uid.emplace(uid, i);
    if (inserted) {
      kept_decodable[uid] = decodable;
    } else if (decodable && !kept_decodable[uid]) {
      it->second = i;
      kept_decodable[uid] = true;
    }
  }
  std::vector<std::filesystem::path> kept_path(records_.size());
  for (const auto& [uid, index] : kept_of_uid) kept_path[index] = records_[index].instance.path;
  std::map<std::string, std::size_t> patient_index;
  // Study and series indexes are per parent, keyed by the parent's position.
  std::map<std::pair<std::size_t, std::string>, std::size_t> study_index;
  std::map<std::tuple<std::size_t, std::size_t, std::string>, std::size_t> series_index;

  for (std::size_t index = 0; index < records_.size(); ++index) {
    InstanceRecord& record = records_[index];
    const std::string& uid = record.instance.sop_instance_uid;
    const std::size_t kept = kept_of_uid.at(uid);
    if (kept != index) {
      const bool first = kept < index;
      problems_.push_back({relativeTo(record.instance.path, problem_base), ProblemKind::DuplicateSopInstance,
                           "same SOP Instance UID as " + relativeTo(kept_path[kept], problem_base).generic_string() +
                               (first ? "; kept the first" : "; kept that one, whose pixel data can be decoded")});
      continue;
    }

    auto [p_it, p_new] = patient_index.emplace(record.patient.identityKey(), inventory.patients.size());
    if (p_new) {
      record.patient.studies.clear();
      inventory.patients.push_back(std::move(record.patient));
    }
    Patient& patient = inventory.patients[p_it->second];
    if (!p_new) patient.identifying_values.merge(record.patient.identifying_values);

    auto [st_it, st_new] = study_index.emplace(std::make_pair(p_it->second, record.study.study_instance_uid),
                                               patient.studies.size());
    if (st_new) {
      record.study.series.clear();
      patient.studies.push_back(std::move(record.study));
    }
    Study& study = patient.studies[st_it->second];

    auto [se_it, se_new] = series_index.emplace(
        std::make_tuple(p_it->second, st_it->second, record.series.series_instance_uid), study.series.size());
    if (se_new) {
      record.series.instances.clear();
      study.series.push_back(std::move(record.series));
    }
    study.series[se_it->second].instances.push_back(std::move(record.instance));
    ++inventory.dicom_files;
  }

  sortInventory(inventory.patients);
  std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
    return std::make_pair(a.path, static_cast<int>(a.kind)) < std::make_pair(b.path, static_cast<int>(b.kind));
  });
  inventory.problems = std::move(problems_);

  records_.clear();
  problems_.clear();
  problem_base_.clear();
  return inventory;
}

}  // namespace imaging
