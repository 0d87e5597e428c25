#pragma once
// Reads a DICOMDIR's directory records and checks that the files they reference exist.
#include <filesystem>
#include <vector>

#include "imaging/model/model.h"
#include "path_resolver.h"

namespace imaging::media {

struct DicomdirContents {
  bool valid = false;                              // parsed and has a directory record sequence
  std::vector<std::filesystem::path> referenced;   // existing files it references
  std::vector<Problem> problems;                   // paths relative to `root`
};

DicomdirContents readDicomdir(const std::filesystem::path& dicomdir, const std::filesystem::path& root,
                              CaseInsensitiveResolver& resolver);

}  // namespace imaging::media
