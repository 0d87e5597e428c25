#include "imaging/workflow/anonymize.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include "identifier_match.h"
#include "imaging/core/error.h"
#include "imaging/core/path_under.h"
#include "imaging/writer/atomic_output.h"
#include "imaging/workflow/pseudonym_check.h"
#include "imaging/workflow/series_selection.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/dicomdir_writer.h"
#include "ordered_dicomdir_feed.h"
#include "folder_schedule.h"
#include "parallel.h"
#include "export_session.h"
#include "job_parts.h"
#include "report.h"
#include "redact_step.h"
#include "work_plan.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

using workflow::WorkItem;
using workflow::WorkPlan;

}  // namespace

namespace workflow {

std::vector<PatientContext> makePatientContexts(const WorkPlan& plan, const AnonymizeOptions& options,
                                                std::shared_ptr<const TextScrubber> shared_scrubber) {
  std::vector<PatientContext> contexts(plan.patients.size());
  std::vector<bool> needed(plan.patients.size(), false);
  for (const auto& item : plan.items)
    if (item.toProcess()) needed[item.patient_slot] = true;
  const auto& cfg = options.deid;
  for (std::size_t p = 0; p < plan.patients.size(); ++p) {
    if (!needed[p]) continue;
    PatientContext& ctx = contexts[p];
    ctx.identity_key = plan.patients[p]->identityKey();
    if (options.pseudonym) ctx.pseudonym = *options.pseudonym;
    else if (cfg.pseudonyms) ctx.pseudonym = cfg.pseudonyms->forPatient(ctx.identity_key);
    if (cfg.dates) ctx.date_offset_days = cfg.dates->offsetDays(ctx.identity_key);
  }
  // The scan harvested every file of each patient; taken with the profile's scope (institution and
  // device values unless retained), one scrubber per patient covers every file's own values and
  // the engine need not harvest again. Every patient's values are kept, selected or not, because
  // they also decide which input paths the report withholds.
  // One scrubber holds every patient's values: patient A's name typed into patient B's comment
  // goes too (a disk often holds a family, or the previous patient's report).
  // The contexts hold no copy of the values: the scrubber has them, and a file it alone does not
  // cover (or one to redact) takes them from the scanned patient again.
  std::shared_ptr<const TextScrubber> scrubber = std::move(shared_scrubber);
  if (!scrubber) {
    std::shared_ptr<TextScrubber> made = makeTextScrubber();
    for (std::size_t p = 0; p < plan.patients.size(); ++p)
      addPatientIdentifiers(*made, *plan.patients[p], cfg.profile);
    scrubber = std::move(made);
  }
  for (std::size_t p = 0; p < plan.patients.size(); ++p) {
    if (!needed[p]) continue;
    contexts[p].scanned_patient = plan.patients[p];
    contexts[p].scrubber = scrubber;
  }
  return contexts;
}

void addPatientIdentifiers(TextScrubber& scrubber, const Patient& patient, const Profile& profile) {
  for (const std::string& id : patientIdentifiers(patient, profile)) scrubber.addIdentifier(id);
}

void appendReportIdentifiers(const Patient& patient, const Profile& profile, std::vector<std::string>& out) {
  std::vector<std::string> ids = patientIdentifiers(patient, profile);
  std::move(ids.begin(), ids.end(), std::back_inserter(out));
  const auto facts = modelIdentifiers(patient);
  out.insert(out.end(), facts.begin(), facts.end());
}

std::vector<std::string> reportIdentifiers(const std::vector<const Patient*>& patients, const Profile& profile) {
  // Reserved at its final size (counted by harvesting twice, cheaper than holding every list at
  // once): grown by doubling, the list of an archive's identifiers was the export's largest allocation.
  std::size_t id_count = 0;
  for (const Patient* p : patients) id_count += patientIdentifiers(*p, profile).size();
  std::vector<std::string> all_ids;
  all_ids.reserve(id_count + 8 * patients.size());
  for (const Patient* p : patients) appendReportIdentifiers(*p, profile, all_ids);
  return normalizeIdentifiers(std::move(all_ids));
}

}  // namespace workflow

namespace {

using workflow::makePatientContexts;
using workflow::reportIdentifiers;

void checkPseudonymOverride(const WorkPlan& plan, const AnonymizeOptions& options) {
  if (!options.pseudonym) return;
  if (options.shard.active())
    throw Error(ErrorCode::InvalidArgument, "a chosen patient name/ID applies to one patient: it cannot be combined with shards");
  std::set<std::size_t> patients;
  for (const auto& item : plan.items)
    if (item.toProcess()) patients.insert(item.patient_slot);
  if (patients.size() > 1)
    throw Error(ErrorCode::InvalidArgument,
                "a chosen patient name/ID applies to one patient, but the selection holds " +
                    std::to_string(patients.size()) + " patients (select series of one patient, or let ScanShare choose)");
  if (options.pseudonym->id.empty()) throw Error(ErrorCode::InvalidArgument, "the chosen patient ID must not be empty");
  // With no selection at all the single patient of the input is the one renamed.
  if (patients.empty() && plan.patients.size() == 1) patients.insert(0);
  for (std::size_t slot : patients) refuseIdentifyingPseudonym(*plan.patients[slot], *options.pseudonym);
}

}  // namespace

std::function<bool(const Series&)> workflow::redactableSeries(const AnonymizeOptions& options) {
  if (options.redact_burned_in) return [](const Series&) { return true; };
  if (options.blackouts.empty()) return {};
  return [&options](const Series& series) {
    for (const BlackoutRegion& b : options.blackouts)
      if (b.series.empty() || workflow::seriesMatches(series, b.series)) return true;
    return false;
  };
}

namespace {

// Which items belong to this task: all of them, or those of the shard's patients.
std::vector<bool> itemsOfShard(const WorkPlan& plan, const ShardSpec& shard, std::size_t& patients_in_shard) {
  std::vector<bool> mine(plan.items.size(), true);
  patients_in_shard = plan.patients.size();
  if (!shard.active()) return mine;
  if (!shard.key) throw Error(ErrorCode::InvalidArgument, "a shard needs the project key");
  if (shard.index >= shard.count) throw Error(ErrorCode::InvalidArgument, "shard index out of range");
  std::vector<bool> patient_mine(plan.patients.size());
  patients_in_shard = 0;
  for (std::size_t p = 0; p < plan.patients.size(); ++p) {
    patient_mine[p] = patientShard(*shard.key, plan.patients[p]->identityKey(), shard.count) == shard.index;
    if (patient_mine[p]) ++patients_in_shard;
  }
  for (std::size_t i = 0; i < plan.items.size(); ++i) mine[i] = patient_mine[plan.items[i].patient_slot];
  return mine;
}

}  // namespace

ShardSpec parseShard(const std::string& text) {
  const auto bad = [&text]() {
    return Error(ErrorCode::InvalidArgument, "--shard '" + text + "' is not I/N with 0 <= I < N (e.g. 0/4)");
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) throw bad();
  const auto number = [&](const std::string& field) -> unsigned long {
    if (field.empty() || field.size() > 6 || field.find_first_not_of("0123456789") != std::string::npos) throw bad();
    return std::stoul(field);
  };
  const unsigned long index = number(text.substr(0, slash)), count = number(text.substr(slash + 1));
  if (count == 0 || count > 100000 || index >= count) throw bad();
  ShardSpec shard;
  shard.index = static_cast<unsigned>(index);
  shard.count = static_cast<unsigned>(count);
  return shard;
}

unsigned patientShard(const Key& key, const std::string& identity_key, unsigned count) {
  if (count == 0) throw Error(ErrorCode::InvalidArgument, "shard count must be at least 1");
  const std::vector<std::uint8_t> hash = keyedHash(key, "shard", identity_key);
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | hash[static_cast<std::size_t>(i)];
  return static_cast<unsigned>(value % count);
}

std::string shardName(unsigned index, unsigned count) {
  return "shard-" + std::to_string(index) + "-of-" + std::to_string(count);
}

BlackoutRegion parseBlackoutRegion(const std::string& text) {
  BlackoutRegion region;
  const std::size_t at = text.find('@');
  const std::string box = text.substr(0, at);
  if (at != std::string::npos) region.series = text.substr(at + 1);
  int* fields[] = {&region.x, &region.y, &region.width, &region.height};
  std::size_t begin = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t comma = box.find(',', begin);
    if ((i < 3) == (comma == std::string::npos))
      throw Error(ErrorCode::InvalidArgument, "blackout region '" + text + "' is not x,y,w,h[@series]");
    const std::string field = box.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
    char* end = nullptr;
    const long v = std::strtol(field.c_str(), &end, 10);
    if (field.empty() || *end != '\0' || v < 0 || v > 65535)
      throw Error(ErrorCode::InvalidArgument, "blackout region '" + text + "' is not x,y,w,h[@series]");
    *fields[i] = static_cast<int>(v);
    begin = comma + 1;
  }
  if (region.width == 0 || region.height == 0 || (at != std::string::npos && region.series.empty()))
    throw Error(ErrorCode::InvalidArgument, "blackout region '" + text + "' is empty");
  return region;
}

DeidConfig makeDeidConfig(const Key& key, Profile profile) {
  DeidConfig cfg;
  cfg.profile = std::move(profile);
  cfg.uids = makeHmacUidMapper(key);
  cfg.dates = makeHmacDateShifter(key);
  cfg.pseudonyms = makeHmacPseudonyms(key);
  return cfg;
}

void AnonymizeResult::forEachFile(const std::function<void(const FileResult&)>& visit) const {
  if (spilled_files) return spilled_files->forEach(visit);
  for (const FileResult& f : files) visit(f);
}

bool AnonymizeResult::hadProblems() const {
  return failed > 0 || std::any_of(skipped.begin(), skipped.end(), [](const SkippedInput& s) { return s.bad; });
}

std::pair<fs::path, fs::path> reportPaths(const fs::path& out, const fs::path& report) {
  if (report.empty()) {
    const fs::path base = resolvedPath(out);
    return {base.string() + ".report.json", base.string() + ".report.txt"};
  }
  fs::path text = report;
  if (report.extension() == ".json") text.replace_extension(".txt");
  else text += ".txt";
  return {report, text};
}

AnonymizeJob::AnonymizeJob(const Inventory& inventory, AnonymizeOptions options)
    : inventory_(inventory), options_(std::move(options)) {
  if (options_.jobs == 0) options_.jobs = 1;
  // The engine hands back the keys of each written file's DICOMDIR record: no file is read back.
  if (!options_.deid.record_key_tags) options_.deid.record_key_tags = dicomdirRecordKeyTags;
  // Written into each file's De-identification Method: verify accepts the chosen name and ID.
  options_.deid.pseudonym_chosen = options_.pseudonym.has_value();
}

AnonymizeResult AnonymizeJob::run(const fs::path& out) {
  const auto started = std::chrono::steady_clock::now();
  AnonymizeResult result;
  workflow::ExportSession session(options_, out, inventory_.root, result);
  const Deidentifier deid(options_.deid);
  // Not const: its texts move into the report's file results once the files are written.
  WorkPlan plan = workflow::makeWorkPlan(inventory_, deid, resolveSeriesSelectors(inventory_, options_.series),
                                         workflow::redactableSeries(options_));
  checkPseudonymOverride(plan, options_);
  const bool sharded = options_.shard.active();
  const std::vector<bool> mine = itemsOfShard(plan, options_.shard, result.shard_patients);
  std::size_t& total = session.progressTotal();
  for (std::size_t i = 0; i < plan.items.size(); ++i)
    if (mine[i] && plan.items[i].toProcess()) ++total;
  // A shard may hold no patient, or only excluded ones: it is finished, with an empty tree.
  if (!sharded && total == 0)
    throw Error(ErrorCode::InvalidArgument, "nothing to export: all " + std::to_string(plan.items.size()) +
                                                " instance(s) were excluded or not selected", inventory_.root.string());

  // Not const: once the files are written, its identifiers move into the report's check.
  std::vector<PatientContext> contexts = makePatientContexts(plan, options_, nullptr);
  std::vector<std::vector<PixelRedaction>> audits;
  session.write(deid, plan, mine, contexts, result.files, audits);
  session.startFlush();
  // The DICOMDIR now, and its check beside what follows (it reads only the medium).
  session.sealMedium();

  // Identifiers to keep out of the report: harvested ones (every patient's, as the scrubber took
  // them) plus the inventory's own patient facts (which cover patients with nothing selected).
  // The patients' scrubber is done with: freed before the check is built.
  contexts = std::vector<PatientContext>();
  const workflow::IdentifierCheck id_check(reportIdentifiers(plan.patients, options_.deid.profile));
  const workflow::InputRelativizer input_names(workflow::inputBase(inventory_));
  session.complete(plan, mine, result.files, audits, id_check, input_names);

  // Every task of a sharded run scans the whole input; shard 0 alone reports the input files that
  // are not exported (they belong to no patient), so each is counted once in the merged report.
  if (!sharded || options_.shard.index == 0)
    for (const Problem& problem : inventory_.problems) session.addSkipped(problem, id_check, input_names);

  // The plan and the per-file bookkeeping are done with: freed before the DICOMDIR is written and
  // read back, the export's last step that grows with the number of files.
  plan.items = std::vector<WorkItem>();
  audits = std::vector<std::vector<PixelRedaction>>();
  std::unordered_map<std::string, FileResult*> by_output_name;  // made at the first unlistable file
  session.finish(sharded, id_check, [&](const std::string& output_name, std::string reason) {
    if (by_output_name.empty())
      for (FileResult& f : result.files)
        if (!f.output_name.empty()) by_output_name.emplace(f.output_name, &f);
    const auto found = by_output_name.find(output_name);
    if (found == by_output_name.end()) return;
    FileResult& f = *found->second;
    f.status = InstanceOutcome::Status::Failed;
    f.code = OutcomeCode::NotListable;
    f.reason = std::move(reason);
    f.output_name.clear();
  }, started);
  return result;
}

std::vector<DryRunInstance> AnonymizeJob::dryRun(std::size_t max_instances) const {
  const Deidentifier deid(options_.deid);
  WorkPlan plan = workflow::makeWorkPlan(inventory_, deid, resolveSeriesSelectors(inventory_, options_.series));
  checkPseudonymOverride(plan, options_);
  // Only the first max_instances selected instances are previewed.
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    if (!plan.items[i].selected) continue;
    if (max_instances != 0 && chosen.size() >= max_instances) break;
    chosen.push_back(i);
  }
  const std::vector<PatientContext> contexts = makePatientContexts(plan, options_, nullptr);
  std::vector<DryRunInstance> preview(chosen.size());
  workflow::ItemDescriber describe_item;
  for (std::size_t c = 0; c < chosen.size(); ++c) preview[c].description = describe_item(plan.items[chosen[c]]);
  workflow::parallelFor(chosen.size(), options_.jobs, options_.cancel, [&](std::size_t c) {
    const WorkItem& item = plan.items[chosen[c]];
    DryRunInstance& d = preview[c];
    d.index = item.index;
    d.output_name = item.output_name;
    if (item.exclusion) {
      d.status = InstanceOutcome::Status::Excluded;
      d.code = item.exclusion->code;
      d.reason = item.exclusion->detail;
      return;
    }
    InstanceOutcome o = deid.deidentifyFile(item.instance->path, fs::path(), contexts[item.patient_slot], true);
    d.status = o.status;
    d.code = o.code;
    d.reason = o.reason;
    d.changes = std::move(o.changes);
  });
  if (options_.cancel && options_.cancel->load()) throw Error(ErrorCode::Cancelled, "cancelled");
  return preview;
}

}  // namespace imaging
