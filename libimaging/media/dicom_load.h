#pragma once
// Opens one file with DCMTK after a cheap sniff, classifying failures as Problems. Values
// larger than a few KiB (pixel data) stay on disk until asked for, but every element's declared
// length is still checked against the end of the file, so truncation is detected.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "imaging/model/model.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::media {

struct LoadResult {
  std::unique_ptr<DcmFileFormat> file;  // null on failure
  ProblemKind problem_kind = ProblemKind::Unreadable;
  std::string reason;                   // one line, no values from the file
  std::uintmax_t file_size = 0;
};

LoadResult loadDicom(const std::filesystem::path& path);

}  // namespace imaging::media
