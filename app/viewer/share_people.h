#pragma once
// Whose images each series of the share list is: the step-1 list groups series under each
// person's name and study date so the person at the screen sees whose images they tick, and the
// counts of the later steps describe the selection, not the disk. Names and dates are only shown;
// nothing here is saved.
#include <QString>
#include <string>
#include <vector>

#include "imaging/model/model.h"

class SharePeople {
 public:
  // list: the browser's series (same order as the viewer's --series N).
  SharePeople(const imaging::Inventory& inventory, const std::vector<const imaging::Series*>& list);

  int count() const { return static_cast<int>(patients_.size()); }
  int personOf(int series_index) const;  // -1 when out of range
  const imaging::Study* studyOf(int series_index) const;
  const imaging::Patient& patient(int person) const { return *patients_[static_cast<std::size_t>(person)]; }
  // "Jane Marie Doe-Smith" from "Doe-Smith^Jane^Marie"; "(no name)" when empty.
  QString name(int person) const;
  // The distinct people the given series (indices into the list) belong to, in list order.
  std::vector<int> peopleOf(const std::vector<int>& series_indices) const;

 private:
  std::vector<const imaging::Patient*> patients_;      // in list order of first appearance
  std::vector<int> person_of_series_;                   // per list index
  std::vector<const imaging::Study*> study_of_series_;  // per list index
};

// "Jane Marie Doe-Smith" from a DICOM person name (family^given^middle^prefix^suffix).
QString readableName(const std::string& person_name);
// "2024-06-11" from "20240611"; "no date" when empty.
QString readableDate(const std::string& da);
