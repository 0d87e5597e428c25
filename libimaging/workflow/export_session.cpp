#include "export_session.h"

#include <algorithm>
#include <future>
#include <system_error>
#include <unordered_map>

#include "folder_schedule.h"
#include "imaging/core/error.h"
#include "imaging/core/path_under.h"
#include "imaging/writer/dicomdir.h"
#include "parallel.h"
#include "redact_step.h"
#include "report.h"

namespace fs = std::filesystem;

namespace imaging::workflow {
namespace {

// Reasons can quote a path (a duplicate names the other file) or text from a file; one that holds
// a harvested identifier is replaced, like an input path.
std::string reportableReason(const std::string& reason, const IdentifierCheck& identifiers) {
  if (!identifiers.anyIn(reason)) return reason;
  return "details withheld: they contain identifying text";
}

// Input paths go into the report only when no harvested identifier occurs in them.
void fillInputName(std::string relative, const IdentifierCheck& identifiers, std::string& out, bool& withheld) {
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

fs::path checkedOutput(const fs::path& out, const fs::path& input_root, const AnonymizeOptions& options,
                       AnonymizeResult& result) {
  checkOutputTarget(out, input_root, options.zip ? OutputKind::Zip : OutputKind::Folder);
  result.output = resolvedPath(out);
  std::tie(result.report_json, result.report_text) = reportPaths(out, options.report);
  for (const fs::path& r : {resolvedPath(result.report_json), resolvedPath(result.report_text)}) {
    if (isWithinPath(r, result.output)) throw Error(ErrorCode::InvalidArgument, "the report must not be written inside the output", r.string());
    if (isWithinPath(r, resolvedPath(input_root))) throw Error(ErrorCode::InvalidArgument, "the report must not be written inside the input", r.string());
  }
  return out;
}

}  // namespace

ExportSession::ExportSession(const AnonymizeOptions& options, const fs::path& out, const fs::path& input_root,
                             AnonymizeResult& result)
    : options_(options),
      out_(checkedOutput(out, input_root, options, result)),
      result_(result),
      output_(out, input_root, options.zip ? OutputKind::Zip : OutputKind::Folder, options.flush_to_disk),
      dicomdir_(output_.staging(), UnlistablePolicy::Remove),
      dicomdir_feed_(dicomdir_),
      input_root_(input_root) {
  // Burned-in candidates the user asked to redact pass the engine's own burned-in exclusion; their
  // text is blacked out and re-checked afterwards (redact_step).
  if (options_.redact_burned_in || !options_.blackouts.empty()) {
    DeidConfig config = options_.deid;
    config.include_burned_in = true;
    redacting_.emplace(std::move(config));
  }
}

void ExportSession::write(const Deidentifier& deid, const WorkPlan& plan, const std::vector<bool>& mine,
                          const std::vector<PatientContext>& contexts, std::vector<FileResult>& files,
                          std::vector<std::vector<PixelRedaction>>& audits,
                          const std::vector<std::shared_ptr<const TextScrubber>>* item_scrubbers) {
  std::vector<std::size_t> work;
  std::vector<std::size_t> work_slot;  // each work item's place in files
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
    fs::path folder = (output_.staging() / plan.items[i].output_name).parent_path();
    if (folder != last_folder) {
      fs::create_directories(folder);
      folder_starts.push_back(work.size() - 1);
    }
    last_folder = std::move(folder);
  }
  // Of each processed file only what the report needs is kept, in its place in files (status,
  // reason, the UIDs written): its DICOMDIR entry goes to the DICOMDIR's records as soon as the
  // files before it are done, and its action counts into the totals.
  files.assign(files_of_mine, FileResult());
  // Regions blacked out, per item; only an export that may redact has any.
  const bool may_redact = options_.redact_burned_in || !options_.blackouts.empty();
  audits.assign(may_redact ? plan.items.size() : 0, {});
  // The DICOMDIR takes records in file order: this plan's files sorted by name, after every file
  // of the plans before (a later plan's names come after an earlier one's: checked).
  std::vector<std::size_t> file_order(work.size());
  for (std::size_t w = 0; w < work.size(); ++w) file_order[w] = w;
  std::sort(file_order.begin(), file_order.end(), [&](std::size_t a, std::size_t b) {
    return plan.items[work[a]].output_name < plan.items[work[b]].output_name;
  });
  if (!file_order.empty()) {
    if (!last_output_name_.empty() && plan.items[work[file_order.front()]].output_name <= last_output_name_)
      throw Error(ErrorCode::Internal, "export parts are not in file order", out_.string());
    last_output_name_ = plan.items[work[file_order.back()]].output_name;
  }
  std::vector<std::size_t> file_position(work.size());
  for (std::size_t p = 0; p < file_order.size(); ++p) file_position[file_order[p]] = files_fed_ + p;
  files_fed_ += work.size();
  file_order = std::vector<std::size_t>();
  // A write failure (disk full, permissions) is the output's fault, not the input's: stop, and
  // commit nothing, rather than export a medium that silently lacks images.
  std::atomic<bool> output_failed{false};
  std::string output_failure;
  // Each worker in a folder of its own where it can (folder_schedule.h); a worker runs at most
  // kMaxAhead files ahead of the earliest unfinished one, whose DICOMDIR records wait for it.
  constexpr std::size_t kMaxAhead = 4096;
  parallelForByFolder(std::move(folder_starts), work.size(), options_.jobs, kMaxAhead, options_.cancel,
                      [&](std::size_t w) {
    if (output_failed.load()) return;
    const WorkItem& item = plan.items[work[w]];
    const fs::path target = output_.staging() / item.output_name;
    std::vector<PixelRedaction> no_audit;
    std::vector<PixelRedaction>& audit = may_redact ? audits[work[w]] : no_audit;
    bool screened_and_redacted = false;
    const PatientContext* context = &contexts[item.patient_slot];
    PatientContext own_scrubber;  // a file whose texts hold other patients' identifiers (bounded export)
    if (item_scrubbers != nullptr && (*item_scrubbers)[work[w]]) {
      own_scrubber = *context;
      own_scrubber.scrubber = (*item_scrubbers)[work[w]];
      context = &own_scrubber;
    }
    InstanceOutcome outcome =
        item.redact    ? deidentifyAndRedact(*redacting_, item.instance->path, target, *context, *item.series, options_, audit)
        : item.screen  ? deidentifyAndScreen(deid, item.instance->path, target, *context, *item.series, options_,
                                             item.redact_if_text, audit, screened_and_redacted)
                       : deid.deidentifyFile(item.instance->path, target, *context, false);
    if (outcome.output_error && !output_failed.exchange(true)) {
      std::lock_guard<std::mutex> lock(progress_mutex_);
      output_failure = outcome.reason;
    }
    std::error_code ec;
    std::optional<DicomdirEntry> entry;
    FileResult& f = files[work_slot[w]];
    if (outcome.status == InstanceOutcome::Status::Kept) {
      entry = dicomdirEntry(output_.staging(), item.output_name, outcome.written);
      output_.fileWritten(target, outcome.written.file_size);
      if (options_.keep_written_uids)
        f.written = std::make_shared<const WrittenUids>(WrittenUids{
            entry->study_instance_uid, entry->series_instance_uid, entry->sop_instance_uid, entry->accession_number});
      std::lock_guard<std::mutex> lock(progress_mutex_);
      for (const auto& [action, count] : outcome.action_counts) kept_action_counts_[action] += count;
    } else {
      fs::remove(target, ec);  // a failed or late-excluded file leaves nothing behind
      files_missing_.store(true);
    }
    f.status = outcome.status;
    f.code = outcome.code;
    f.redacted = screened_and_redacted && outcome.status == InstanceOutcome::Status::Kept;
    f.reason = std::move(outcome.reason);
    dicomdir_feed_.done(file_position[w], std::move(entry));
    if (options_.progress) {
      std::lock_guard<std::mutex> lock(progress_mutex_);
      options_.progress(++done_, total_);
    }
  });
  if (options_.cancel && options_.cancel->load()) throw Error(ErrorCode::Cancelled, "cancelled; nothing was written", out_.string());
  if (output_failed.load()) throw Error(ErrorCode::Io, output_failure + "; nothing was written", out_.string());
}

void ExportSession::complete(WorkPlan& plan, const std::vector<bool>& mine, std::vector<FileResult>& files,
                             std::vector<std::vector<PixelRedaction>>& audits, const IdentifierCheck& id_check,
                             const InputRelativizer& input_names) {
  // Descriptions and input paths are made here, each once, straight into the file's result.
  ItemDescriber describe_item;
  std::size_t slot = 0;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    WorkItem& item = plan.items[i];
    if (!mine[i]) {  // another shard's: its report lists it
      ++result_.other_shards;
      continue;
    }
    FileResult& f = files[slot++];
    if (!item.selected) {
      f.status = InstanceOutcome::Status::Excluded;
      f.code = OutcomeCode::SeriesNotSelected;
      f.reason = describe(f.code);
      ++result_.not_selected;
    } else if (item.exclusion) {
      f.status = InstanceOutcome::Status::Excluded;
      f.code = item.exclusion->code;
      f.reason = item.exclusion->detail;
      f.burned_in = item.burned_in;
      ++result_.excluded;
    } else {  // filled by its worker
      f.reason = reportableReason(f.reason, id_check);
      // A screened projection X-ray left out for text found (or not screenable) is warned about
      // like a flagged image.
      f.burned_in = f.status == InstanceOutcome::Status::Excluded && (item.redact || (item.screen && isBurnedIn(f.code)));
      if (f.status == InstanceOutcome::Status::Kept) {
        f.redacted = item.redact || f.redacted;
        if (f.redacted) f.redactions = std::move(audits[i]);
        f.output_name = std::move(item.output_name);
        ++result_.kept;
      } else if (f.status == InstanceOutcome::Status::Excluded) {
        ++result_.excluded;
      } else {
        ++result_.failed;
      }
    }
    f.index = item.index;
    f.description = describe_item(item);
    fillInputName(input_names.file(item.instance->path), id_check, f.input_relative, f.input_withheld);
  }
}

void ExportSession::addSkipped(const Problem& problem, const IdentifierCheck& id_check, const InputRelativizer& input_names) {
  SkippedInput s;
  fillInputName(input_names.problem(problem.path), id_check, s.input_relative, s.input_withheld);
  s.kind = toString(problem.kind);
  s.reason = reportableReason(problem.reason, id_check);
  s.bad = isDamage(problem.kind);
  result_.skipped.push_back(std::move(s));
}

void ExportSession::startFlush() { output_.startFlush(); }

void ExportSession::sealMedium() {
  if (sealed_) return;
  sealed_ = true;
  // Nothing written, nothing to list: an empty shard has no DICOMDIR, and finish() says why an
  // export without a file fails.
  const bool has_dicomdir = dicomdir_.added() > 0;
  if (has_dicomdir) unlisted_ = dicomdir_.write();
  // Folders left empty (by failed or excluded files, or files the DICOMDIR took out) are removed
  // once, before the check lists what is there; folders are made only for files to write, so with
  // every file written there is nothing to look for.
  if (files_missing_.load() || !unlisted_.empty()) removeEmptyFolders(output_.staging());
  if (has_dicomdir) dicomdir_checked_ = std::async(std::launch::async, [this] { dicomdir_.check(); });
}

void ExportSession::finish(bool sharded, const IdentifierCheck& id_check,
                           const std::function<void(const std::string&, std::string)>& on_unlisted,
                           const std::chrono::steady_clock::time_point& started,
                           const std::function<void()>& before_reports) {
  result_.action_counts = std::move(kept_action_counts_);
  if (result_.kept == 0 && !sharded)
    throw Error(ErrorCode::Unsupported, "no file could be de-identified (" + std::to_string(result_.failed) + " failed)",
                input_root_.string());
  // A file no DICOMDIR record can describe (e.g. no Modality) is taken out and reported as failed
  // rather than left on the medium unlisted. An empty shard has no DICOMDIR.
  sealMedium();
  for (const UnlistableFile& u : unlisted_) {
    on_unlisted(u.file, reportableReason(u.reason, id_check));
    --result_.kept;
    ++result_.failed;
  }
  if (before_reports) before_reports();
  if (options_.cancel && options_.cancel->load()) throw Error(ErrorCode::Cancelled, "cancelled; nothing was written", out_.string());
  // The export, its DICOMDIR and its reports are one unit: the reports are written in full before
  // the export is moved into place, and if they cannot be put beside it the export is taken back.
  result_.export_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::optional<StagedReports> reports;
  try {
    // Reports on the output's filesystem reach the disk with its flush in commit().
    reports.emplace(result_, options_,
                    !output_.flushCovers(result_.report_json) || !output_.flushCovers(result_.report_text));
  } catch (const Error& e) {
    if (dicomdir_checked_.valid()) dicomdir_checked_.wait();  // its failure, if any, says less
    throw nothingWritten(e);
  }
  if (dicomdir_checked_.valid()) dicomdir_checked_.get();
  output_.commit();
  try {
    reports->publish();
  } catch (const Error& e) {
    output_.withdraw();
    throw nothingWritten(e);
  }
}

}  // namespace imaging::workflow
