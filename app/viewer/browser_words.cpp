#include "browser_words.h"

#include <QObject>
#include <QStringList>
#include <algorithm>

#include "imaging/media/structured_report.h"
#include "share_people.h"  // readableDate

namespace {
QString text(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

QString sexWord(const std::string& sex) {
  if (sex == "F") return QObject::tr("F");
  if (sex == "M") return QObject::tr("M");
  if (sex == "O") return QObject::tr("other");
  return text(sex);
}

bool holds(const imaging::Patient& patient, const std::filesystem::path& opened) {
  std::error_code ec;
  for (const auto& study : patient.studies)
    for (const auto& series : study.series)
      for (const auto& instance : series.instances)
        if (instance.path == opened || std::filesystem::equivalent(instance.path, opened, ec)) return true;
  return false;
}
}  // namespace

QString patientLabel(const imaging::Patient& patient) {
  const std::string name = imaging::readablePersonName(patient.name);
  QStringList parts{name.empty() ? QObject::tr("(no name)") : text(name)};
  if (!patient.birth_date.empty()) parts << QObject::tr("born %1").arg(readableDate(patient.birth_date));
  if (!patient.sex.empty()) parts << sexWord(patient.sex);
  if (!patient.id.empty()) parts << QObject::tr("ID %1").arg(text(patient.id));
  return parts.join(QStringLiteral(" \u00b7 "));
}

bool studyIdentityRemoved(const imaging::Study& study) {
  bool any = false;
  for (const auto& series : study.series)
    for (const auto& instance : series.instances) {
      if (!instance.patient_identity_removed) return false;
      any = true;
    }
  return any;
}

QString studyLabel(const imaging::Study& study) {
  QString label = study.date.empty() ? QString() : readableDate(study.date);
  if (!study.description.empty()) label += QStringLiteral("  ") + text(study.description);
  label = label.trimmed();
  if (label.isEmpty()) label = QObject::tr("Study");
  if (studyIdentityRemoved(study)) label += QObject::tr(" \u00b7 de-identified: dates may be shifted");
  return label;
}

std::vector<BrowserPatient> browserOrder(const imaging::Inventory& inventory, const std::filesystem::path& opened) {
  std::vector<BrowserPatient> order;
  for (const auto& patient : inventory.patients) {
    BrowserPatient entry{&patient, {}};
    for (const auto& study : patient.studies) entry.studies.push_back(&study);
    std::stable_sort(entry.studies.begin(), entry.studies.end(), [](const imaging::Study* a, const imaging::Study* b) {
      if (a->date.empty() != b->date.empty()) return b->date.empty();  // dated before undated
      return a->date + a->time > b->date + b->time;
    });
    order.push_back(std::move(entry));
  }
  if (!opened.empty()) {
    auto first = std::find_if(order.begin(), order.end(), [&](const BrowserPatient& p) { return holds(*p.patient, opened); });
    if (first != order.end()) std::rotate(order.begin(), first, first + 1);
  }
  return order;
}
