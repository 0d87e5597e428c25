#pragma once
// Reads a DICOMDIR's directory records and checks that the files they reference exist.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "imaging/model/model.h"
#include "path_resolver.h"

namespace imaging::media {

// Who the DICOMDIR says its files belong to: the values harvested from its records (PATIENT and
// STUDY records above all, which may hold a name or ID no file holds: a nickname, an old ID), each
// given to the files in the record's subtree (by (0004,1420) and (0004,1400)).
struct DicomdirIdentity {
  std::vector<IdentifyingValues> sets;                  // distinct unions of records' values
  std::vector<std::pair<FilePath, std::uint32_t>> files;  // an existing referenced file, its set
  IdentifyingValues unattached;  // from records above no existing file: every patient's
};

struct DicomdirContents {
  bool valid = false;                              // parsed and has a directory record sequence
  std::vector<Problem> problems;                   // paths relative to `root`
  DicomdirIdentity identity;                       // empty unless valid
};

DicomdirContents readDicomdir(const std::filesystem::path& dicomdir, const std::filesystem::path& root,
                              CaseInsensitiveResolver& resolver);

// Adds each DICOMDIR's values to the patients whose files its records reference; values of records
// above no file of the inventory (missing files, or a file known by another name) to every patient.
void addDicomdirIdentity(Inventory& inventory, const std::vector<DicomdirIdentity>& identities);

}  // namespace imaging::media
