// anonymizeBounded: the export of an input of any size in bounded memory. The scan streams its
// records into encrypted external sorts (SpilledInventory) instead of an Inventory; the inventory
// comes back in chunks of a bounded number of instances, each planned (numbering on from the
// chunk before, PlanCursor) and written into one output, DICOMDIR and report (ExportSession); each
// file's result goes to an encrypted spill the report reads back.
#include <chrono>
#include <memory>
#include <optional>
#include <system_error>

#include "export_session.h"
#include "file_result_spill.h"
#include "identifier_match.h"
#include "imaging/core/error.h"
#include "imaging/media/decodable.h"
#include "imaging/media/scan.h"
#include "imaging/text/free_text.h"
#include "imaging/workflow/anonymize.h"
#include "job_parts.h"
#include "cross_patient_scrub.h"
#include "patient_groups.h"
#include "spilled_inventory.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

void refuseWholeInventoryOptions(const AnonymizeOptions& options) {
  const char* needs = !options.series.empty()         ? "a series selection"
                      : options.pseudonym.has_value() ? "a chosen patient name and ID"
                      : options.shard.active()        ? "shards"
                      : options.keep_written_uids     ? "a sealed mapping"
                                                      : nullptr;
  if (needs != nullptr)
    throw Error(ErrorCode::InvalidArgument, std::string("the bounded-memory export cannot take ") + needs +
                                                ": it needs the whole inventory at once");
}

// Spill files go beside the output: on the disk the export fills anyway, never in the input.
fs::path spillFolder(const fs::path& out) {
  std::error_code ec;
  fs::path parent = fs::absolute(out, ec).lexically_normal().parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

AnonymizeResult anonymizeBounded(const fs::path& input, const AnonymizeOptions& given, const fs::path& out,
                                 const BoundedExportLimits& limits) {
  refuseWholeInventoryOptions(given);
  const auto started = std::chrono::steady_clock::now();
  AnonymizeOptions options = given;
  if (options.jobs == 0) options.jobs = 1;
  if (!options.deid.record_key_tags) options.deid.record_key_tags = dicomdirRecordKeyTags;
  AnonymizeResult result;
  workflow::ExportSession session(options, out, input, result);

  workflow::SpilledInventory spilled(spillFolder(out), limits.sort_memory);
  ScanOptions scan_options;
  scan_options.threads = options.jobs;
  scan_options.cancel = options.cancel;
  scan_options.progress = limits.scan_progress;
  scan_options.collect_uids = false;  // only verify reads them, and a bounded export is not verified in process
  scan_options.spill_folder = spillFolder(out);  // a folder of one subfolder a patient: its listing
  const StreamedScan scanned = scanStreamed(input, scan_options, spilled.sink());
  spilled.finish(scanned, input, [](const Instance& instance) { return media::decodableHere(instance); });
  if (options.scan_seconds < 0)
    options.scan_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (spilled.instanceCount() == 0) throw Error(ErrorCode::InvalidArgument, "no DICOM images found", input.string());

  Inventory input_facts;  // the input's root and walked folder, for the report's input names
  input_facts.root = input;
  input_facts.files_root = scanned.files_root;
  const workflow::InputRelativizer input_names(workflow::inputBase(input_facts));
  const Deidentifier deid(options.deid);
  const auto redactable = workflow::redactableSeries(options);
  auto results = std::make_shared<workflow::FileResultSpill>(spillFolder(out));
  session.progressTotal() = spilled.instanceCount();

  // Every patient's identifiers: one scrubber for the free text of all (patient A's name in
  // patient B's comment goes too) and the report's check of paths and reasons. When they do not
  // all fit (more than patients_at_once patients), each chunk holds its own patients' and checks
  // the rest group by group (CrossPatientScrub below).
  workflow::PatientGroups groups(spilled, options.deid.profile, limits.patients_at_once);
  const bool grouped = groups.count() > 1;
  std::shared_ptr<const TextScrubber> shared_scrubber;
  std::optional<workflow::IdentifierCheck> all_ids;
  if (!grouped) {
    std::shared_ptr<TextScrubber> scrubber = makeTextScrubber();
    std::vector<std::string> report_ids;
    spilled.forEachPatient([&](const Patient& patient) {
      workflow::addPatientIdentifiers(*scrubber, patient, options.deid.profile);
      workflow::appendReportIdentifiers(patient, options.deid.profile, report_ids);
    });
    all_ids.emplace(workflow::normalizeIdentifiers(std::move(report_ids)));
    shared_scrubber = std::move(scrubber);
  }
  const workflow::IdentifierCheck no_ids(std::vector<std::string>{});

  workflow::PlanCursor cursor;
  std::vector<FileResult> files;
  std::vector<std::vector<PixelRedaction>> audits;
  std::size_t processed = 0;
  spilled.forEachChunk(limits.chunk_instances, limits.patients_at_once, [&](workflow::InventoryChunk& chunk) {
    chunk.inventory.root = input;
    chunk.inventory.files_root = scanned.files_root;
    cursor.continues_patient = chunk.continues_patient;
    cursor.continues_study = chunk.continues_study;
    cursor.continues_series = chunk.continues_series;
    workflow::WorkPlan plan = workflow::makeWorkPlan(chunk.inventory, deid, {}, redactable, &cursor);
    const std::vector<bool> mine(plan.items.size(), true);
    processed += plan.processCount();
    if (!grouped) {
      const std::vector<PatientContext> contexts = workflow::makePatientContexts(plan, options, shared_scrubber);
      session.write(deid, plan, mine, contexts, files, audits);
      session.complete(plan, mine, files, audits, *all_ids, input_names);
    } else {
      workflow::CrossPatientScrub cross(plan, options, groups);
      const std::vector<PatientContext> contexts = workflow::makePatientContexts(plan, options, cross.chunkScrubber());
      const auto item_scrubbers = cross.settle(contexts, deid, session.redacting());
      session.write(deid, plan, mine, contexts, files, audits, &item_scrubbers);
      session.complete(plan, mine, files, audits, cross.chunkCheck(), input_names);
      cross.recheck(plan, files);
    }
    for (const FileResult& f : files) results->append(f);
  });
  if (processed == 0)
    throw Error(ErrorCode::InvalidArgument, "nothing to export: all " + std::to_string(spilled.instanceCount()) +
                                                " instance(s) were excluded or not selected", input.string());
  session.startFlush();
  if (options.progress) options.progress(spilled.instanceCount(), spilled.instanceCount());
  spilled.forEachProblem([&](Problem& problem) { session.addSkipped(problem, all_ids ? *all_ids : no_ids, input_names); });
  if (grouped) workflow::recheckSkipped(groups, result.skipped);
  result.spilled_files = results;
  std::vector<std::pair<std::string, std::string>> unlisted;
  session.finish(false, all_ids ? *all_ids : no_ids, [&](const std::string& output_name, std::string reason) {
    unlisted.emplace_back(output_name, std::move(reason));
  }, started, [&] {
    // Before the reports are written: an unlisted file's reason checked against every group.
    if (grouped) workflow::recheckReasons(groups, unlisted);
    for (auto& [name, reason] : unlisted) results->markUnlisted(name, OutcomeCode::NotListable, std::move(reason));
  });
  return result;
}

}  // namespace imaging
