// STOW-RS over the shared HTTP client (libcurl): batches of files, one multipart request each, per-instance status from
// the server's answer. Connection failures and 5xx answers are retried with backoff.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <set>

#include "imaging/core/error.h"
#include "imaging/dicomweb/http_client.h"
#include "imaging/send/send.h"
#include "send_queue.h"
#include "stow_body.h"
#include "stow_response.h"
#include "timer.h"

namespace imaging {
namespace {

using send_detail::QueuedFile;

// The shared client (imaging/dicomweb/http_client.h) with the target's authentication; every
// request of a send asks for DICOM JSON.
class CurlSession {
 public:
  CurlSession(const StowTarget& target, int timeout_s)
      : endpoint_(target.endpoint()), client_(HttpAuth{target.user_colon_password, target.bearer_token}, timeout_s) {}
  HttpAnswer get(const std::string& url) { return client_.get(url, "application/dicom+json"); }
  HttpAnswer post(const std::string& body, const std::string& content_type) {
    return client_.post(endpoint_, body, content_type, "application/dicom+json");
  }

 private:
  std::string endpoint_;
  HttpClient client_;
};

std::string hex4(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "%04x", value);
  return std::string("0x") + text;
}

std::optional<std::string> readWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

// Asks the server (QIDO-RS, one search per series) which of the instances an earlier run
// delivered it still has; settles them (AlreadySent or sent again). Throws Error(Io) when the
// server cannot be reached at all.
void confirmByQido(const StowTarget& target, const SendOptions& options, send_detail::SendQueue& queue,
                   SendReport& report, std::size_t& done) {
  CurlSession session(target, options.timeout_s);
  const std::string studies = target.endpoint();  // …/studies: the QIDO-RS study resource too
  std::set<std::string> present;
  bool answered = true;
  for (const auto& [key, uids] : send_detail::confirmationQueries(queue)) {
    const std::string url = studies + "/" + key.first + "/series/" + key.second + "/instances";
    const HttpAnswer answer = session.get(url);
    if (!answer.reached) throw Error(ErrorCode::Io, "cannot reach " + studies + ": " + answer.error);
    if (answer.status == 401 || answer.status == 403)
      throw Error(ErrorCode::Io, studies + " answered HTTP " + std::to_string(answer.status) + " (check --user or --token)");
    if (answer.status == 404 || answer.status == 204) continue;  // the server has nothing of that series
    const auto found = answer.status == 200 ? send_detail::parseQidoInstances(answer.body) : std::nullopt;
    if (!found) {
      answered = false;  // no QIDO-RS here: nothing can be confirmed
      break;
    }
    for (const std::string& uid : uids)
      if (found->count(uid) != 0) present.insert(uid);
  }
  send_detail::settleConfirmations(queue, present, answered, options, report, done);
}

class StowRun {
 public:
  StowRun(const StowTarget& target, const SendOptions& options, SendReport& report, std::size_t already_done)
      : target_(target), options_(options), report_(report), session_(target, options.timeout_s), done_(already_done) {}

  void run(const std::vector<QueuedFile>& queue) {
    std::size_t next = 0;
    while (next < queue.size()) {
      if (send_detail::cancelRequested(options_)) {  // the batch before has its answer; start no other
        cancelFrom(queue, next);
        return;
      }
      std::vector<const QueuedFile*> batch;
      std::vector<std::string> parts;
      std::uint64_t bytes = 0;
      while (next < queue.size() && batch.size() < std::max<std::size_t>(1, options_.stow_batch_files) &&
             (batch.empty() || bytes + queue[next].instance->file_size <= options_.stow_batch_bytes)) {
        const QueuedFile& file = queue[next++];
        auto content = readWholeFile(file.instance->path);
        if (!content) {
          send_detail::markFailed(file, "cannot read the file", options_, report_, done_);
          continue;
        }
        bytes += content->size();
        parts.push_back(std::move(*content));
        batch.push_back(&file);
      }
      if (batch.empty()) continue;
      const BatchEnd end = sendBatch(batch, parts);
      if (end == BatchEnd::Stop) {
        for (std::size_t i = next; i < queue.size(); ++i)
          send_detail::markFailed(queue[i], "not sent: " + stop_reason_, options_, report_, done_);
        return;
      }
      if (end == BatchEnd::Cancelled) {
        for (const QueuedFile* file : batch) send_detail::markCancelled(*file, report_);
        cancelFrom(queue, next);
        return;
      }
    }
  }

 private:
  enum class BatchEnd {
    Answered,  // per-instance outcomes applied: go on
    Stop,      // server unreachable after retries, or refusing every request: batch marked failed
    Cancelled  // cancelled while waiting to retry: the batch was not stored
  };

  void cancelFrom(const std::vector<QueuedFile>& queue, std::size_t from) {
    for (std::size_t i = from; i < queue.size(); ++i) send_detail::markCancelled(queue[i], report_);
  }

  BatchEnd sendBatch(const std::vector<const QueuedFile*>& batch, const std::vector<std::string>& parts) {
    const std::string boundary = send_detail::chooseBoundary(parts);
    const std::string body = send_detail::multipartBody(parts, boundary);
    const std::string content_type = send_detail::multipartContentType(boundary);
    HttpAnswer answer;
    for (int attempt = 0; attempt <= options_.retries; ++attempt) {
      // A cancel during the wait wins even before anything answered: the user stopped it.
      if (attempt > 0 && !send_detail::backoff(options_, attempt)) return BatchEnd::Cancelled;
      answer = session_.post(body, content_type);
      if (answer.reached && answer.status < 500) break;
    }
    const std::string endpoint = target_.endpoint();
    if (!answer.reached || answer.status >= 500 || answer.status == 401 || answer.status == 403 ||
        answer.status == 404 || answer.status == 415) {
      const std::string why = !answer.reached ? "cannot reach " + endpoint + ": " + answer.error
                                              : endpoint + " answered HTTP " + std::to_string(answer.status) +
                                                    (answer.status == 401 || answer.status == 403
                                                         ? " (check --user or --token)"
                                                         : "");
      if (!anything_answered_) throw Error(ErrorCode::Io, why);
      for (const QueuedFile* file : batch) send_detail::markFailed(*file, "not sent: " + why, options_, report_, done_);
      stop_reason_ = why;
      return BatchEnd::Stop;
    }
    anything_answered_ = true;
    applyAnswer(batch, answer);
    return BatchEnd::Answered;
  }

  void applyAnswer(const std::vector<const QueuedFile*>& batch, const HttpAnswer& answer) {
    const auto results = send_detail::parseStowResponse(answer.body);
    const std::string http = "HTTP " + std::to_string(answer.status);
    for (const QueuedFile* file : batch) {
      const std::string& uid = file->instance->sop_instance_uid;
      const send_detail::StowInstanceResult* found = nullptr;
      if (results) {
        const auto it = results->find(uid);
        if (it != results->end()) found = &it->second;
      }
      if (!found) {
        send_detail::markFailed(*file, "server (" + http + ") did not confirm this instance", options_, report_, done_);
        continue;
      }
      const send_detail::StowInstanceResult& result = *found;
      if (!result.stored) {
        send_detail::markFailed(*file,
                                "server refused it (" + http + ", failure reason " +
                                    (result.failure_reason ? hex4(*result.failure_reason) : std::string("not given")) + ")",
                                options_, report_, done_);
        continue;
      }
      const std::string detail = result.warning_reason ? "stored with warning " + hex4(*result.warning_reason) : "";
      send_detail::markSent(*file, file->instance->transfer_syntax_uid, detail, options_, report_, done_);
    }
  }

  const StowTarget& target_;
  const SendOptions& options_;
  SendReport& report_;
  CurlSession session_;
  std::size_t done_ = 0;
  bool anything_answered_ = false;
  std::string stop_reason_;
};

}  // namespace

SendReport sendByStow(const Inventory& inventory, const StowTarget& target, const SendOptions& options) {
  SendReport report;
  report.destination = target.endpoint();
  send_detail::SendQueue queue = send_detail::queueInstances(inventory, options, report);
  std::size_t done = 0;
  if (!queue.to_confirm.empty()) {
    if (send_detail::cancelRequested(options)) send_detail::settleConfirmations(queue, {}, false, options, report, done);
    else confirmByQido(target, options, queue, report, done);
  }
  if (queue.to_send.empty()) return report;
  const send_detail::Timer timer;
  StowRun run(target, options, report, done);
  run.run(queue.to_send);
  report.seconds = timer.seconds();
  return report;
}

}  // namespace imaging
