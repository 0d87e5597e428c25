#include "work_plan.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <system_error>
#include <unordered_map>

#include "imaging/writer/media_layout.h"
#include "modality_terms.h"

namespace fs = std::filesystem;

namespace imaging::workflow {
fs::path inputBase(const Inventory& inventory) {
  return inventory.files_root.empty() ? inventory.root : inventory.files_root;
}

namespace {

fs::path baseFolder(const fs::path& root) {
  std::error_code ec;
  return fs::is_directory(root, ec) ? root : root.parent_path();
}

}  // namespace

bool seriesMatches(const Series& series, const std::string& selector) {
  return selector == series.series_instance_uid || selector == std::to_string(series.number);
}

bool seriesSelected(const Series& series, const std::vector<std::string>& filter) {
  if (filter.empty()) return true;
  return std::any_of(filter.begin(), filter.end(), [&](const std::string& f) { return seriesMatches(series, f); });
}

InputRelativizer::InputRelativizer(const fs::path& root) : base_(baseFolder(root)), under_base_(base_) {}

std::string InputRelativizer::file(const fs::path& path) const {
  // The common case, a path under the root as the scan wrote it, without splitting both into parts.
  if (std::optional<std::string> below = under_base_(path)) return std::move(*below);
  // Otherwise compared as absolute paths: a root given relative to the working folder and a file
  // given absolute (or the other way round) still name the same place.
  std::error_code ec;
  const fs::path absolute_path = fs::absolute(path, ec).lexically_normal();
  const fs::path absolute_base = fs::absolute(base_, ec).lexically_normal();
  fs::path rel = absolute_path.lexically_relative(absolute_base);
  if (rel.empty() || *rel.begin() == "..") rel = path.filename();
  return rel.generic_string();
}

std::string InputRelativizer::problem(const fs::path& path) const {
  if (path.is_absolute()) return file(path);
  // Relative to the scanned folder already. A DICOMDIR reference may point out of the input
  // ("..", or a folder that is not there): that is not a place in the input, so only its file name
  // is shown.
  std::error_code ec;
  const bool escapes = std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == ".."; });
  const bool inside = !escapes && (path.parent_path().empty() || fs::is_directory(base_ / path.parent_path(), ec));
  return inside ? path.generic_string() : path.filename().generic_string();
}

std::vector<std::string> modelIdentifiers(const Patient& patient) {
  std::vector<std::string> ids{patient.name, patient.id, patient.birth_date};
  std::string part;
  for (char c : patient.name + "^") {
    if (c == '^' || c == '=' || c == ' ') {
      if (!part.empty()) ids.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  return ids;
}

namespace {

std::string sopClassName(const std::string& uid) {
  const char* name = dcmFindNameOfUID(uid.c_str(), nullptr);
  return name != nullptr ? name : "unknown SOP class";
}

// Series numbers count series in a study; a larger one is more likely an ID typed into the field.
constexpr int kLargestSeriesNumberShown = 99999;

}  // namespace

// DCMTK finds a UID's name by walking its whole table; a plan names few SOP classes many times.

std::string ItemDescriber::operator()(const WorkItem& item) {
  const std::string& uid = item.instance->sop_class_uid;
  auto found = sop_class_names_.find(uid);
  if (found == sop_class_names_.end()) found = sop_class_names_.emplace(uid, sopClassName(uid)).first;
  const Series& series = *item.series;
  // Only words of the standard and small numbers: a modality or series number is text from the
  // file, and one holding a name or an ID must not reach the report (red team D, D6).
  const std::string modality = series.modality.empty()           ? "no modality"
                               : isStandardModality(series.modality) ? series.modality
                                                                     : "other modality";
  const std::string number = series.number >= 0 && series.number <= kLargestSeriesNumberShown
                                 ? " (number " + std::to_string(series.number) + ")"
                                 : std::string();
  return "patient " + std::to_string(item.patient_place + 1) + ", study " + std::to_string(item.study_place + 1) +
         ", series " + std::to_string(item.series_place + 1) + number + ", image " + std::to_string(item.image_place + 1) +
         " [" + modality + ", " + found->second + "]";
}

bool isStructuredReport(const std::string& sop_class_uid) {
  return sop_class_uid.rfind("1.2.840.10008.5.1.4.1.1.88.", 0) == 0;
}

std::size_t WorkPlan::processCount() const {
  return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [](const WorkItem& i) { return i.toProcess(); }));
}

WorkPlan makeWorkPlan(const Inventory& inventory, const Deidentifier& deid, const std::vector<std::string>& series_filter,
                      const std::function<bool(const Series&)>& redactable, PlanCursor* continued) {
  WorkPlan plan;
  plan.items.reserve(inventory.instanceCount());
  PlanCursor whole;
  PlanCursor& c = continued != nullptr ? *continued : whole;
  // The exclusion rules are string matching over a few header facts that repeat file after file:
  // asked once per distinct set of facts (Deidentifier::decisionKey).
  struct PlanDecision {
    std::optional<Exclusion> exclusion;
    bool screens = false;
  };
  std::unordered_map<std::string, PlanDecision> decisions;
  const auto decide = [&](const Instance& instance, const Series& series) -> const PlanDecision& {
    auto [it, inserted] = decisions.try_emplace(deid.decisionKey(instance, series));
    if (inserted) it->second = {deid.exclusionReason(instance, series), deid.screensPixels(instance, series)};
    return it->second;
  };
  for (std::size_t p = 0; p < inventory.patients.size(); ++p) {
    const Patient& patient = inventory.patients[p];
    plan.patients.push_back(&patient);
    const bool same_patient = p == 0 && c.continues_patient;
    if (!same_patient) {
      c.patient_used = false;
      c.study_number = 0;
      c.studies_seen = 0;
      c.patient_place = c.patients_seen++;
    }
    for (std::size_t st = 0; st < patient.studies.size(); ++st) {
      const Study& study = patient.studies[st];
      const bool same_study = same_patient && st == 0 && c.continues_study;
      if (!same_study) {
        c.study_used = false;
        c.series_number = 0;
        c.series_seen = 0;
        c.study_place = c.studies_seen++;
      }
      for (std::size_t se = 0; se < study.series.size(); ++se) {
        const Series& series = study.series[se];
        const bool same_series = same_study && se == 0 && c.continues_series;
        if (!same_series) {
          c.series_used = false;
          c.instance_number = 0;
          c.images_seen = 0;
          c.series_place = c.series_seen++;
        }
        const bool selected = seriesSelected(series, series_filter);
        for (std::size_t in = 0; in < series.instances.size(); ++in) {
          const Instance& instance = series.instances[in];
          WorkItem item;
          item.index = ++c.index;
          item.patient = &patient;
          item.series = &series;
          item.instance = &instance;
          item.patient_slot = p;
          item.patient_place = c.patient_place;
          item.selected = selected;
          item.study_place = static_cast<std::uint32_t>(c.study_place);
          item.series_place = static_cast<std::uint32_t>(c.series_place);
          item.image_place = static_cast<std::uint32_t>(c.images_seen++);
          if (selected) {
            const PlanDecision& decided = decide(instance, series);
            item.exclusion = decided.exclusion;
            // Everything the engine leaves out except reports (which have no pixels) is left out
            // for likely burned-in text.
            item.burned_in = item.exclusion.has_value() && isBurnedIn(item.exclusion->code);
            if (item.burned_in && redactable && redactable(series)) {
              item.redact = true;
              item.exclusion.reset();
            }
            if (!item.exclusion && !item.redact && decided.screens) {
              item.screen = true;
              item.redact_if_text = redactable && redactable(series);
            }
          }
          if (item.toProcess()) {
            if (!c.patient_used) { ++c.patient_number; c.patient_used = true; }
            if (!c.study_used) { ++c.study_number; c.study_used = true; }
            if (!c.series_used) { ++c.series_number; c.series_used = true; }
            item.output_name = mediaInstanceName(c.patient_number, c.study_number, c.series_number, ++c.instance_number);
          }
          plan.items.push_back(std::move(item));
        }
      }
    }
  }
  return plan;
}

}  // namespace imaging::workflow
