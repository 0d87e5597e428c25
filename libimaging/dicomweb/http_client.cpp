// libcurl behind imaging::HttpClient. One easy handle per client, reused between requests so that
// a run of requests to one server keeps its connection (and TLS session) alive. libcurl (with the
// TLS, HTTP/2 and other libraries it needs) is opened when the first client is made, not linked:
// binding it cost every command about 4 ms at start (docs/architecture.md).
#include "imaging/dicomweb/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

#include "imaging/core/error.h"
#include "imaging/core/shared_library.h"

namespace imaging {
namespace {

// The libcurl functions used here, bound once (only its declarations are compiled in).
struct Curl {
  SharedLibrary library{SCANSHARE_CURL_SONAME};
  decltype(&curl_global_init) global_init = library.function<decltype(&curl_global_init)>("curl_global_init");
  decltype(&curl_easy_init) easy_init = library.function<decltype(&curl_easy_init)>("curl_easy_init");
  decltype(&curl_easy_cleanup) easy_cleanup = library.function<decltype(&curl_easy_cleanup)>("curl_easy_cleanup");
  decltype(&curl_easy_reset) easy_reset = library.function<decltype(&curl_easy_reset)>("curl_easy_reset");
  decltype(&curl_easy_setopt) easy_setopt = library.function<decltype(&curl_easy_setopt)>("curl_easy_setopt");
  decltype(&curl_easy_getinfo) easy_getinfo = library.function<decltype(&curl_easy_getinfo)>("curl_easy_getinfo");
  decltype(&curl_easy_perform) easy_perform = library.function<decltype(&curl_easy_perform)>("curl_easy_perform");
  decltype(&curl_easy_strerror) easy_strerror = library.function<decltype(&curl_easy_strerror)>("curl_easy_strerror");
  decltype(&curl_slist_append) slist_append = library.function<decltype(&curl_slist_append)>("curl_slist_append");
  decltype(&curl_slist_free_all) slist_free_all = library.function<decltype(&curl_slist_free_all)>("curl_slist_free_all");

  Curl() { global_init(CURL_GLOBAL_DEFAULT); }
};

// Opened on first use; a failure (no library) is thrown to that caller and tried again by the next.
const Curl& curl() {
  static const Curl loaded;
  return loaded;
}

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
  curl().easy_getinfo(state->handle, CURLINFO_RESPONSE_CODE, &status);
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
    headers = curl().slist_append(headers, ("Accept: " + accept).c_str());
    headers = curl().slist_append(headers, "Expect:");  // no 100-continue round trip
    if (!auth.bearer_token.empty())
      headers = curl().slist_append(headers, ("Authorization: Bearer " + auth.bearer_token).c_str());
    curl().easy_reset(handle);
    curl().easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl().easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl().easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl().easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_s));
    // Large studies and batches may legitimately take long; give up only when the transfer stalls.
    curl().easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl().easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, static_cast<long>(timeout_s));
    curl().easy_setopt(handle, CURLOPT_HEADERFUNCTION, readHeader);
    curl().easy_setopt(handle, CURLOPT_HEADERDATA, &answer.content_type);
    if (!auth.user_colon_password.empty()) {
      curl().easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl().easy_setopt(handle, CURLOPT_USERPWD, auth.user_colon_password.c_str());
    }
    return headers;
  }

  void perform(curl_slist* headers, HttpAnswer& answer) {
    const CURLcode code = curl().easy_perform(handle);
    curl().slist_free_all(headers);
    if (code != CURLE_OK) {
      answer.error = curl().easy_strerror(code);
      return;
    }
    answer.reached = true;
    curl().easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  }
};

HttpClient::HttpClient(HttpAuth auth, int timeout_s) : impl_(std::make_unique<Impl>()) {
  curl();  // opened, and initialised once
  impl_->auth = std::move(auth);
  impl_->timeout_s = timeout_s;
  impl_->handle = curl().easy_init();
  if (!impl_->handle) throw Error(ErrorCode::Internal, "cannot initialise libcurl");
}

HttpClient::~HttpClient() { curl().easy_cleanup(impl_->handle); }

HttpAnswer HttpClient::get(const std::string& url, const std::string& accept) {
  HttpAnswer answer;
  curl_slist* headers = impl_->prepare(url, accept, answer);
  curl().easy_setopt(impl_->handle, CURLOPT_WRITEFUNCTION, appendToString);
  curl().easy_setopt(impl_->handle, CURLOPT_WRITEDATA, &answer.body);
  impl_->perform(headers, answer);
  return answer;
}

HttpAnswer HttpClient::post(const std::string& url, const std::string& body, const std::string& content_type,
                            const std::string& accept) {
  HttpAnswer answer;
  curl_slist* headers = impl_->prepare(url, accept, answer);
  headers = curl().slist_append(headers, ("Content-Type: " + content_type).c_str());
  curl().easy_setopt(impl_->handle, CURLOPT_HTTPHEADER, headers);
  curl().easy_setopt(impl_->handle, CURLOPT_POST, 1L);
  curl().easy_setopt(impl_->handle, CURLOPT_POSTFIELDS, body.data());
  curl().easy_setopt(impl_->handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl().easy_setopt(impl_->handle, CURLOPT_WRITEFUNCTION, appendToString);
  curl().easy_setopt(impl_->handle, CURLOPT_WRITEDATA, &answer.body);
  impl_->perform(headers, answer);
  return answer;
}

HttpAnswer HttpClient::getStreamed(const std::string& url, const std::string& accept, const HttpSink& sink) {
  HttpAnswer answer;
  curl_slist* headers = impl_->prepare(url, accept, answer);
  StreamState state{impl_->handle, &sink, &answer.content_type, &answer.body, {}};
  curl().easy_setopt(impl_->handle, CURLOPT_WRITEFUNCTION, streamBody);
  curl().easy_setopt(impl_->handle, CURLOPT_WRITEDATA, &state);
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
