#pragma once
// Groups instances read from files into Patient > Study > Series, detects duplicate SOP Instance
// UIDs and sorts everything deterministically. Pure: no I/O, no DICOM library.
#include <vector>

#include "imaging/model/model.h"

namespace imaging {

// The per-file header facts the builder groups by. media fills these from each file.
struct InstanceRecord {
  Instance instance;
  Patient patient;   // studies empty
  Study study;       // series empty
  Series series;     // instances empty
};

class InventoryBuilder {
 public:
  void add(InstanceRecord record);
  void addProblem(Problem problem);
  // Finishes grouping; the builder is left empty.
  Inventory build(std::filesystem::path root, std::size_t files_scanned, bool used_dicomdir);

 private:
  std::vector<InstanceRecord> records_;
  std::vector<Problem> problems_;
};

}  // namespace imaging
