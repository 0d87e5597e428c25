#pragma once
// The sealed re-identification mapping (--mapping FILE, docs/mapping.md): per source patient, the
// identity, its pseudonym, date offset and study UIDs old -> new, encrypted and authenticated with
// AES-256-GCM under a key derived from the project key (HKDF-SHA256, random per-file salt). The
// clinic keeps it; it never goes into OUT or the report.
#include <filesystem>
#include <string>
#include <vector>

#include "imaging/deid/key.h"
#include "imaging/model/model.h"
#include "imaging/workflow/anonymize.h"

namespace imaging {

struct MappingStudy {
  std::string source_uid, new_uid;
};
struct MappingPatient {
  std::string name, id, issuer, birth_date;     // as the source has them (UTF-8)
  std::string pseudonym_name, pseudonym_id;
  int date_offset_days = 0;                     // 0 unless the date mode is "shift"
  std::vector<MappingStudy> studies;
};
struct ReidMapping {
  std::string date_mode;                        // "shift", "keep" or "remove"
  std::vector<MappingPatient> patients;
};

// What the export with these options gives each patient of the inventory (a sharded run: the
// patients of its shard only). Uses the options' keyed parts, as the pipeline does.
ReidMapping buildMapping(const Inventory& inventory, const AnonymizeOptions& options);
// {"format":"scanshare-mapping","version":1,"date_mode":...,"patients":[...]} (pretty printed).
std::string mappingJson(const ReidMapping& mapping);

// Throws Error(InvalidArgument) when file lies inside out or inside the input (or is either).
void checkMappingTarget(const std::filesystem::path& file, const std::filesystem::path& out,
                        const std::filesystem::path& input);
// Writes plaintext sealed under key (mode 0600, written to a temporary name and renamed).
void writeSealedMapping(const std::filesystem::path& file, const Key& key, const std::string& plaintext);
// The plaintext; throws Error(InvalidArgument) for a wrong key, Error(Corrupt) for a file that is
// not a mapping or was altered (GCM tag), Error(NotFound/Io) when unreadable. One-line messages.
std::string openSealedMapping(const std::filesystem::path& file, const Key& key);

}  // namespace imaging
