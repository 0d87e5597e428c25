#include "send_queue.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace imaging::send_detail {

SendQueue queueInstances(const Inventory& inventory, const SendOptions& options, SendReport& report) {
  SendQueue queue;
  report.export_identity = SendState::exportIdentity(inventory);
  inventory.forEachInstance([&](const Patient&, const Study& study, const Series& series, const Instance& instance) {
    FileSendStatus status;
    status.path = instance.path;
    status.sop_instance_uid = instance.sop_instance_uid;
    status.outcome = SendOutcome::Failed;
    status.detail = "not attempted";
    report.files.push_back(std::move(status));
    const QueuedFile file{&instance, &study, &series, report.files.size() - 1};
    const bool believed_sent =
        options.state && options.state->wasSent(report.destination, report.export_identity, instance.sop_instance_uid);
    (believed_sent ? queue.to_confirm : queue.to_send).push_back(file);
  });
  return queue;
}

std::map<std::pair<std::string, std::string>, std::set<std::string>> confirmationQueries(const SendQueue& queue) {
  std::map<std::pair<std::string, std::string>, std::set<std::string>> queries;
  for (const QueuedFile& file : queue.to_confirm)
    queries[{file.study->study_instance_uid, file.series->series_instance_uid}].insert(file.instance->sop_instance_uid);
  return queries;
}

void settleConfirmations(SendQueue& queue, const std::set<std::string>& present, bool answered, const SendOptions& options,
                         SendReport& report, std::size_t& done) {
  for (const QueuedFile& file : queue.to_confirm) {
    FileSendStatus& status = report.files[file.report_index];
    if (present.count(file.instance->sop_instance_uid) != 0) {
      status.outcome = SendOutcome::AlreadySent;
      status.detail = "sent by an earlier run; the server confirms it has it";
      ++done;
      if (options.progress) options.progress(status, done, report.files.size());
      continue;
    }
    status.detail = answered ? "sent by an earlier run, but the server does not have it: sent again"
                             : "sent by an earlier run, but the server cannot be asked: sent again";
    queue.to_send.push_back(file);
  }
  queue.to_confirm.clear();
  std::sort(queue.to_send.begin(), queue.to_send.end(),
            [](const QueuedFile& a, const QueuedFile& b) { return a.report_index < b.report_index; });
}

void markSent(const QueuedFile& file, const std::string& transfer_syntax, const std::string& detail,
              const SendOptions& options, SendReport& report, std::size_t& done) {
  FileSendStatus& status = report.files[file.report_index];
  status.outcome = SendOutcome::Sent;
  status.transfer_syntax_uid = transfer_syntax;
  status.detail = detail;
  report.bytes_sent += file.instance->file_size;
  // Recorded only after the peer confirmed: a crash here re-sends one file, never skips one.
  if (options.state) options.state->recordSent(report.destination, report.export_identity, file.instance->sop_instance_uid);
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
