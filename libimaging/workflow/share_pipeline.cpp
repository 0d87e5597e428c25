#include "imaging/workflow/share_pipeline.h"

#include <chrono>
#include <future>
#include <utility>

#include "imaging/core/error.h"
#include "imaging/core/temp_dir.h"
#include "imaging/media/scan.h"
#include "imaging/text/free_text.h"
#include "imaging/send/send.h"
#include "imaging/workflow/send_export.h"
#include "work_plan.h"

namespace imaging {

const char* toString(ShareStage stage) noexcept {
  switch (stage) {
    case ShareStage::Scan: return "scan";
    case ShareStage::Export: return "export";
    case ShareStage::Verify: return "verify";
    case ShareStage::Send: return "send";
  }
  return "unknown";
}

bool ShareOutcome::refused() const {
  if (!verify_error.empty()) return true;
  if (!verdict) return false;
  for (const auto& finding : verdict->findings)
    if (isPrivacyFinding(finding)) return true;
  return false;
}

std::vector<std::string> leftOutInstances(const Inventory& inventory, const std::vector<std::string>& series) {
  std::vector<std::string> left_out;
  if (series.empty()) return left_out;
  inventory.forEachInstance([&](const Patient&, const Study&, const Series& se, const Instance& in) {
    if (!workflow::seriesSelected(se, series)) left_out.push_back(in.sop_instance_uid);
  });
  return left_out;
}

struct SharePipeline::Impl {
  ShareRequest request;
  std::shared_ptr<const Inventory> source;
  double scan_seconds = 0;
  bool prepared = false;
  // The free-text word lists load on another thread while the scan reads the input.
  std::future<void> vocabulary;

  void report(ShareStage stage, std::size_t done, std::size_t total) const {
    if (request.progress) request.progress(stage, done, total);
  }
  void throwIfCancelled() const {
    if (request.cancel && request.cancel->load()) throw Error(ErrorCode::Cancelled, "cancelled");
  }
};

SharePipeline::SharePipeline(ShareRequest request) : impl_(std::make_unique<Impl>()) {
  impl_->request = std::move(request);
  impl_->request.options.jobs = std::max(1u, impl_->request.jobs);
  impl_->request.options.cancel = impl_->request.cancel;
}

SharePipeline::~SharePipeline() = default;

const Inventory& SharePipeline::prepare() {
  Impl& s = *impl_;
  if (s.prepared) return *s.source;
  s.vocabulary = std::async(std::launch::async, [] { text::warmUp(); });
  if (s.request.scanned) {
    s.source = s.request.scanned;
  } else {
    ScanOptions scan_options;
    scan_options.threads = s.request.options.jobs;
    scan_options.cancel = s.request.cancel;
    // Only verify reads the source's UIDs; an export alone does not hold them for every file.
    scan_options.collect_uids = s.request.verify || s.request.destination.has_value();
    if (s.request.progress)
      scan_options.progress = [&s](std::size_t done, std::size_t total) { s.report(ShareStage::Scan, done, total); };
    const auto started = std::chrono::steady_clock::now();
    s.source = std::make_shared<const Inventory>(scan(s.request.input, scan_options));
    s.scan_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    s.request.options.scan_seconds = s.scan_seconds;
  }
  if (s.source->instanceCount() == 0)
    throw Error(ErrorCode::InvalidArgument, "no DICOM images found",
                s.request.input_name.empty() ? s.request.input.string() : s.request.input_name);
  if (s.request.select) s.request.select(*s.source, s.request.options);
  s.prepared = true;
  return *s.source;
}

std::vector<DryRunInstance> SharePipeline::preview(std::size_t max_instances) {
  prepare();
  return AnonymizeJob(*impl_->source, impl_->request.options).dryRun(max_instances);
}

bool SharePipeline::exportsBounded() const {
  const ShareRequest& r = impl_->request;
  if (r.memory == ExportMemory::Whole) return false;
  if (r.scanned || r.verify || r.destination || r.output.empty()) {
    if (r.memory == ExportMemory::Auto) return false;
    throw Error(ErrorCode::InvalidArgument, "the bounded-memory export writes a folder or zip and nothing else: it cannot verify or send");
  }
  if (r.memory == ExportMemory::Bounded) return true;
  // Counting stops past the threshold: a CD costs a walk of its few files.
  return countFilesUpTo(r.input, r.bounded_above_files + 1) > r.bounded_above_files;
}

ShareOutcome SharePipeline::run() {
  if (!impl_->prepared && exportsBounded()) return runBounded();
  prepare();
  Impl& s = *impl_;
  ShareRequest& r = s.request;
  ShareOutcome outcome;
  outcome.source = s.source;
  outcome.scan_seconds = s.scan_seconds;

  // Without an output the copy to send lives in a private folder (mode 0700) removed on every way
  // out of this function, exceptions included.
  std::optional<TempDir> staging;
  std::filesystem::path out = r.output;
  if (out.empty()) {
    if (!r.destination) throw Error(ErrorCode::InvalidArgument, "an output folder is needed when nothing is sent");
    staging.emplace();
    out = staging->path() / "export";
    r.options.zip = false;
    outcome.temporary_output = true;
  }
  AnonymizeOptions options = r.options;
  outcome.applied = r.options;
  if (r.progress)
    options.progress = [&s](std::size_t done, std::size_t total) { s.report(ShareStage::Export, done, total); };
  outcome.result = AnonymizeJob(*s.source, options).run(out);

  if (r.verify || r.destination) {
    s.throwIfCancelled();
    s.report(ShareStage::Verify, 0, 1);
    VerifyOptions verify_options;
    verify_options.against = r.input;
    verify_options.source_scan = s.source;
    verify_options.key = r.key;
    verify_options.jobs = options.jobs;
    verify_options.left_out = leftOutInstances(*s.source, options.series);
    verify_options.list_checked = r.destination.has_value();
    // The user who trusts the flags for the export trusts them for its check: screening every
    // radiograph again would cost what the option saved. --include-burned-in is no such trust.
    verify_options.trust_burned_in_flag = options.deid.trust_burned_in_flag;
    // The copy is written whatever verify says: a failure to check it is part of the outcome (the
    // viewer shows it beside the saved copy), and it refuses any send like a finding does.
    try {
      outcome.verdict = verify(outcome.result.output, verify_options);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::Cancelled) throw;
      outcome.verify_error = e.oneLine();
    }
    s.report(ShareStage::Verify, 1, 1);
  }
  if (r.destination && !outcome.refused()) {
    s.throwIfCancelled();
    SendOptions send = r.send;
    send.cancel = r.cancel;
    if (r.progress)
      send.progress = [&s, user = r.send.progress](const FileSendStatus& status, std::size_t done, std::size_t total) {
        if (user) user(status, done, total);
        s.report(ShareStage::Send, done, total);
      };
    // The same verdict decides (checked above). What is sent is what verify read and checked, listed
    // by verify itself (a folder); a zip is listed again from the zip.
    if (outcome.verdict && outcome.verdict->checked && outcome.verdict->checked->instanceCount() > 0)
      outcome.sent = sendTo(*outcome.verdict->checked, *r.destination, send);
    else
      outcome.sent = sendVerifiedExport(outcome.result.output, *r.destination, send);
  }
  return outcome;
}

ShareOutcome SharePipeline::runBounded() {
  Impl& s = *impl_;
  ShareRequest& r = s.request;
  s.vocabulary = std::async(std::launch::async, [] { text::warmUp(); });
  ShareOutcome outcome;
  outcome.bounded = true;
  outcome.applied = r.options;
  AnonymizeOptions options = r.options;
  BoundedExportLimits limits = r.bounded;
  if (r.progress) {
    options.progress = [&s](std::size_t done, std::size_t total) { s.report(ShareStage::Export, done, total); };
    limits.scan_progress = [&s](std::size_t done, std::size_t total) { s.report(ShareStage::Scan, done, total); };
  }
  outcome.result = anonymizeBounded(r.input, options, r.output, limits);
  return outcome;
}

}  // namespace imaging
