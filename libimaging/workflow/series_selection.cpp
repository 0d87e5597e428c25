#include "imaging/workflow/series_selection.h"

#include <algorithm>
#include <cctype>

#include "imaging/core/error.h"

namespace imaging {
namespace {

struct Position {
  std::size_t patient = 0, study = 0, series = 0;  // 0-based
};

constexpr std::size_t kMaxListed = 12;

bool allDigits(const std::string& s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string list(const Inventory& inventory, const std::vector<Position>& positions) {
  std::string text;
  for (std::size_t i = 0; i < positions.size() && i < kMaxListed; ++i) {
    if (i > 0) text += "; ";
    text += describeSeriesPosition(inventory, positions[i].patient, positions[i].study, positions[i].series);
  }
  if (positions.size() > kMaxListed) text += "; and " + std::to_string(positions.size() - kMaxListed) + " more";
  return text;
}

Error usage(const std::string& message) { return Error(ErrorCode::InvalidArgument, message); }

// Patients in scope (0-based). The value never appears in a message: it may be a Patient ID.
std::vector<std::size_t> patientsInScope(const Inventory& inventory, const std::string& patient) {
  std::vector<std::size_t> found;
  for (std::size_t p = 0; p < inventory.patients.size(); ++p)
    if (patient.empty() || inventory.patients[p].id == patient || (allDigits(patient) && std::stoul(patient) == p + 1))
      found.push_back(p);
  const std::string count = std::to_string(inventory.patients.size());
  if (found.empty())
    throw usage("--patient matches no patient on the input: give a position from 1 to " + count +
                " (as scan lists them) or a Patient ID");
  if (!patient.empty() && found.size() > 1)
    throw usage("--patient matches more than one patient (a position and another patient's ID): select the series as "
                "PATIENT/STUDY/SERIES instead");
  return found;
}

std::vector<Position> seriesInScope(const Inventory& inventory, const SeriesScope& scope) {
  if (scope.study < 0) throw usage("--study counts from 1");
  std::vector<Position> all;
  bool study_found = scope.study == 0;
  for (std::size_t p : patientsInScope(inventory, scope.patient)) {
    const Patient& patient = inventory.patients[p];
    for (std::size_t st = 0; st < patient.studies.size(); ++st) {
      if (scope.study != 0 && st + 1 != static_cast<std::size_t>(scope.study)) continue;
      study_found = true;
      for (std::size_t se = 0; se < patient.studies[st].series.size(); ++se) all.push_back({p, st, se});
    }
  }
  if (!study_found) throw usage("--study " + std::to_string(scope.study) + ": no patient in scope has that many studies");
  return all;
}

const Series& at(const Inventory& inventory, const Position& pos) {
  return inventory.patients[pos.patient].studies[pos.study].series[pos.series];
}

// "P/S/N", each a position from 1.
Position parsePosition(const Inventory& inventory, const std::string& selector, const std::string& option) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (std::size_t slash; (slash = selector.find('/', begin)) != std::string::npos; begin = slash + 1)
    parts.push_back(selector.substr(begin, slash - begin));
  parts.push_back(selector.substr(begin));
  const std::string what = option + " " + selector;
  if (parts.size() != 3 || !std::all_of(parts.begin(), parts.end(), allDigits))
    throw usage(what + ": the position form is PATIENT/STUDY/SERIES, three numbers from 1 (e.g. 1/1/2)");
  const std::size_t p = std::stoul(parts[0]), st = std::stoul(parts[1]), se = std::stoul(parts[2]);
  if (p == 0 || p > inventory.patients.size())
    throw usage(what + ": there is no patient " + parts[0] + " (the input has " + std::to_string(inventory.patients.size()) + ")");
  const Patient& patient = inventory.patients[p - 1];
  if (st == 0 || st > patient.studies.size())
    throw usage(what + ": patient " + parts[0] + " has no study " + parts[1] + " (it has " + std::to_string(patient.studies.size()) + ")");
  const Study& study = patient.studies[st - 1];
  if (se == 0 || se > study.series.size())
    throw usage(what + ": patient " + parts[0] + "/study " + parts[1] + " has no series " + parts[2] + " (it has " +
                std::to_string(study.series.size()) + ")");
  return {p - 1, st - 1, se - 1};
}

Position resolveOne(const Inventory& inventory, const std::string& selector, const std::vector<Position>& scope,
                    const std::string& option) {
  if (selector.find('/') != std::string::npos) return parsePosition(inventory, selector, option);
  const bool number = allDigits(selector);
  const bool uid = !number && !selector.empty() &&
                   std::all_of(selector.begin(), selector.end(), [](unsigned char c) { return std::isdigit(c) || c == '.'; });
  if (!number && !uid)
    throw usage(option + ": '" + selector + "' is not a series number, a Series Instance UID or PATIENT/STUDY/SERIES");
  std::vector<Position> matches;
  for (const Position& pos : scope) {
    const Series& series = at(inventory, pos);
    if (uid ? series.series_instance_uid == selector : std::to_string(series.number) == selector) matches.push_back(pos);
  }
  if (matches.size() == 1) return matches.front();
  // A UID may be the source's: it is never repeated in a message.
  const std::string what = uid ? "a Series Instance UID given to " + option : option + " " + selector;
  if (matches.empty())
    throw usage(what + " matches no series" + (scope.empty() ? std::string() : "; the series are: " + list(inventory, scope)));
  throw usage(what + " matches " + std::to_string(matches.size()) + " series: " + list(inventory, matches) +
              ". Name one as PATIENT/STUDY/SERIES (e.g. " + option + " " + std::to_string(matches.front().patient + 1) + "/" +
              std::to_string(matches.front().study + 1) + "/" + std::to_string(matches.front().series + 1) +
              "), or add --patient or --study");
}

}  // namespace

std::string describeSeriesPosition(const Inventory& inventory, std::size_t patient, std::size_t study, std::size_t series) {
  const Series& s = inventory.patients.at(patient).studies.at(study).series.at(series);
  const std::size_t images = s.instances.size();
  return "patient " + std::to_string(patient + 1) + "/study " + std::to_string(study + 1) + "/series " +
         std::to_string(series + 1) + " (" + (s.modality.empty() ? std::string("no modality") : s.modality) + ", number " +
         std::to_string(s.number) + ", " + std::to_string(images) + (images == 1 ? " image)" : " images)");
}

std::vector<std::string> resolveSeriesSelectors(const Inventory& inventory, const std::vector<std::string>& selectors,
                                                const SeriesScope& scope, const std::string& option) {
  std::vector<std::string> uids;
  if (selectors.empty()) {
    if (!scope.patient.empty() || scope.study != 0)
      throw usage("--patient and --study qualify --series: give --series too");
    return uids;
  }
  const std::vector<Position> in_scope = seriesInScope(inventory, scope);
  for (const std::string& selector : selectors) {
    const std::string uid = at(inventory, resolveOne(inventory, selector, in_scope, option)).series_instance_uid;
    if (std::find(uids.begin(), uids.end(), uid) == uids.end()) uids.push_back(uid);
  }
  return uids;
}

}  // namespace imaging
