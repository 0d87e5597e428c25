#pragma once
// Groups instances read from files into Patient > Study > Series, detects duplicate SOP Instance
// UIDs and sorts everything deterministically. Pure: no I/O, no DICOM library.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
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

// The problem of a copy left out for another copy of the same SOP Instance UID (the kept one came
// first, or it alone can be decoded), paths shown relative to base. One wording for every scan.
Problem duplicateProblem(const std::filesystem::path& copy, const std::filesystem::path& kept, bool kept_first,
                         const std::filesystem::path& base);

class InventoryBuilder {
 public:
  // Room for this many records, so that adding them does not move the ones added before.
  void reserve(std::size_t records);
  void add(InstanceRecord record);
  // The record add() would take as the position-th (0-based), from any thread: the scan's readers
  // hand each file's record over as soon as it is read. Positions never placed hold no record.
  void place(std::size_t position, InstanceRecord record);
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

  // How many distinct patient facts, and distinct sets of identifying values, the records placed
  // so far hold: records with equal values share one copy (see KeptRecord).
  std::size_t distinctPatients() const;
  std::size_t distinctIdentifyingValues() const;

 private:
  // A record as kept until build(): its instance, and its patient, study and series facts and
  // identifying values as indexes into tables of distinct values. The files of one series (of one
  // patient) share one copy of each instead of every record holding its own.
  struct KeptRecord {
    Instance instance;
    bool present = false;
    std::uint32_t patient = 0, study = 0, series = 0, identifying = 0;
  };
  // Distinct values of one kind, each stored once, found again by a key made of every field.
  template <typename T>
  struct DistinctValues {
    std::vector<T> values;
    std::unordered_map<std::string, std::uint32_t> index_of_key;
    std::uint32_t intern(std::string key, T&& value);
  };

  mutable std::mutex mutex_;  // place() from several threads
  std::vector<KeptRecord> records_;
  DistinctValues<Patient> patients_;  // studies and identifying values empty
  DistinctValues<Study> studies_;     // series empty
  DistinctValues<Series> series_;     // instances empty
  DistinctValues<IdentifyingValues> identifying_;
  std::vector<Problem> problems_;
  std::filesystem::path problem_base_;
  std::function<bool(const Instance&)> decodable_;
};

}  // namespace imaging
