#pragma once
// Finds the DICOM on a CD, folder or zip and builds the inventory. Reads headers only.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>

#include <memory>

#include "imaging/model/inventory_builder.h"
#include "imaging/model/model.h"

namespace imaging {

struct ScanOptions {
  unsigned threads = 0;  // 0: one per core
  // Called from worker threads with (files done, files total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  // when set to true, scan stops and throws Cancelled
  // A zip is extracted to a private temporary folder; extraction stops (with a Problem) past this.
  std::uint64_t max_extracted_bytes = std::uint64_t{16} << 30;
  std::filesystem::path temp_parent;  // where that folder goes; empty: the system temp folder
  // scanStreamed: where a folder listing of more than 65 536 names is sorted on disk (encrypted,
  // unlinked spill files) instead of held; empty: in memory.
  std::filesystem::path spill_folder;
  // Keep each file's replaceable UIDs (Instance::uids) for verify. Off, they are not collected and
  // uids_known stays false (about 300 bytes less per file): an export alone never needs them.
  bool collect_uids = true;
};

// path: a folder, a single DICOM file, a DICOMDIR file, a .zip, or a CD image (ISO 9660). Never
// throws for bad files inside (they become Problems); throws Error when path itself is unusable.
Inventory scan(const std::filesystem::path& path, const ScanOptions& options = {});

}  // namespace imaging

namespace imaging {

// What the DICOMDIRs of a streamed scan say about its files' patients (names, IDs a DICOMDIR
// record holds that no file does), for whoever groups the scan's records: mergeFor() for each
// record's file, then forEveryone() once every record was given (the values of records above no
// existing file, and of sets no given file matched, go to every patient, as in scan()).
class DicomdirIdentityIndex {
 public:
  virtual ~DicomdirIdentityIndex() = default;
  // Merges into `into` the values DICOMDIR records tie to this file (its path as the scan gave it).
  virtual void mergeFor(const FilePath& file, IdentifyingValues& into) = 0;
  virtual IdentifyingValues forEveryone() const = 0;
};

// Where a streamed scan hands what it reads. Both are called one call at a time (the scan
// serializes them), from the scan's threads.
struct ScanSink {
  // A DICOM file's record and its position: the 0-based place of its file among the files scan()
  // would read (sorted by path, DICOMDIR-named files left out), so that "the first of two copies"
  // means the same as in scan(). Positions come in any order.
  std::function<void(std::size_t position, InstanceRecord record)> record;
  std::function<void(Problem problem)> problem;  // paths relative to the walked folder
};

struct StreamedScan {
  std::filesystem::path files_root;  // the folder walked (for a zip or CD image, its extraction)
  std::size_t files_scanned = 0;
  bool used_dicomdir = false;
  std::shared_ptr<DicomdirIdentityIndex> dicomdir_values;  // never null
  std::shared_ptr<void> keep_alive;  // owns a zip's or CD image's extraction
};

// scan() for inputs of any size: the same files, records and problems, but handed to `sink` as
// they are read instead of being held. Memory does not grow with the number of files (the walk
// holds one folder's listing at a time, the readers a bounded queue of paths).
StreamedScan scanStreamed(const std::filesystem::path& path, const ScanOptions& options, const ScanSink& sink);

// About how many regular files a folder input holds, counting no further than `limit`: from the
// folder listings' file types alone (no stat of a plain file), so a small input costs little;
// folders reached through a symbolic link are not counted. A file input (zip, CD image, single
// file) counts as 1.
std::size_t countFilesUpTo(const std::filesystem::path& path, std::size_t limit);

}  // namespace imaging
