#pragma once
// The sealed re-identification mapping (--mapping FILE, docs/mapping.md): per source patient, the
// identity, its pseudonym, date offset, study/series/instance UIDs and accession numbers old -> new, encrypted and authenticated with
// AES-256-GCM under a key derived from the project key (HKDF-SHA256, random per-file salt). The
// clinic keeps it; it never goes into OUT or the report.
#include <filesystem>
#include <string>
#include <vector>

#include "imaging/deid/key.h"
#include "imaging/model/model.h"
#include "imaging/workflow/anonymize.h"

namespace imaging {

struct MappingInstance {
  std::string source_uid, new_uid;              // SOP Instance UID
};
struct MappingSeries {
  std::string source_uid, new_uid;              // Series Instance UID
  std::vector<MappingInstance> instances;       // the series' instances written to the copy
};
struct MappingStudy {
  std::string source_uid, new_uid;              // Study Instance UID
  std::string source_accession, new_accession;  // Accession Number as in the source / in the copy
  std::vector<MappingSeries> series;            // the study's series written to the copy
};
struct MappingPatient {
  std::string name, id, issuer, birth_date;     // as the source has them (UTF-8)
  std::string pseudonym_name, pseudonym_id;
  int date_offset_days = 0;                     // 0 unless the date mode is "shift"
  std::vector<MappingStudy> studies;
};
// Format version 2 (issue 16) adds accession numbers and the series and instance UIDs; version 1
// files (studies only) still open for `mapping show`, but reidentify needs version 2.
constexpr int kMappingFormatVersion = 2;
struct ReidMapping {
  int version = kMappingFormatVersion;
  std::string date_mode;                        // "shift", "keep" or "remove"
  std::vector<MappingPatient> patients;
};

// What the export with these options gave each patient of the inventory (a sharded run: the
// patients of its shard only): identity, pseudonym and date offset from the options' keyed parts
// (as the pipeline computes them), UIDs and accession numbers as the result says they were written
// (only patients, studies, series and instances with a kept file).
ReidMapping buildMapping(const Inventory& inventory, const AnonymizeOptions& options, const AnonymizeResult& result);
// {"format":"scanshare-mapping","version":2,"date_mode":...,"patients":[...]} (pretty printed).
std::string mappingJson(const ReidMapping& mapping);
// The reverse: throws Error(Corrupt) for JSON that is not a mapping, Error(Unsupported) for a
// format version this build does not know (newer than kMappingFormatVersion, or below 1).
ReidMapping parseMappingJson(const std::string& text);

// buildMapping + mappingJson + writeSealedMapping: what anonymize --mapping and the viewer do after
// a successful export.
void saveSealedMapping(const std::filesystem::path& file, const Key& key, const Inventory& inventory,
                       const AnonymizeOptions& options, const AnonymizeResult& result);

// Throws Error(InvalidArgument) when file lies inside out or inside the input (or is either).
void checkMappingTarget(const std::filesystem::path& file, const std::filesystem::path& out,
                        const std::filesystem::path& input);
// Writes plaintext sealed under key (mode 0600, written to a temporary name and renamed).
void writeSealedMapping(const std::filesystem::path& file, const Key& key, const std::string& plaintext);
// The plaintext; throws Error(InvalidArgument) for a wrong key, Error(Corrupt) for a file that is
// not a mapping or was altered (GCM tag), Error(NotFound/Io) when unreadable. One-line messages.
std::string openSealedMapping(const std::filesystem::path& file, const Key& key);

}  // namespace imaging
