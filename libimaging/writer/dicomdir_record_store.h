#pragma once
// Every DICOMDIR record's encoded bytes, kept until the DICOMDIR is laid out, in memory that does
// not grow with the number of records: each record goes into an external sort (core/spill.h:
// encrypted, unlinked spill files past a budget) keyed by its place in the tree, and comes back in
// the file's order (each record, then its children's subtrees). The offsets a record holds are
// worked out while the records stream back, from what each patient, study and series heads (the
// bytes of its subtree and its number of children), which the writer tracks as it adds records.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace imaging {

// A record's place in the DICOMDIR tree: its patient's, study's, series' and own positions among
// their siblings, from 1; zero below the record's level (a study's place is {p, s, 0, 0}).
struct TreePlace {
  std::uint32_t patient = 0, study = 0, series = 0, instance = 0;
  int level() const { return instance != 0 ? 4 : series != 0 ? 3 : study != 0 ? 2 : 1; }
};

class DicomdirRecordStore {
 public:
  // folder: where spill files go (the output being written). memory_budget: bytes sorted in memory
  // before a run is spilled.
  explicit DicomdirRecordStore(std::filesystem::path folder, std::size_t memory_budget = std::size_t{4} << 20);
  ~DicomdirRecordStore();
  DicomdirRecordStore(const DicomdirRecordStore&) = delete;
  DicomdirRecordStore& operator=(const DicomdirRecordStore&) = delete;

  // A record's bytes (its two offsets zero), at a place given once. Throws Error(Unsupported) past
  // 4 GiB of records, Error(Io) when a spill file cannot be written.
  void add(const TreePlace& place, const std::string& bytes);
  // What the patient, study or series record at `place` heads: the bytes of its record and of every
  // record below it, and its number of children. May be given more than once (the last counts).
  void describe(const TreePlace& place, std::uint64_t subtree_bytes, std::uint32_t children);
  std::uint64_t bytes() const { return bytes_; }

  // Where the first and the last patient record land when the records start at `start`.
  std::uint64_t firstRootOffset(std::uint64_t start) const { return bytes_ == 0 ? 0 : start; }
  std::uint64_t lastRootOffset(std::uint64_t start) const;
  // Hands each record to `write` in file order, its offsets set for records starting at `start`.
  // Once only. Throws Error(Internal) when a record heads nothing described, Error(Unsupported)
  // when an offset would pass 4 GiB.
  void layOut(std::uint64_t start, const std::function<void(const std::string&)>& write);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint64_t bytes_ = 0;
  std::uint32_t patients_ = 0;           // the highest patient position added
  std::uint64_t last_patient_bytes_ = 0;  // the subtree of that patient, as last described
};

}  // namespace imaging
