#include "share_people.h"

#include <QObject>
#include <QStringList>
#include <algorithm>

namespace {
QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }
}  // namespace

SharePeople::SharePeople(const imaging::Inventory& inventory, const std::vector<const imaging::Series*>& list)
    : person_of_series_(list.size(), -1), study_of_series_(list.size(), nullptr) {
  for (std::size_t i = 0; i < list.size(); ++i)
    for (const auto& patient : inventory.patients)
      for (const auto& study : patient.studies)
        for (const auto& series : study.series) {
          if (&series != list[i]) continue;
          auto at = std::find(patients_.begin(), patients_.end(), &patient);
          if (at == patients_.end()) at = patients_.insert(patients_.end(), &patient);
          person_of_series_[i] = static_cast<int>(at - patients_.begin());
          study_of_series_[i] = &study;
        }
}

int SharePeople::personOf(int series_index) const {
  if (series_index < 0 || series_index >= static_cast<int>(person_of_series_.size())) return -1;
  return person_of_series_[static_cast<std::size_t>(series_index)];
}

const imaging::Study* SharePeople::studyOf(int series_index) const {
  if (series_index < 0 || series_index >= static_cast<int>(study_of_series_.size())) return nullptr;
  return study_of_series_[static_cast<std::size_t>(series_index)];
}

QString SharePeople::name(int person) const { return readableName(patient(person).name); }

std::vector<int> SharePeople::peopleOf(const std::vector<int>& series_indices) const {
  std::vector<int> people;
  for (int index : series_indices) {
    const int person = personOf(index);
    if (person >= 0 && std::find(people.begin(), people.end(), person) == people.end()) people.push_back(person);
  }
  std::sort(people.begin(), people.end());
  return people;
}

QString readableName(const std::string& person_name) {
  // Only the alphabetic group (before any '='); components: family, given, middle, prefix, suffix.
  const QStringList parts = text(person_name.substr(0, person_name.find('='))).split(QLatin1Char('^'));
  auto part = [&](int i) { return i < parts.size() ? parts[i].trimmed() : QString(); };
  QStringList words;
  for (const QString& w : {part(3), part(1), part(2), part(0), part(4)})
    if (!w.isEmpty()) words << w;
  return words.isEmpty() ? QObject::tr("(no name)") : words.join(QLatin1Char(' '));
}

QString readableDate(const std::string& da) {
  if (da.empty()) return QObject::tr("no date");
  if (da.size() != 8) return text(da);
  return text(da.substr(0, 4) + "-" + da.substr(4, 2) + "-" + da.substr(6, 2));
}
