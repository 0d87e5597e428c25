// QIDO-RS: which studies the source has for the query.
#include <nlohmann/json.hpp>

#include <set>
#include <thread>

#include "imaging/core/error.h"
#include "qido.h"

namespace imaging::dicomweb_detail {
namespace {

bool isUid(const std::string& text) {
  return !text.empty() && text.size() <= 64 && text.find_first_not_of("0123456789.") == std::string::npos;
}

bool queryHas(const std::string& query, const std::string& name) {
  std::size_t at = 0;
  while (at <= query.size()) {
    const std::size_t end = std::min(query.find('&', at), query.size());
    const std::string pair = query.substr(at, end - at);
    if (pair.rfind(name + "=", 0) == 0) return true;
    at = end + 1;
  }
  return false;
}

}  // namespace

std::optional<std::vector<std::string>> parseStudyUids(const std::string& json) {
  const nlohmann::json answer = nlohmann::json::parse(json, nullptr, false);
  if (answer.is_discarded() || !answer.is_array()) return std::nullopt;
  std::vector<std::string> uids;
  for (const auto& study : answer) {
    if (!study.is_object()) return std::nullopt;
    const auto element = study.find("0020000D");
    if (element == study.end() || !element->is_object()) continue;
    const auto value = element->find("Value");
    if (value == element->end() || !value->is_array() || value->empty() || !(*value)[0].is_string()) continue;
    const std::string uid = (*value)[0].get<std::string>();
    if (isUid(uid)) uids.push_back(uid);
  }
  return uids;
}

bool backoff(const FetchOptions& options, int attempt) {
  auto wait = options.retry_delay * (1 << std::min(attempt - 1, 10));
  const auto slice = std::chrono::milliseconds(50);
  while (wait.count() > 0) {
    if (options.cancel && options.cancel->load()) return false;
    const auto step = std::min<std::chrono::milliseconds>(wait, slice);
    std::this_thread::sleep_for(step);
    wait -= step;
  }
  return !(options.cancel && options.cancel->load());
}

std::string statusReason(long status) {
  std::string reason = "answered HTTP " + std::to_string(status);
  if (status == 401 || status == 403) reason += " (check --source-user or --source-token)";
  if (status == 404) reason += " (is the URL the DICOMweb root, e.g. …/dicom-web?)";
  return reason;
}

std::vector<std::string> searchStudies(HttpClient& client, const DicomWebSource& source, const FetchOptions& options) {
  const std::string search = source.base_url + "/studies";
  // A query that pages itself gets exactly one request; otherwise follow offset pages for servers
  // that cap their answers, stopping at a page with nothing new (servers that ignore offset).
  const bool paged_by_user = queryHas(source.query, "offset") || queryHas(source.query, "limit");
  std::vector<std::string> studies;
  std::set<std::string> seen;
  for (;;) {
    std::string url = search;
    std::string query = source.query;
    if (!studies.empty()) query += (query.empty() ? "" : "&") + std::string("offset=") + std::to_string(studies.size());
    if (!query.empty()) url += "?" + query;
    HttpAnswer answer;
    for (int attempt = 0; attempt <= options.retries; ++attempt) {
      if (attempt > 0 && !backoff(options, attempt)) throw Error(ErrorCode::Cancelled, "cancelled");
      answer = client.get(url, "application/dicom+json");
      if (answer.reached && answer.status < 500) break;
    }
    const std::string where = "DICOMweb source " + source.display() + ": QIDO-RS search ";
    if (!answer.reached) throw Error(ErrorCode::Io, where + "cannot reach the server: " + answer.error);
    if (answer.status == 204) break;  // no (more) matches
    if (answer.status != 200) throw Error(ErrorCode::Io, where + statusReason(answer.status));
    const auto page = parseStudyUids(answer.body);
    if (!page) throw Error(ErrorCode::Corrupt, where + "answer is not a DICOM JSON array");
    std::size_t added = 0;
    for (const std::string& uid : *page)
      if (seen.insert(uid).second) {
        studies.push_back(uid);
        ++added;
      }
    if (added == 0 || paged_by_user) break;
  }
  return studies;
}

}  // namespace imaging::dicomweb_detail
