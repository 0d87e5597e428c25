#pragma once
// One export's writing, shared by the two ways of feeding it: AnonymizeJob::run writes a whole
// inventory's plan at once; the bounded export (bounded_export.cpp) writes an inventory of any
// size chunk by chunk into the same output, DICOMDIR and report. The steps, in order:
// write() each plan (the files, in parallel), complete() its file results (descriptions, input
// names, reasons checked for identifiers), addSkipped() the scan's problems, then finish().
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "identifier_match.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/writer/atomic_output.h"
#include "imaging/writer/dicomdir_writer.h"
#include "ordered_dicomdir_feed.h"
#include "work_plan.h"

namespace imaging::workflow {

class ExportSession {
 public:
  // Checks the output and the reports' paths against the input (throws Error(InvalidArgument)),
  // then opens the staging output. The result's output and report paths are set.
  ExportSession(const AnonymizeOptions& options, const std::filesystem::path& out, const std::filesystem::path& input_root,
                AnonymizeResult& result);

  std::size_t& progressTotal() { return total_; }

  // Writes the items of `plan` this task owns (mine[i]) that are to be processed, in parallel.
  // files: one result per owned item, in plan order (sized here); processed ones get their
  // outcome. audits: each item's blacked-out regions (when the export may redact). item_scrubbers:
  // per plan item, a scrubber to use instead of its patient context's (null entries: none). Throws
  // Error(Cancelled) or Error(Io) (an output failure), and then nothing is committed.
  void write(const Deidentifier& deid, const WorkPlan& plan, const std::vector<bool>& mine,
             const std::vector<PatientContext>& contexts, std::vector<FileResult>& files,
             std::vector<std::vector<PixelRedaction>>& audits,
             const std::vector<std::shared_ptr<const TextScrubber>>* item_scrubbers = nullptr);
  // Fills in the rest of each owned item's result and counts it into the result's totals.
  void complete(WorkPlan& plan, const std::vector<bool>& mine, std::vector<FileResult>& files,
                std::vector<std::vector<PixelRedaction>>& audits, const IdentifierCheck& identifiers,
                const InputRelativizer& input_names);
  void addSkipped(const Problem& problem, const IdentifierCheck& identifiers, const InputRelativizer& input_names);

  // Once every file is written: writes the DICOMDIR (a file no record can describe is taken out),
  // removes folders left empty, and starts the DICOMDIR's check (a read of every record and the
  // folder) on other threads, so that it runs beside complete() and the reports. Nothing under the output may
  // change after it. finish() does it when it was not done. Without a file written, no DICOMDIR.
  void sealMedium();
  // Seals the medium (sealMedium), hands each file the DICOMDIR took out to on_unlisted with its
  // reason (checked for identifiers), writes the reports, waits for the DICOMDIR's check and puts
  // the export in place. before_reports: called once the results are final, before the reports.
  void finish(bool sharded, const IdentifierCheck& identifiers,
              const std::function<void(const std::string& output_name, std::string reason)>& on_unlisted,
              const std::chrono::steady_clock::time_point& started,
              const std::function<void()>& before_reports = {});
  // The engine of burned-in candidates to redact (null when the export redacts nothing).
  const Deidentifier* redacting() const { return redacting_ ? &*redacting_ : nullptr; }
  // The images are written: the disk takes them while the caller makes the rest.
  void startFlush();

 private:
  const AnonymizeOptions& options_;
  std::filesystem::path out_;
  AnonymizeResult& result_;
  AtomicOutput output_;
  DicomdirWriter dicomdir_;
  OrderedDicomdirFeed dicomdir_feed_;
  std::size_t files_fed_ = 0;        // DICOMDIR positions taken by earlier plans
  std::string last_output_name_;     // the last plan's last written name (plans follow in file order)
  std::optional<Deidentifier> redacting_;
  std::map<std::string, int> kept_action_counts_;
  std::mutex progress_mutex_;
  std::size_t done_ = 0, total_ = 0;
  std::filesystem::path input_root_;
  std::atomic<bool> files_missing_{false};  // a processed file was not written (its folder may be empty)
  bool sealed_ = false;
  std::vector<UnlistableFile> unlisted_;
  // Declared last, so destroyed first: the check reads dicomdir_ and the staging folder.
  std::future<void> dicomdir_checked_;
};

}  // namespace imaging::workflow
