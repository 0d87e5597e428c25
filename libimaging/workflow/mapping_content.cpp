// What goes into the sealed mapping: each exported patient's identity and what the export made of
// it, computed with the same keyed parts as the pipeline (anonymize_job.cpp, makePatientContexts).
#include <nlohmann/json.hpp>

#include <map>
#include <system_error>

#include "imaging/core/path_under.h"
#include "imaging/core/error.h"
#include "imaging/workflow/sealed_mapping.h"

namespace imaging {

namespace fs = std::filesystem;

ReidMapping buildMapping(const Inventory& inventory, const AnonymizeOptions& options, const AnonymizeResult& result) {
  const DeidConfig& cfg = options.deid;
  ReidMapping mapping;
  mapping.date_mode = dateModeName(cfg.profile.dateMode());
  const bool shift = cfg.profile.dateMode() == DateMode::Shift && cfg.dates;
  // FileResult::index counts the inventory's instances from 1, in patient/study/series order.
  std::map<std::size_t, const FileResult*> written;
  for (const FileResult& f : result.files)
    if (f.status == InstanceOutcome::Status::Kept && !f.output_name.empty()) written[f.index] = &f;
  std::size_t index = 0;
  for (const Patient& p : inventory.patients) {
    const std::string identity = p.identityKey();
    const bool in_shard = !options.shard.active() || !options.shard.key ||
                          patientShard(*options.shard.key, identity, options.shard.count) == options.shard.index;
    MappingPatient m{p.name, p.id, p.issuer_of_id, p.birth_date, {}, {}, 0, {}};
    const Pseudonym pseudonym =
        options.pseudonym ? *options.pseudonym : cfg.pseudonyms ? cfg.pseudonyms->forPatient(identity) : Pseudonym{};
    m.pseudonym_name = pseudonym.name;
    m.pseudonym_id = pseudonym.id;
    if (shift) m.date_offset_days = cfg.dates->offsetDays(identity);
    for (const Study& st : p.studies) {
      MappingStudy study{st.study_instance_uid, {}, st.accession_number, {}, {}};
      for (const Series& se : st.series) {
        MappingSeries series{se.series_instance_uid, {}, {}};
        for (const Instance& in : se.instances) {
          const auto w = written.find(++index);
          if (w == written.end()) continue;
          const FileResult& f = *w->second;
          if (!f.written)
            throw Error(ErrorCode::Internal, "the export kept no written UIDs for the mapping (AnonymizeOptions::keep_written_uids)");
          series.new_uid = f.written->series_uid;
          study.new_uid = f.written->study_uid;
          study.new_accession = f.written->accession;
          series.instances.push_back({in.sop_instance_uid, f.written->sop_uid});
        }
        if (!series.instances.empty()) study.series.push_back(std::move(series));
      }
      if (!study.series.empty()) m.studies.push_back(std::move(study));
    }
    // A patient with nothing in the copy (not selected, excluded) has nothing to re-identify: the
    // mapping does not hold their identity at all.
    if (in_shard && !m.studies.empty()) mapping.patients.push_back(std::move(m));
  }
  return mapping;
}

std::string mappingJson(const ReidMapping& mapping) {
  nlohmann::json patients = nlohmann::json::array();
  for (const MappingPatient& p : mapping.patients) {
    nlohmann::json studies = nlohmann::json::array();
    for (const MappingStudy& st : p.studies) {
      nlohmann::json series = nlohmann::json::array();
      for (const MappingSeries& se : st.series) {
        nlohmann::json instances = nlohmann::json::array();
        for (const MappingInstance& in : se.instances)
          instances.push_back({{"source_uid", in.source_uid}, {"new_uid", in.new_uid}});
        series.push_back({{"source_uid", se.source_uid}, {"new_uid", se.new_uid}, {"instances", instances}});
      }
      studies.push_back({{"source_uid", st.source_uid},
                         {"new_uid", st.new_uid},
                         {"source_accession", st.source_accession},
                         {"new_accession", st.new_accession},
                         {"series", series}});
    }
    patients.push_back({{"name", p.name},
                        {"id", p.id},
                        {"issuer", p.issuer},
                        {"birth_date", p.birth_date},
                        {"pseudonym_name", p.pseudonym_name},
                        {"pseudonym_id", p.pseudonym_id},
                        {"date_offset_days", p.date_offset_days},
                        {"studies", studies}});
  }
  const nlohmann::json j = {{"format", "scanshare-mapping"}, {"version", kMappingFormatVersion},
                            {"date_mode", mapping.date_mode}, {"patients", patients}};
  // Source names may not be valid UTF-8 (a character set that did not convert): replace, never throw.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void saveSealedMapping(const fs::path& file, const Key& key, const Inventory& inventory, const AnonymizeOptions& options,
                       const AnonymizeResult& result) {
  writeSealedMapping(file, key, mappingJson(buildMapping(inventory, options, result)));
}

void checkMappingTarget(const fs::path& file, const fs::path& out, const fs::path& input) {
  if (file.empty()) throw Error(ErrorCode::InvalidArgument, "--mapping needs a file name");
  const fs::path f = resolvedPath(file);
  if (!out.empty() && (isWithinPath(f, resolvedPath(out)) || isWithinPath(resolvedPath(out), f)))
    throw Error(ErrorCode::InvalidArgument,
                "--mapping must lie outside OUT: the mapping re-identifies patients and must not travel with the copy",
                file.string());
  if (!input.empty() && (isWithinPath(f, resolvedPath(input)) || isWithinPath(resolvedPath(input), f)))
    throw Error(ErrorCode::InvalidArgument, "--mapping must lie outside the input", file.string());
  std::error_code ec;
  if (fs::is_directory(f, ec)) throw Error(ErrorCode::InvalidArgument, "--mapping names a folder; give a file", file.string());
}

}  // namespace imaging
