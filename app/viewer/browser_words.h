#pragma once
// What the series browser says about patients and studies, and in which order it lists them:
// names as people write them, birth date, sex and ID; de-identified studies marked; the newest
// study first within a patient, the patient of the opened file first. Qt Core only (tested
// without a window).
#include <QString>
#include <filesystem>
#include <vector>

#include "imaging/model/model.h"

// "Jane Marie Doe-Smith · born 1975-03-12 · F · ID 12345" (parts left out when absent).
QString patientLabel(const imaging::Patient& patient);
// "2024-06-12  MRI knee", plus " · de-identified: dates may be shifted" for a de-identified study.
QString studyLabel(const imaging::Study& study);
// Every instance of the study says Patient Identity Removed YES.
bool studyIdentityRemoved(const imaging::Study& study);

struct BrowserPatient {
  const imaging::Patient* patient = nullptr;
  std::vector<const imaging::Study*> studies;  // newest first (date, then time); undated last
};
// The patients in browser order: the patient holding the opened file (opened: the path the
// person opened, when it is one of the instances) first, the others in the inventory's order.
std::vector<BrowserPatient> browserOrder(const imaging::Inventory& inventory, const std::filesystem::path& opened = {});
