#pragma once
// Reads one file's header (stopping short of loading pixel data) into an InstanceRecord, or
// says why it cannot.
#include <filesystem>
#include <optional>

#include "imaging/model/inventory_builder.h"

namespace imaging::media {

struct HeaderOutcome {
  std::optional<InstanceRecord> record;
  std::optional<Problem> problem;  // set when record is not
  bool is_dicomdir = false;        // a Media Storage Directory: neither record nor problem
};

// display_path: the path to report in a Problem (relative to the scanned root). collect_uids: fill
// Instance::uids (see ScanOptions::collect_uids).
HeaderOutcome readHeader(const std::filesystem::path& path, const std::filesystem::path& display_path,
                         bool collect_uids = true);

}  // namespace imaging::media
