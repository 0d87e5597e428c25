#pragma once
// The one HTTP(S) client of libimaging (libcurl inside, never in this header): DICOMweb's QIDO-RS
// and WADO-RS (the dicomweb+http source) and STOW-RS (send) share it, so authentication, TLS
// checking (libcurl against the system's CA store), timeouts and error wording are the same.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace imaging {

struct HttpAuth {
  std::string user_colon_password;  // HTTP basic authentication, "user:password"; empty for none
  std::string bearer_token;         // "Authorization: Bearer …"; empty for none
};

struct HttpAnswer {
  bool reached = false;      // false: no HTTP answer at all (refused, timeout, reset, TLS failure)
  long status = 0;
  std::string content_type;  // the answer's Content-Type header, as sent
  std::string body;          // the body (for a streamed GET: only when the status is not 200)
  std::string error;         // libcurl's one-line reason when !reached, or why a stream stopped
};

// Receives a streamed 200 answer's body as it arrives; content_type is the answer's. Returns false
// to stop the transfer (the answer then has reached == false and error set to the sink's reason).
using HttpSink = std::function<bool(const std::string& content_type, const char* data, std::size_t size, std::string& why)>;

class HttpClient {
 public:
  // timeout_s bounds the connection and any stall of the transfer (no byte for that long).
  HttpClient(HttpAuth auth, int timeout_s);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpAnswer get(const std::string& url, const std::string& accept);
  HttpAnswer post(const std::string& url, const std::string& body, const std::string& content_type,
                  const std::string& accept);
  // GET whose 200 body goes to sink piece by piece (a study can be larger than memory).
  HttpAnswer getStreamed(const std::string& url, const std::string& accept, const HttpSink& sink);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// url without its query, fragment and user:password@: what errors and logs may name (a QIDO
// query holds patient identifiers; a URL may hold credentials).
std::string redactedUrl(const std::string& url);

}  // namespace imaging
