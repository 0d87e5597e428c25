#pragma once
// Groups instances read from files into Patient > Study > Series, detects duplicate SOP Instance
// UIDs and sorts everything deterministically. Pure: no I/O, no DICOM library.
#include <functional>
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
  // Room for this many records, so that adding them does not move the ones added before.
  void reserve(std::size_t records);
  void add(InstanceRecord record);
  void addProblem(Problem problem);
  // Paths of problems the builder itself reports (duplicates) are made relative to this folder;
  // defaults to build()'s root. Set it when instances lie elsewhere (e.g. a zip's extraction).
  void setProblemPathBase(std::filesystem::path base);
  // Whether an instance's pixel data can be decoded here (media knows the transfer syntaxes).
  // Without it every instance counts as decodable.
  void setDecodable(std::function<bool(const Instance&)> decodable);
  // Finishes grouping; the builder is left empty. Records are taken in the order added: of
  // records with the same SOP Instance UID the first decodable one is kept (the first when none
  // is), the others become problems.
  // Patients sort by name then ID, studies by date then UID, series by number then UID,
  // instances by instance number then path, problems by path then kind.
  Inventory build(std::filesystem::path root, std::size_t files_scanned, bool used_dicomdir);

 private:
  std::vector<InstanceRecord> records_;
  std::vector<Problem> problems_;
  std::filesystem::path problem_base_;
  std::function<bool(const Instance&)> decodable_;
};

}  // namespace imaging
