#pragma once
// The one orchestration of a share: scan -> select -> plan -> de-identify -> write -> verify ->
// (send), with one progress callback and one cancel flag across all stages. `scanshare anonymize`
// (with or without --send) and the viewer's share dialog both run it, so the order of the checks
// and the rule that a copy verify does not pass never leaves the machine live in one place.
//
// Reads (counted in tests/send/share_reads_test.cpp): each source file is parsed by the scan and by
// the engine, no more; verify takes the source's identifiers, instances and UIDs from the scan (which
// collects them independently of the engine it checks). Each written file is parsed once, by
// verify: the DICOMDIR's records come from what the engine knew when it wrote each file, and the
// send sends the files verify listed. A C-STORE send parses each file again to negotiate and, where
// the peer needs it, convert its transfer syntax.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "imaging/model/model.h"
#include "imaging/send/send.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/verify.h"

namespace imaging {

enum class ShareStage { Scan, Export, Verify, Send };
const char* toString(ShareStage stage) noexcept;  // "scan", "export", "verify", "send"

// How much of the input an export holds in memory. Whole: the scan's inventory (what selection,
// verify, send and the viewer need). Bounded: anonymizeBounded, memory independent of the input's
// size, for an export alone. Auto: Bounded for an input of more than bounded_above_files files.
enum class ExportMemory { Whole, Bounded, Auto };

struct ShareRequest {
  std::filesystem::path input;               // the disk, folder, DICOMDIR, zip or CD image
  std::string input_name;                    // how messages name the input; empty: the input path
  std::shared_ptr<const Inventory> scanned;  // its scan, when the caller has one (the viewer); else scanned here
  AnonymizeOptions options;                  // what to write; progress and cancel are the pipeline's
  // Called once after the scan, before anything is written: series selection and anything else that
  // needs the inventory (CLI: --series, a recipe's series rules, --blackout @SERIES).
  std::function<void(const Inventory&, AnonymizeOptions&)> select;
  // Where the copy goes. Empty: a private temporary folder, removed with the pipeline (send only).
  std::filesystem::path output;
  // Verify the copy against the source after writing it. Always done before a send.
  bool verify = true;
  std::optional<SendDestination> destination;  // send the copy when verify finds nothing identifying
  SendOptions send;                            // progress and cancel are the pipeline's
  std::optional<Key> key;                      // for verify's reference checks (the export's key)
  unsigned jobs = 2;
  std::function<void(ShareStage stage, std::size_t done, std::size_t total)> progress;  // any thread
  // Bounded (or Auto, past the threshold) needs an export alone: no scanned inventory, no verify,
  // no destination, and a select() that changes nothing (the caller's promise: the CLI without
  // --series, recipe series rules or --blackout @SERIES). Otherwise run() throws InvalidArgument.
  ExportMemory memory = ExportMemory::Whole;
  // 10 000: by the rates measured (13 KiB a patient, 1.2 KiB a file, docs/benchmarks.md session 13)
  // the whole export of that many files of as many patients holds about 175 MB; the bounded one
  // writes the same bytes.
  std::size_t bounded_above_files = 10000;
  BoundedExportLimits bounded;
  const std::atomic<bool>* cancel = nullptr;   // set to stop; run() then throws Error(Cancelled)
};

struct ShareOutcome {
  std::shared_ptr<const Inventory> source;  // the scan of the input (null after a bounded export)
  double scan_seconds = 0;                  // 0 when the caller gave the scan
  AnonymizeOptions applied;                 // the options as run: the request's, after select()
  AnonymizeResult result;
  std::optional<VerifyResult> verdict;      // when verified
  std::string verify_error;                 // verify could not check the copy (one line); then no verdict
  std::optional<SendReport> sent;           // when sent (not when refused)
  bool temporary_output = false;            // the copy lived in a temporary folder, now removed
  bool bounded = false;                     // written by the bounded-memory export
  // Verify found something that may identify someone (isPrivacyFinding), or could not check the
  // copy at all: nothing was sent.
  bool refused() const;
};

class SharePipeline {
 public:
  explicit SharePipeline(ShareRequest request);
  ~SharePipeline();
  SharePipeline(const SharePipeline&) = delete;
  SharePipeline& operator=(const SharePipeline&) = delete;

  // Stage 1 alone (idempotent): the scan of the input, and the caller's selection applied. Throws
  // Error(InvalidArgument) when the input holds no DICOM instance.
  const Inventory& prepare();
  // What would change, written nowhere (prepare() first if not done).
  std::vector<DryRunInstance> preview(std::size_t max_instances = 0);
  // Every stage. Throws Error when nothing could be written or when cancelled; a refused send is
  // not an error (see ShareOutcome::refused).
  ShareOutcome run();

 private:
  bool exportsBounded() const;
  ShareOutcome runBounded();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The source SOP Instance UIDs of the series a selection leaves out (none when it selects all).
std::vector<std::string> leftOutInstances(const Inventory& inventory, const std::vector<std::string>& series);

}  // namespace imaging
