#include "send_queue.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace imaging::send_detail {

std::vector<QueuedFile> queueInstances(const Inventory& inventory, const SendOptions& options, SendReport& report) {
  std::vector<QueuedFile> queue;
  inventory.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& instance) {
    FileSendStatus status;
    status.path = instance.path;
    status.sop_instance_uid = instance.sop_instance_uid;
    const bool done_before = options.state && options.state->wasSent(report.destination, instance.sop_instance_uid);
    status.outcome = done_before ? SendOutcome::AlreadySent : SendOutcome::Failed;
    status.detail = done_before ? "sent by an earlier run" : "not attempted";
    report.files.push_back(std::move(status));
    if (!done_before) queue.push_back({&instance, report.files.size() - 1});
  });
  return queue;
}

void markSent(const QueuedFile& file, const std::string& transfer_syntax, const std::string& detail,
              const SendOptions& options, SendReport& report, std::size_t& done) {
  FileSendStatus& status = report.files[file.report_index];
  status.outcome = SendOutcome::Sent;
  status.transfer_syntax_uid = transfer_syntax;
  status.detail = detail;
  report.bytes_sent += file.instance->file_size;
  // Recorded only after the peer confirmed: a crash here re-sends one file, never skips one.
  if (options.state) options.state->recordSent(report.destination, file.instance->sop_instance_uid);
  ++done;
  if (options.progress) options.progress(status, done, report.files.size());
}

void markFailed(const QueuedFile& file, const std::string& detail, const SendOptions& options, SendReport& report,
                std::size_t& done) {
  FileSendStatus& status = report.files[file.report_index];
  status.outcome = SendOutcome::Failed;
  status.transfer_syntax_uid.clear();
  status.detail = detail;
  ++done;
  if (options.progress) options.progress(status, done, report.files.size());
}

void markCancelled(const QueuedFile& file, SendReport& report) {
  FileSendStatus& status = report.files[file.report_index];
  status.outcome = SendOutcome::Cancelled;
  status.transfer_syntax_uid.clear();
  status.detail = "not sent: the send was cancelled";
}

bool cancelRequested(const SendOptions& options) noexcept {
  return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
}

bool backoff(const SendOptions& options, int attempt) {
  auto delay = options.retry_delay;
  for (int i = 1; i < attempt && delay < std::chrono::seconds(30); ++i) delay *= 2;
  // A cancel is noticed within one slice, however long the backoff has grown.
  constexpr std::chrono::milliseconds kSlice{50};
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!cancelRequested(options)) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, kSlice));
  }
  return false;
}

}  // namespace imaging::send_detail
