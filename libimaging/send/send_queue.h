#pragma once
// The instances a send still has to move, after the state file has had its say.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "imaging/send/send.h"

namespace imaging::send_detail {

struct QueuedFile {
  const Instance* instance = nullptr;
  const Study* study = nullptr;
  const Series* series = nullptr;
  std::size_t report_index = 0;  // its entry in SendReport::files
};

struct SendQueue {
  std::vector<QueuedFile> to_send;
  // Recorded as delivered by an earlier run (same destination, same export): skipped only once
  // the server confirms it has them (settleConfirmations).
  std::vector<QueuedFile> to_confirm;
};

// Adds one FileSendStatus per instance to report (Failed-until-proven-otherwise) and sets
// report.export_identity; splits the instances into those to send and those options.state
// believes delivered.
SendQueue queueInstances(const Inventory& inventory, const SendOptions& options, SendReport& report);

// The SOP Instance UIDs of to_confirm by (Study Instance UID, Series Instance UID): one query each.
std::map<std::pair<std::string, std::string>, std::set<std::string>> confirmationQueries(const SendQueue& queue);

// The server's answer: the instances of to_confirm it has are AlreadySent (counted in done, with
// a progress call); the rest are sent again (moved to to_send, in report order). `answered` false:
// the server could not be asked (it offers no query), so nothing is skipped.
void settleConfirmations(SendQueue& queue, const std::set<std::string>& present, bool answered, const SendOptions& options,
                         SendReport& report, std::size_t& done);

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
