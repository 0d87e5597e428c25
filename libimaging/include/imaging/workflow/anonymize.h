#pragma once
// The anonymize pipeline: inventory in, de-identified medium out (or a dry-run preview).
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imaging/deid/deidentifier.h"
#include "imaging/deid/key.h"
#include "imaging/model/model.h"

namespace imaging {

// The keyed parts (HMAC UID mapper, date shifter, pseudonyms) for a profile.
DeidConfig makeDeidConfig(const Key& key, Profile profile);

// A region a person asks to black out (pixels), in every frame of the burned-in candidates of one
// series (by Series Instance UID or number), or of all of them when series is empty.
struct BlackoutRegion {
  int x = 0, y = 0, width = 0, height = 0;
  std::string series;
};
// "x,y,w,h" or "x,y,w,h@SERIES"; throws Error(InvalidArgument) otherwise.
BlackoutRegion parseBlackoutRegion(const std::string& text);

// Scale-out (docs/scale-out.md): task `index` of `count` exports only the patients whose keyed
// patient hash falls in its shard. Every patient of the input is still scanned and its identifiers
// still feed the one text scrubber, and output names are those of a single run over the whole
// input, so the union of all shards' DICOM trees is the single run's tree, byte for byte.
struct ShardSpec {
  unsigned index = 0;
  unsigned count = 0;               // 0: not sharded
  std::shared_ptr<const Key> key;   // the project key; required when count > 0
  bool active() const { return count > 0; }
};
// "I/N" with 0 <= I < N <= 100000 (the key is left unset); throws Error(InvalidArgument) otherwise.
ShardSpec parseShard(const std::string& text);
// The shard (0..count-1) of a patient: HMAC-SHA256(key, "shard" || identity_key), first 8 bytes
// big-endian, mod count. Keyed like the pseudonyms, so it says nothing without the key.
unsigned patientShard(const Key& key, const std::string& identity_key, unsigned count);
// "shard-I-of-N": the output folder of a shard inside the common OUT folder.
std::string shardName(unsigned index, unsigned count);

struct AnonymizeOptions {
  DeidConfig deid;                       // profile and parts; see makeDeidConfig
  std::optional<Pseudonym> pseudonym;    // user-chosen name/ID; only for a single source patient
  std::vector<std::string> series;       // Series Instance UIDs or series numbers; empty: all
  std::string recipe;                    // the recipe's name (--recipe), for the report; empty: none
  std::vector<std::string> unsafe_rules; // keywords a recipe keeps with "unsafe": true (the report says so)
  bool zip = false;                      // write OUT as a zip file instead of a folder
  // Flush OUT to disk before it appears (default). false: faster; OUT still appears only complete
  // (a crash of the program leaves nothing), but a power failure soon after may damage it.
  bool flush_to_disk = true;
  // Images likely to carry burned-in text are excluded unless one of these asks to redact them:
  // OCR finds the text and it is blacked out (re-encoded lossless), and blackouts add regions.
  // An image whose re-check still finds an identifying word is excluded.
  bool redact_burned_in = false;
  std::vector<BlackoutRegion> blackouts;
  std::filesystem::path report;          // JSON report path; empty: OUT.report.json beside OUT
  unsigned jobs = 2;                     // worker threads
  // Keep each written file's UIDs in FileResult::written, as the sealed mapping (buildMapping)
  // needs; an export without a mapping does not hold them for every file.
  bool keep_written_uids = false;
  ShardSpec shard;                       // not active: every patient
  double scan_seconds = -1;              // the caller's scan time, for the report's timings (<0: not given)
  std::function<void(std::size_t done, std::size_t total)> progress;  // from worker threads
  const std::atomic<bool>* cancel = nullptr;  // set to true to stop; run() then throws Cancelled
};

// The audit of pixels: one region blacked out in a written image (OCR text line, a person's
// --blackout box, or a vendor's fixed banner), as it was applied (padded and clipped).
struct PixelRedaction {
  int frame = 0;                 // 1-based; 0: every frame of the image
  int x = 0, y = 0, width = 0, height = 0;
  std::string why;               // "ocr-text-line", "manual-blackout" or "vendor-annotation"
  std::size_t samples_changed = 0;  // stored samples it changed (0: they were black already)
};

// The UIDs and accession number of one written file: output values, never the source's.
struct WrittenUids {
  std::string study_uid, series_uid, sop_uid, accession;
};

// One input instance and what became of it. Nothing here is identifying: input_relative is
// empty (and input_withheld set) when the input path contains a harvested identifier.
struct FileResult {
  std::size_t index = 0;              // 1-based, in inventory order
  std::string output_name;            // "DICOM/P0000001/S0000001/E0000001/I0000001"; empty if not written
  std::string input_relative;         // path relative to the input root, '/' separated
  bool input_withheld = false;
  InstanceOutcome::Status status = InstanceOutcome::Status::Failed;
  OutcomeCode code = OutcomeCode::None;  // why excluded or failed
  std::string reason;                 // the same in words, with specifics
  std::string description;            // "DICOM/P.../E0000003 #2, CT, CT Image Storage": output-safe
  bool burned_in = false;             // excluded for likely burned-in text (the CLI warns)
  bool redacted = false;              // burned-in candidate exported with its text blacked out
  std::vector<PixelRedaction> redactions;  // when redacted: every region blacked out (in the report)
  // As written into the output file (kept files only, and only when AnonymizeOptions::
  // keep_written_uids asks), for the sealed mapping. Not written to the report.
  std::shared_ptr<const WrittenUids> written;
};

// A file of the input that was not DICOM or could not be read (from the scan).
struct SkippedInput {
  std::string input_relative;         // empty when withheld (see FileResult)
  bool input_withheld = false;
  std::string kind;                   // toString(ProblemKind)
  std::string reason;
  bool bad = false;                   // damaged/unreadable DICOM (not: a readme or viewer program)
};

// Files' results kept somewhere other than AnonymizeResult::files (a bounded export's spill).
class FileResultSource {
 public:
  virtual ~FileResultSource() = default;
  virtual void forEach(const std::function<void(const FileResult&)>& visit) const = 0;
};

struct AnonymizeResult {
  std::filesystem::path output;
  std::filesystem::path report_json;
  std::filesystem::path report_text;
  std::size_t kept = 0, excluded = 0, failed = 0, not_selected = 0;
  // Sharded runs: instances and patients of other shards (left out of files), patients of this one.
  std::size_t other_shards = 0, shard_patients = 0;
  double export_seconds = 0;          // plan, de-identify, DICOMDIR (not the scan, its check or the final flush)
  std::vector<FileResult> files;       // empty when a bounded export kept them on disk (spilled_files)
  std::vector<SkippedInput> skipped;
  std::map<std::string, int> action_counts;  // summed over kept files
  // Some file failed or a damaged input file was skipped (exit code 1 in the CLI). Exclusions by
  // policy (burned-in, SR, series not selected) and non-DICOM files are not problems.
  bool hadProblems() const;
  // Every file's result in inventory order: `files`, or those a bounded export kept on disk.
  void forEachFile(const std::function<void(const FileResult&)>& visit) const;
  // Where a bounded export keeps its files' results (encrypted, beside the output); null otherwise.
  std::shared_ptr<const FileResultSource> spilled_files;
};

// A dry-run entry: the before/after of every attribute that would change. Before values are
// identifying: keep them in memory, show them, never write them to disk.
struct DryRunInstance {
  std::size_t index = 0;
  std::string output_name;
  std::string description;
  InstanceOutcome::Status status = InstanceOutcome::Status::Failed;
  OutcomeCode code = OutcomeCode::None;
  std::string reason;
  std::vector<AttributeChange> changes;
};

// An export of an input of any size in bounded memory: what AnonymizeJob(scan(input), options)
// .run(out) writes, file for file, but the scan's records, the inventory and the files' results
// are kept in encrypted spill files beside the output, and the files are written chunk by chunk
// (docs/benchmarks.md, "bounded memory"). Not for what needs the whole inventory at once: a
// series selection, a chosen pseudonym, shards, a sealed mapping (options.series, pseudonym,
// shard, keep_written_uids: refused with Error(InvalidArgument)).
struct BoundedExportLimits {
  std::size_t chunk_instances = 16384;          // files planned and written at a time
  // Bytes a sort holds before it spills; at most two sorts fill at once (one drains into the next).
  std::size_t sort_memory = std::size_t{8} << 20;
  // Patients whose identifiers are held at once for the cross-patient scrub. Past this many the
  // other patients are checked a group at a time (a second, writeless run of each file, and a
  // third of the rare file that holds another patient's identifier): same result, bounded memory.
  // A chunk holds at most this many patients too.
  std::size_t patients_at_once = 3000;
  std::function<void(std::size_t, std::size_t)> scan_progress;  // (files read, files listed); may be empty
};
AnonymizeResult anonymizeBounded(const std::filesystem::path& input, const AnonymizeOptions& options,
                                 const std::filesystem::path& out, const BoundedExportLimits& limits = {});

class AnonymizeJob {
 public:
  AnonymizeJob(const Inventory& inventory, AnonymizeOptions options);
  // Writes the de-identified medium to out (atomically) and the report. Throws Error when nothing
  // could be written (bad output path, nothing kept, cancelled); then out does not exist.
  AnonymizeResult run(const std::filesystem::path& out);
  // Nothing is written. At most max_instances selected instances (0: all) are de-identified in
  // memory; excluded instances are listed with their reason and no changes.
  std::vector<DryRunInstance> dryRun(std::size_t max_instances = 0) const;

 private:
  const Inventory& inventory_;
  AnonymizeOptions options_;
};

inline std::vector<DryRunInstance> dryRun(const Inventory& inventory, AnonymizeOptions options,
                                          std::size_t max_instances = 0) {
  return AnonymizeJob(inventory, std::move(options)).dryRun(max_instances);
}

// Where the reports go for an output (OUT.report.json / OUT.report.txt) or for --report FILE
// (FILE, and FILE with .txt instead of .json).
std::pair<std::filesystem::path, std::filesystem::path> reportPaths(const std::filesystem::path& out,
                                                                     const std::filesystem::path& report);

}  // namespace imaging
