#pragma once
// The scan's records grouped and ordered as InventoryBuilder::build groups and orders them, but
// held on disk (encrypted spill files, external sorts) instead of in memory, and handed out in
// chunks of a bounded number of instances: what lets an export of any size run in bounded memory
// (docs/benchmarks.md, "bounded memory"). Same rules as the builder: of records with one SOP
// Instance UID the first decodable is kept (the first when none is), the others become problems;
// a patient is its (name, ID, issuer), its facts those of its first file, a study's and a series'
// those of their first file; patients sort by name, ID, issuer, studies by date, time, UID, series
// by number, UID, instances by number, path.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "imaging/core/spill.h"
#include "imaging/media/scan.h"
#include "imaging/model/model.h"

namespace imaging::workflow {

// Part of the inventory, in output order. Its first patient, study and series may continue the
// previous chunk's last ones (a series of any length is split across chunks).
struct InventoryChunk {
  Inventory inventory;  // root, files_root set; patients hold only this chunk's instances
  bool continues_patient = false, continues_study = false, continues_series = false;
};

class SpilledInventory {
 public:
  // folder: where the spill files go (beside the output). memory_budget: of each sort in memory.
  SpilledInventory(std::filesystem::path folder, std::size_t memory_budget);
  ~SpilledInventory();

  // A ScanSink that hands the streamed scan's records and problems to this inventory.
  ScanSink sink();

  // After the scan: resolves duplicates, groups and orders. decodable: as scan() decides which of
  // two copies to keep. problem_base: what duplicate problems' paths are relative to.
  void finish(const StreamedScan& scan, const std::filesystem::path& root,
              const std::function<bool(const Instance&)>& decodable);

  std::size_t instanceCount() const { return instances_; }
  std::size_t patientCount() const { return patients_; }
  std::size_t files_scanned = 0;
  bool used_dicomdir = false;

  // Every patient in order (studies empty), with its identifying values (the DICOMDIRs' included).
  void forEachPatient(const std::function<void(const Patient&)>& visit);
  // Every problem of the scan, the duplicates' included, ordered by path then kind.
  void forEachProblem(const std::function<void(Problem&)>& visit);
  // The instances in output order, max_instances (at least 1) at a time, of at most max_patients
  // patients (at least 1).
  void forEachChunk(std::size_t max_instances, std::size_t max_patients, const std::function<void(InventoryChunk&)>& visit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t instances_ = 0, patients_ = 0;
};

}  // namespace imaging::workflow
