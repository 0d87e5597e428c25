// What goes into the sealed mapping: each exported patient's identity and what the export made of
// it, computed with the same keyed parts as the pipeline (anonymize_job.cpp, makePatientContexts).
#include <nlohmann/json.hpp>

#include <system_error>

#include "imaging/core/error.h"
#include "imaging/workflow/sealed_mapping.h"

namespace imaging {
namespace {

namespace fs = std::filesystem;

fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

bool isWithin(const fs::path& inner, const fs::path& outer) {
  const std::string i = inner.generic_string(), o = outer.generic_string();
  return i == o || (i.size() > o.size() && i.compare(0, o.size(), o) == 0 && (o.back() == '/' || i[o.size()] == '/'));
}

}  // namespace

ReidMapping buildMapping(const Inventory& inventory, const AnonymizeOptions& options) {
  const DeidConfig& cfg = options.deid;
  ReidMapping mapping;
  mapping.date_mode = dateModeName(cfg.profile.dateMode());
  const bool shift = cfg.profile.dateMode() == DateMode::Shift && cfg.dates;
  const bool map_uids = cfg.uids && !cfg.profile.has(DeidOption::RetainUids);
  for (const Patient& p : inventory.patients) {
    const std::string identity = p.identityKey();
    if (options.shard.active() && options.shard.key &&
        patientShard(*options.shard.key, identity, options.shard.count) != options.shard.index)
      continue;
    MappingPatient m{p.name, p.id, p.issuer_of_id, p.birth_date, {}, {}, 0, {}};
    const Pseudonym pseudonym =
        options.pseudonym ? *options.pseudonym : cfg.pseudonyms ? cfg.pseudonyms->forPatient(identity) : Pseudonym{};
    m.pseudonym_name = pseudonym.name;
    m.pseudonym_id = pseudonym.id;
    if (shift) m.date_offset_days = cfg.dates->offsetDays(identity);
    for (const Study& s : p.studies)
      m.studies.push_back({s.study_instance_uid, map_uids ? cfg.uids->map(s.study_instance_uid) : s.study_instance_uid});
    mapping.patients.push_back(std::move(m));
  }
  return mapping;
}

std::string mappingJson(const ReidMapping& mapping) {
  nlohmann::json patients = nlohmann::json::array();
  for (const MappingPatient& p : mapping.patients) {
    nlohmann::json studies = nlohmann::json::array();
    for (const MappingStudy& s : p.studies) studies.push_back({{"source_uid", s.source_uid}, {"new_uid", s.new_uid}});
    patients.push_back({{"name", p.name},
                        {"id", p.id},
                        {"issuer", p.issuer},
                        {"birth_date", p.birth_date},
                        {"pseudonym_name", p.pseudonym_name},
                        {"pseudonym_id", p.pseudonym_id},
                        {"date_offset_days", p.date_offset_days},
                        {"studies", studies}});
  }
  const nlohmann::json j = {{"format", "scanshare-mapping"}, {"version", 1}, {"date_mode", mapping.date_mode},
                            {"patients", patients}};
  // Source names may not be valid UTF-8 (a character set that did not convert): replace, never throw.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void checkMappingTarget(const fs::path& file, const fs::path& out, const fs::path& input) {
  if (file.empty()) throw Error(ErrorCode::InvalidArgument, "--mapping needs a file name");
  const fs::path f = resolved(file);
  if (!out.empty() && (isWithin(f, resolved(out)) || isWithin(resolved(out), f)))
    throw Error(ErrorCode::InvalidArgument,
                "--mapping must lie outside OUT: the mapping re-identifies patients and must not travel with the copy",
                file.string());
  if (!input.empty() && (isWithin(f, resolved(input)) || isWithin(resolved(input), f)))
    throw Error(ErrorCode::InvalidArgument, "--mapping must lie outside the input", file.string());
  std::error_code ec;
  if (fs::is_directory(f, ec)) throw Error(ErrorCode::InvalidArgument, "--mapping names a folder; give a file", file.string());
}

}  // namespace imaging
