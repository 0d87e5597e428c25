#pragma once
// Reads a DICOMDIR's directory records and checks that the files they reference exist.
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "imaging/media/scan.h"
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

// The DICOMDIRs' values by referenced file. A file is matched by its path as the walk spells it,
// lexically normalised. Sets no file was asked for (their files not DICOM, damaged, or known by
// another name) go to everyone, with the values of records above no existing file.
class DicomdirIdentities final : public DicomdirIdentityIndex {
 public:
  explicit DicomdirIdentities(std::vector<DicomdirIdentity> identities);
  void mergeFor(const FilePath& file, IdentifyingValues& into) override;
  IdentifyingValues forEveryone() const override;

 private:
  using SetId = std::pair<std::size_t, std::uint32_t>;  // (DICOMDIR, set)
  std::vector<std::vector<IdentifyingValues>> sets_;     // each DICOMDIR's sets
  std::unordered_map<std::string, std::vector<SetId>> sets_of_file_;
  std::set<SetId> unmatched_;
  IdentifyingValues unattached_;
};

// Adds each DICOMDIR's values to the patients whose files its records reference; values of records
// above no file of the inventory (missing files, or a file known by another name) to every patient.
void addDicomdirIdentity(Inventory& inventory, std::vector<DicomdirIdentity> identities);

}  // namespace imaging::media
