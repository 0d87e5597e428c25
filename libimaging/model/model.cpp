#include "imaging/model/model.h"

#include <algorithm>
#include <iterator>

namespace imaging {
namespace {

void mergeSorted(std::vector<std::string>& into, const std::vector<std::string>& from) {
  if (from.empty()) return;
  std::vector<std::string> merged;
  merged.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(merged));
  into = std::move(merged);
}

}  // namespace

void IdentifyingValues::merge(const IdentifyingValues& other) {
  mergeSorted(patient, other.patient);
  mergeSorted(institution, other.institution);
  mergeSorted(device, other.device);
}

std::vector<std::string> IdentifyingValues::united(bool with_institution, bool with_device) const {
  std::vector<std::string> all = patient;
  if (with_institution) mergeSorted(all, institution);
  if (with_device) mergeSorted(all, device);
  return all;
}

const char* toString(ProblemKind kind) noexcept {
  switch (kind) {
    case ProblemKind::NotDicom: return "not-dicom";
    case ProblemKind::Truncated: return "truncated";
    case ProblemKind::Unreadable: return "unreadable";
    case ProblemKind::UnsafeStructure: return "unsafe-structure";
    case ProblemKind::DuplicateSopInstance: return "duplicate-sop-instance";
    case ProblemKind::MissingReferencedFile: return "missing-referenced-file";
    case ProblemKind::InvalidDicomdir: return "invalid-dicomdir";
    case ProblemKind::Unsupported: return "unsupported";
    case ProblemKind::Incomplete: return "incomplete";
  }
  return "unknown";
}

bool isDamage(ProblemKind kind) noexcept {
  switch (kind) {
    case ProblemKind::Truncated:
    case ProblemKind::Unreadable:
    case ProblemKind::UnsafeStructure:
    case ProblemKind::Unsupported:
    case ProblemKind::DuplicateSopInstance:
    case ProblemKind::Incomplete: return true;
    case ProblemKind::NotDicom:
    case ProblemKind::MissingReferencedFile:
    case ProblemKind::InvalidDicomdir: return false;
  }
  return true;
}

std::size_t Inventory::instanceCount() const {
  std::size_t n = 0;
  for (const auto& p : patients)
    for (const auto& st : p.studies)
      for (const auto& se : st.series) n += se.instances.size();
  return n;
}

std::size_t Inventory::seriesCount() const {
  std::size_t n = 0;
  for (const auto& p : patients)
    for (const auto& st : p.studies) n += st.series.size();
  return n;
}

std::size_t Inventory::studyCount() const {
  std::size_t n = 0;
  for (const auto& p : patients) n += p.studies.size();
  return n;
}

}  // namespace imaging
