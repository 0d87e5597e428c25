// libcurl behind imaging::HttpClient. One easy handle per client, reused between requests so that
// a run of requests to one server keeps its connection (and TLS session) alive.
#include "imaging/dicomweb/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "imaging/core/error.h"

namespace imaging {
namespace {

// A non-200 body kept for the error message; a misbehaving server cannot make it grow without bound.
constexpr std::size_t kMaxErrorBody = 64 * 1024;

std::size_t appendToString(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

// Keeps the Content-Type of the last answer (a 100 Continue or a redirect may come first).
std::size_t readHeader(char* data, std::size_t size, std::size_t count, void* target) {
  const std::string line(data, size * count);
  const std::string name = "content-type:";
  if (line.size() > name.size()) {
    std::string head = line.substr(0, name.size());
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == name) *static_cast<std::string*>(target) = trimmed(line.substr(name.size()));
  }
  return size * count;
}

struct StreamState {
  CURL* handle = nullptr;
  const HttpSink* sink = nullptr;
  const std::string* content_type = nullptr;
  std::string* error_body = nullptr;
  std::string why;  // set when the sink stopped the transfer
};

std::size_t streamBody(char* data, std::size_t size, std::size_t count, void* target) {
  auto* state = static_cast<StreamState*>(target);
  const std::size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(state->handle, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {  // an error page: keep (the start of) it for the message
    if (state->error_body->size() < kMaxErrorBody) state->error_body->append(data, std::min(n, kMaxErrorBody));
    return n;
  }
  if (!(*state->sink)(*state->content_type, data, n, state->why)) return 0;  // 0 aborts the transfer
  return n;
}

}  // namespace

struct HttpClient::Impl {
  HttpAuth auth;
  int timeout_s = 30;
  CURL* handle = nullptr;

  // Options every request has: URL, headers, authentication, timeouts, the Content-Type catcher.
  curl_slist* prepare(const std::string& url, const std::string& accept, HttpAnswer& answer) {
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("Accept: " + accept).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    if (!auth.bearer_token.empty())
      headers = curl_slist_append(headers, ("Authorization: Bearer " + auth.bearer_token).c_str());
    curl_easy_reset(handle);
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_s));
    // Large studies and batches may legitimately take long; give up only when the transfer stalls.
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, static_cast<long>(timeout_s));
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, readHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &answer.content_type);
    if (!auth.user_colon_password.empty()) {
      curl_easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(handle, CURLOPT_USERPWD, auth.user_colon_password.c_str());
    }
    return headers;
  }

  void perform(curl_slist* headers, HttpAnswer& answer) {
    const CURLcode code = curl_easy_perform(handle);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
      answer.error = curl_easy_strerror(code);
      return;
    }
    answer.reached = true;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  }
};

HttpClient::HttpClient(HttpAuth auth, int timeout_s) : impl_(std::make_unique<Impl>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->auth = std::move(auth);
  impl_->timeout_s = timeout_s;
  impl_->handle = curl_easy_init();
  if (!impl_->handle) throw Error(ErrorCode::Internal, "cannot initialise libcurl");
}

HttpClient::~HttpClient() { curl_easy_cleanup(impl_->handle); }

HttpAnswer HttpClient::get(const std::string& url, const std::string& accept) {
  HttpAnswer answer;
  curl_slist* headers = impl_->prepare(url, accept, answer);
  curl_easy_setopt(impl_->handle, CURLOPT_WRITEFUNCTION, appendToString);
  curl_easy_setopt(impl_->handle, CURLOPT_WRITEDATA, &answer.body);
  impl_->perform(headers, answer);
  return answer;
}

HttpAnswer HttpClient::post(const std::string& url, const std::string& body, const std::string& content_type,
                            const std::string& accept) {
  HttpAnswer answer;
  curl_slist* headers = impl_->prepare(url, accept, answer);
  headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  curl_easy_setopt(impl_->handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(impl_->handle, CURLOPT_POST, 1L);
  curl_easy_setopt(impl_->handle, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(impl_->handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(impl_->handle, CURLOPT_WRITEFUNCTION, appendToString);
  curl_easy_setopt(impl_->handle, CURLOPT_WRITEDATA, &answer.body);
  impl_->perform(headers, answer);
  return answer;
}

HttpAnswer HttpClient::getStreamed(const std::string& url, const std::string& accept, const HttpSink& sink) {
  HttpAnswer answer;
  curl_slist* headers = impl_->prepare(url, accept, answer);
  StreamState state{impl_->handle, &sink, &answer.content_type, &answer.body, {}};
  curl_easy_setopt(impl_->handle, CURLOPT_WRITEFUNCTION, streamBody);
  curl_easy_setopt(impl_->handle, CURLOPT_WRITEDATA, &state);
  impl_->perform(headers, answer);
  if (!state.why.empty()) {  // the sink stopped it: its reason, not curl's "write error"
    answer.reached = false;
    answer.error = state.why;
  }
  return answer;
}

std::string redactedUrl(const std::string& url) {
  std::string text = url.substr(0, url.find_first_of("?#"));
  const std::size_t scheme = text.find("://");
  const std::size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t path_start = text.find('/', host_start);
  const std::size_t at = text.rfind('@', path_start == std::string::npos ? std::string::npos : path_start);
  if (at != std::string::npos && at >= host_start) text.erase(host_start, at + 1 - host_start);
  return text;
}

}  // namespace imaging
