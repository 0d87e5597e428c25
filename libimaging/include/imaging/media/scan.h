#pragma once
// Finds the DICOM on a CD, folder or zip and builds the inventory. Reads headers only.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>

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
  // Keep each file's replaceable UIDs (Instance::uids) for verify. Off, they are not collected and
  // uids_known stays false (about 300 bytes less per file): an export alone never needs them.
  bool collect_uids = true;
};

// path: a folder, a single DICOM file, a DICOMDIR file, a .zip, or a CD image (ISO 9660). Never
// throws for bad files inside (they become Problems); throws Error when path itself is unusable.
Inventory scan(const std::filesystem::path& path, const ScanOptions& options = {});

}  // namespace imaging
