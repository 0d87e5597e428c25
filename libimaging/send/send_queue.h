#pragma once
// The instances a send still has to move, after the state file has had its say.
#include <string>
#include <vector>

#include "imaging/send/send.h"

namespace imaging::send_detail {

struct QueuedFile {
  const Instance* instance = nullptr;
  std::size_t report_index = 0;  // its entry in SendReport::files
};

// Adds one FileSendStatus per instance to report (AlreadySent for those options.state lists for
// report.destination, Failed-until-proven-otherwise for the rest) and returns the rest.
std::vector<QueuedFile> queueInstances(const Inventory& inventory, const SendOptions& options, SendReport& report);

// Marks a file sent: report entry, state file, progress callback.
void markSent(const QueuedFile& file, const std::string& transfer_syntax, const std::string& detail,
              const SendOptions& options, SendReport& report, std::size_t& done);
void markFailed(const QueuedFile& file, const std::string& detail, const SendOptions& options, SendReport& report,
                std::size_t& done);

// Marks a file not sent because the send was cancelled (no progress call, nothing recorded).
void markCancelled(const QueuedFile& file, SendReport& report);

// True once options.cancel is set and true.
bool cancelRequested(const SendOptions& options) noexcept;

// Sleeps before retry number `attempt` (1-based): retry_delay doubled each time. Waits in short
// slices so that a cancel ends the wait early; returns false when it was cancelled.
bool backoff(const SendOptions& options, int attempt);

}  // namespace imaging::send_detail
