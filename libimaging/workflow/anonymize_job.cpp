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

#include "identifier_match.h"
#include "imaging/core/error.h"
#include "imaging/writer/atomic_output.h"
#include "imaging/workflow/pseudonym_check.h"
#include "imaging/workflow/series_selection.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/dicomdir_writer.h"
#include "ordered_dicomdir_feed.h"
#include "folder_schedule.h"
#include "parallel.h"
#include "report.h"
#include "redact_step.h"
#include "work_plan.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

using workflow::WorkItem;
using workflow::WorkPlan;

fs::path absolutePath(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

bool isWithin(const fs::path& inner, const fs::path& outer) {
  const std::string i = inner.generic_string(), o = outer.generic_string();
  return i == o || (i.size() > o.size() && i.compare(0, o.size(), o) == 0 && i[o.size()] == '/');
}

// One context per source patient that has something to process: pseudonym, date offset and the
// identifiers harvested from all of that patient's files (read in parallel).
std::vector<PatientContext> makePatientContexts(const WorkPlan& plan, const AnonymizeOptions& options) {
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
  std::shared_ptr<TextScrubber> scrubber = makeTextScrubber();
  for (std::size_t p = 0; p < plan.patients.size(); ++p)
    for (const std::string& id : patientIdentifiers(*plan.patients[p], cfg.profile)) scrubber->addIdentifier(id);
  for (std::size_t p = 0; p < plan.patients.size(); ++p) {
    if (!needed[p]) continue;
    contexts[p].scanned_patient = plan.patients[p];
    contexts[p].scrubber = scrubber;
  }
  return contexts;
}

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

// Reasons can quote a path (a duplicate names the other file) or text from a file; one that holds
// a harvested identifier is replaced, like an input path.
std::string reportableReason(const std::string& reason, const workflow::IdentifierCheck& identifiers) {
  if (!identifiers.anyIn(reason)) return reason;
  return "details withheld: they contain identifying text";
}

// Input paths go into the report only when no harvested identifier occurs in them.
void fillInputName(std::string relative, const workflow::IdentifierCheck& identifiers, std::string& out, bool& withheld) {
  withheld = identifiers.pathHolds(relative);
  out = withheld ? std::string() : std::move(relative);
}

// The DICOMDIR entry of a written file from what the engine knew when it wrote it (the header values
// and, through DeidConfig::record_key_tags, the record's keys); a file written without them (a
// redacted image rewritten since) is read back.
DicomdirEntry dicomdirEntry(const fs::path& root, const std::string& relative, const WrittenHeader& w) {
  const bool image_record = w.present && dicomdirRecordNeedsOnlyInstanceNumber(w.sop_class_uid);
  if (!w.present || (!image_record && !w.record_keys_captured))
    return readDicomdirEntry(root, relative, w.present ? w.sop_class_uid : std::string());
  DicomdirEntry e;
  e.file = relative;
  e.transfer_syntax_uid = w.transfer_syntax_uid;
  e.sop_class_uid = w.sop_class_uid;
  e.sop_instance_uid = w.sop_instance_uid;
  e.specific_character_set = w.specific_character_set;
  e.patient_name = w.patient_name;
  e.patient_id = w.patient_id;
  e.study_instance_uid = w.study_instance_uid;
  e.study_date = w.study_date;
  e.study_time = w.study_time;
  e.study_description = w.study_description;
  e.study_id = w.study_id;
  e.accession_number = w.accession_number;
  e.series_instance_uid = w.series_instance_uid;
  e.modality = w.modality;
  e.series_number = w.series_number;
  checkDicomdirEntry(e);
  if (!e.unlistable_reason.empty()) return e;
  if (w.record_keys_captured) {
    e.instance_keys = w.record_keys;
    if (dicomdirRecordTakesConceptName(w.sop_class_uid)) {
      e.concept_code_value = w.concept_code_value;
      e.concept_coding_scheme = w.concept_coding_scheme;
      e.concept_code_meaning = w.concept_code_meaning;
    }
  } else if (w.has_instance_number) {
    e.instance_keys.emplace_back(std::uint32_t{0x00200013}, w.instance_number);
  }
  return e;
}

std::function<bool(const Series&)> redactableSeries(const AnonymizeOptions& options) {
  if (options.redact_burned_in) return [](const Series&) { return true; };
  if (options.blackouts.empty()) return {};
  return [&options](const Series& series) {
    for (const BlackoutRegion& b : options.blackouts)
      if (b.series.empty() || workflow::seriesMatches(series, b.series)) return true;
    return false;
  };
}

Error nothingWritten(const Error& e) { return Error(e.code(), std::string(e.what()) + "; nothing was written", e.path()); }

void removeEmptyFolders(const fs::path& root) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec))
    if (it->is_directory(ec)) dirs.push_back(it->path());
  std::sort(dirs.rbegin(), dirs.rend());  // deepest first
  for (const auto& d : dirs)
    if (fs::is_empty(d, ec)) fs::remove(d, ec);
}

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

bool AnonymizeResult::hadProblems() const {
  return failed > 0 || std::any_of(skipped.begin(), skipped.end(), [](const SkippedInput& s) { return s.bad; });
}

std::pair<fs::path, fs::path> reportPaths(const fs::path& out, const fs::path& report) {
  if (report.empty()) {
    const fs::path base = absolutePath(out);
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
  const OutputKind kind = options_.zip ? OutputKind::Zip : OutputKind::Folder;
  checkOutputTarget(out, inventory_.root, kind);
  result.output = absolutePath(out);
  std::tie(result.report_json, result.report_text) = reportPaths(out, options_.report);
  for (const fs::path& r : {absolutePath(result.report_json), absolutePath(result.report_text)}) {
    if (isWithin(r, result.output)) throw Error(ErrorCode::InvalidArgument, "the report must not be written inside the output", r.string());
    if (isWithin(r, absolutePath(inventory_.root))) throw Error(ErrorCode::InvalidArgument, "the report must not be written inside the input", r.string());
  }

  const Deidentifier deid(options_.deid);
  // Not const: its texts move into the report's file results once the files are written.
  WorkPlan plan = workflow::makeWorkPlan(inventory_, deid, resolveSeriesSelectors(inventory_, options_.series),
                                              redactableSeries(options_));
  checkPseudonymOverride(plan, options_);
  const bool sharded = options_.shard.active();
  const std::vector<bool> mine = itemsOfShard(plan, options_.shard, result.shard_patients);
  std::size_t total = 0;
  for (std::size_t i = 0; i < plan.items.size(); ++i)
    if (mine[i] && plan.items[i].toProcess()) ++total;
  // A shard may hold no patient, or only excluded ones: it is finished, with an empty tree.
  if (!sharded && total == 0)
    throw Error(ErrorCode::InvalidArgument, "nothing to export: all " + std::to_string(plan.items.size()) +
                                                " instance(s) were excluded or not selected", inventory_.root.string());

  AtomicOutput output(out, inventory_.root, kind, options_.flush_to_disk);
  // Not const: once the files are written, its identifiers move into the report's check.
  std::vector<PatientContext> contexts = makePatientContexts(plan, options_);

  std::vector<std::size_t> work;
  std::vector<std::size_t> work_slot;  // each work item's place in result.files
  std::size_t files_of_mine = 0;
  std::vector<std::size_t> folder_starts;  // where each output folder's run of work begins
  fs::path last_folder;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    if (!mine[i]) continue;
    ++files_of_mine;
    if (!plan.items[i].toProcess()) continue;
    work.push_back(i);
    work_slot.push_back(files_of_mine - 1);
    // Items of one series are adjacent: one create_directories per series, not per file.
    fs::path folder = (output.staging() / plan.items[i].output_name).parent_path();
    if (folder != last_folder) {
      fs::create_directories(folder);
      folder_starts.push_back(work.size() - 1);
    }
    last_folder = std::move(folder);
  }

  // Of each processed file only what the report needs is kept, in its place in result.files
  // (status, reason, the UIDs written): its DICOMDIR entry goes to the DICOMDIR's records as soon
  // as the files before it are done, and its action counts into the totals, rather than every
  // file's outcome being held to the end.
  result.files.resize(files_of_mine);
  // Regions blacked out, per item; only an export that may redact has any (items to redact exist
  // only then), so the others hold no list per file.
  const bool may_redact = options_.redact_burned_in || !options_.blackouts.empty();
  std::vector<std::vector<PixelRedaction>> audits(may_redact ? plan.items.size() : 0);
  // The DICOMDIR's facts: from the engine's record of each written header (IMAGE records), else
  // read back by the worker that wrote the file (the bytes are still in the page cache), so the
  // DICOMDIR step never reads the tree again. Records go in in file order.
  DicomdirWriter dicomdir(output.staging(), UnlistablePolicy::Remove);
  workflow::OrderedDicomdirFeed dicomdir_feed(dicomdir);
  std::vector<std::size_t> file_order(work.size());
  for (std::size_t w = 0; w < work.size(); ++w) file_order[w] = w;
  std::sort(file_order.begin(), file_order.end(), [&](std::size_t a, std::size_t b) {
    return plan.items[work[a]].output_name < plan.items[work[b]].output_name;
  });
  std::vector<std::size_t> file_position(work.size());
  for (std::size_t p = 0; p < file_order.size(); ++p) file_position[file_order[p]] = p;
  file_order = std::vector<std::size_t>();
  std::map<std::string, int> kept_action_counts;  // summed over kept files
  std::mutex progress_mutex;
  std::size_t done = 0;
  // Burned-in candidates the user asked to redact pass the engine's own burned-in exclusion; their
  // text is blacked out and re-checked afterwards (redact_step).
  std::optional<Deidentifier> redacting;
  if (options_.redact_burned_in || !options_.blackouts.empty()) {
    DeidConfig config = options_.deid;
    config.include_burned_in = true;
    redacting.emplace(std::move(config));
  }
  // A write failure (disk full, permissions) is the output's fault, not the input's: stop, and
  // commit nothing, rather than export a medium that silently lacks images.
  std::atomic<bool> output_failed{false};
  std::string output_failure;
  // Each worker in a folder of its own where it can (folder_schedule.h); a worker runs at most
  // kMaxAhead files ahead of the earliest unfinished one, whose DICOMDIR records wait for it.
  constexpr std::size_t kMaxAhead = 4096;
  workflow::parallelForByFolder(std::move(folder_starts), work.size(), options_.jobs, kMaxAhead, options_.cancel,
                                [&](std::size_t w) {
    if (output_failed.load()) return;
    const WorkItem& item = plan.items[work[w]];
    const fs::path target = output.staging() / item.output_name;
    std::vector<PixelRedaction> no_audit;
    std::vector<PixelRedaction>& audit = may_redact ? audits[work[w]] : no_audit;
    bool screened_and_redacted = false;
    InstanceOutcome outcome =
        item.redact    ? workflow::deidentifyAndRedact(*redacting, item.instance->path, target, contexts[item.patient_slot],
                                                       *item.series, options_, audit)
        : item.screen  ? workflow::deidentifyAndScreen(deid, item.instance->path, target, contexts[item.patient_slot],
                                                       *item.series, options_, item.redact_if_text, audit,
                                                       screened_and_redacted)
                       : deid.deidentifyFile(item.instance->path, target, contexts[item.patient_slot], false);
    if (outcome.output_error && !output_failed.exchange(true)) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      output_failure = outcome.reason;
    }
    std::error_code ec;
    std::optional<DicomdirEntry> entry;
    FileResult& f = result.files[work_slot[w]];
    if (outcome.status == InstanceOutcome::Status::Kept) {
      entry = dicomdirEntry(output.staging(), item.output_name, outcome.written);
      output.fileWritten(target, outcome.written.file_size);
      if (options_.keep_written_uids)
        f.written = std::make_shared<const WrittenUids>(WrittenUids{
            entry->study_instance_uid, entry->series_instance_uid, entry->sop_instance_uid, entry->accession_number});
      std::lock_guard<std::mutex> lock(progress_mutex);
      for (const auto& [action, count] : outcome.action_counts) kept_action_counts[action] += count;
    } else {
      fs::remove(target, ec);  // a failed or late-excluded file leaves nothing behind
    }
    f.status = outcome.status;
    f.code = outcome.code;
    f.redacted = screened_and_redacted && outcome.status == InstanceOutcome::Status::Kept;
    f.reason = std::move(outcome.reason);
    dicomdir_feed.done(file_position[w], std::move(entry));
    if (options_.progress) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      options_.progress(++done, total);
    }
  });
  if (options_.cancel && options_.cancel->load()) throw Error(ErrorCode::Cancelled, "cancelled; nothing was written", out.string());
  if (output_failed.load())
    throw Error(ErrorCode::Io, output_failure + "; nothing was written", out.string());
  // The images are written: the disk takes them while the DICOMDIR and the reports are made.
  output.startFlush();

  // Identifiers to keep out of the report: harvested ones (every patient's, as the scrubber took
  // them) plus the inventory's own patient facts (which cover patients with nothing selected).
  // The patients' scrubber is done with: freed before the check is built.
  contexts = std::vector<PatientContext>();
  // Reserved at its final size (counted by harvesting twice, cheaper than holding every list at
  // once): grown by doubling, the list of an archive's identifiers was the export's largest allocation.
  std::size_t id_count = 0;
  for (const Patient* p : plan.patients) id_count += patientIdentifiers(*p, options_.deid.profile).size();
  std::vector<std::string> all_ids;
  all_ids.reserve(id_count + 8 * plan.patients.size());
  for (const Patient* p : plan.patients) {
    std::vector<std::string> ids = patientIdentifiers(*p, options_.deid.profile);
    std::move(ids.begin(), ids.end(), std::back_inserter(all_ids));
  }
  for (const Patient* p : plan.patients) {
    const auto facts = workflow::modelIdentifiers(*p);
    all_ids.insert(all_ids.end(), facts.begin(), facts.end());
  }
  all_ids = workflow::normalizeIdentifiers(std::move(all_ids));
  const workflow::IdentifierCheck id_check(all_ids);
  all_ids = std::vector<std::string>();

  // Descriptions and input paths are made here, each once, straight into the file's result.
  workflow::ItemDescriber describe_item;
  const workflow::InputRelativizer input_names(workflow::inputBase(inventory_));
  std::size_t slot = 0;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    WorkItem& item = plan.items[i];
    if (!mine[i]) {  // another shard's: its report lists it
      ++result.other_shards;
      continue;
    }
    FileResult& f = result.files[slot++];
    if (!item.selected) {
      f.status = InstanceOutcome::Status::Excluded;
      f.code = OutcomeCode::SeriesNotSelected;
      f.reason = describe(f.code);
      ++result.not_selected;
    } else if (item.exclusion) {
      f.status = InstanceOutcome::Status::Excluded;
      f.code = item.exclusion->code;
      f.reason = item.exclusion->detail;
      f.burned_in = item.burned_in;
      ++result.excluded;
    } else {  // filled by its worker
      f.reason = reportableReason(f.reason, id_check);
      // A screened projection X-ray left out for text found (or not screenable) is warned about
      // like a flagged image.
      f.burned_in = f.status == InstanceOutcome::Status::Excluded && (item.redact || (item.screen && isBurnedIn(f.code)));
      if (f.status == InstanceOutcome::Status::Kept) {
        f.redacted = item.redact || f.redacted;
        if (f.redacted) f.redactions = std::move(audits[i]);
        f.output_name = std::move(item.output_name);
        ++result.kept;
      } else if (f.status == InstanceOutcome::Status::Excluded) {
        ++result.excluded;
      } else {
        ++result.failed;
      }
    }
    f.index = item.index;
    f.description = describe_item(item);
    fillInputName(input_names.file(item.instance->path), id_check, f.input_relative, f.input_withheld);
  }
  result.action_counts = std::move(kept_action_counts);
  if (result.kept == 0 && !sharded)
    throw Error(ErrorCode::Unsupported, "no file could be de-identified (" + std::to_string(result.failed) + " failed)",
                inventory_.root.string());
  // Folders left empty (by failed or excluded files) are removed once, after the DICOMDIR step,
  // which may take out more files and which neither lists nor needs folders.

  // Every task of a sharded run scans the whole input; shard 0 alone reports the input files that
  // are not exported (they belong to no patient), so each is counted once in the merged report.
  const bool reports_skipped = !sharded || options_.shard.index == 0;
  for (const Problem& problem : inventory_.problems) {
    if (!reports_skipped) break;
    SkippedInput s;
    fillInputName(input_names.problem(problem.path), id_check, s.input_relative, s.input_withheld);
    s.kind = toString(problem.kind);
    s.reason = reportableReason(problem.reason, id_check);
    s.bad = isDamage(problem.kind);
    result.skipped.push_back(std::move(s));
  }

  // A file no DICOMDIR record can describe (e.g. no Modality) is taken out and reported as failed
  // rather than left on the medium unlisted.
  // The plan and the per-file bookkeeping are done with: freed before the DICOMDIR is written and
  // read back, the export's last step that grows with the number of files.
  plan.items = std::vector<WorkItem>();
  audits = std::vector<std::vector<PixelRedaction>>();
  work = std::vector<std::size_t>();
  work_slot = std::vector<std::size_t>();
  file_position = std::vector<std::size_t>();
  // An empty shard has no DICOMDIR (a DICOMDIR without records describes nothing).
  const auto unlisted =
      dicomdir.added() == 0 && sharded ? std::vector<UnlistableFile>{} : dicomdir.finish();
  if (!unlisted.empty()) {
    std::map<std::string, const UnlistableFile*> unlisted_by_name;
    for (const auto& u : unlisted) unlisted_by_name.emplace(u.file, &u);
    for (auto& f : result.files) {
      const auto found = f.output_name.empty() ? unlisted_by_name.end() : unlisted_by_name.find(f.output_name);
      if (found == unlisted_by_name.end()) continue;
      f.status = InstanceOutcome::Status::Failed;
      f.code = OutcomeCode::NotListable;
      f.reason = reportableReason(found->second->reason, id_check);
      f.output_name.clear();
      --result.kept;
      ++result.failed;
    }
  }
  removeEmptyFolders(output.staging());
  if (options_.cancel && options_.cancel->load()) throw Error(ErrorCode::Cancelled, "cancelled; nothing was written", out.string());
  // The export, its DICOMDIR and its reports are one unit: the reports are written in full before
  // the export is moved into place, and if they cannot be put beside it the export is taken back.
  result.export_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::optional<workflow::StagedReports> reports;
  try {
    reports.emplace(result, options_);
  } catch (const Error& e) {
    throw nothingWritten(e);
  }
  output.commit();
  try {
    reports->publish();
  } catch (const Error& e) {
    output.withdraw();
    throw nothingWritten(e);
  }
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
  const std::vector<PatientContext> contexts = makePatientContexts(plan, options_);
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
