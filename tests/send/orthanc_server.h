#pragma once
// A real Orthanc (Debian package `orthanc`) on loopback for the send tests: fresh configuration,
// free DICOM and HTTP ports, its own storage, started in its own process group and stopped (the
// whole group) by stop() or the destructor. If Orthanc cannot start, start() throws with a
// clear message: these tests fail rather than skip.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace send_test {

// Orthanc's DICOM TLS (its "DicomTls*" options): PEM files; clients must present a certificate
// signed by trusted_ca.
struct OrthancTls {
  std::filesystem::path certificate, private_key, trusted_ca;
};

struct OrthancSettings {
  std::string aet = "ORTHANCTEST";
  std::optional<OrthancTls> tls;  // DICOM port speaks TLS only when set
  std::vector<std::string> accepted_transfer_syntaxes;  // empty: Orthanc's default (all)
  std::string http_user;  // "user:password": HTTP basic authentication required (empty: none)
};

struct HttpResult {
  long status = 0;  // 0: no answer
  std::string body;
};

class OrthancServer {
 public:
  OrthancServer(std::filesystem::path folder, OrthancSettings settings = {});
  ~OrthancServer();
  OrthancServer(const OrthancServer&) = delete;
  OrthancServer& operator=(const OrthancServer&) = delete;

  void start();  // throws std::runtime_error naming what went wrong (and Orthanc's log tail)
  void stop();   // SIGKILL to the whole process group; waits for it
  bool running() const { return pid_ > 0; }

  const std::string& aet() const { return settings_.aet; }
  std::uint16_t dicomPort() const { return dicom_port_; }
  std::uint16_t httpPort() const { return http_port_; }
  std::string baseUrl() const;            // http://127.0.0.1:PORT
  std::string dicomWebUrl() const;        // baseUrl()/dicom-web
  HttpResult get(const std::string& path) const;

  // SOP Instance UID -> Orthanc instance ID, for everything stored.
  std::map<std::string, std::string> storedInstances() const;
  // The stored file's bytes, written to `into`; returns that path.
  std::filesystem::path fetchFile(const std::string& orthanc_id, const std::filesystem::path& into) const;

 private:
  void writeConfiguration() const;
  std::string logTail() const;

  std::filesystem::path folder_;
  OrthancSettings settings_;
  std::uint16_t dicom_port_ = 0;
  std::uint16_t http_port_ = 0;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
std::uint16_t freeLocalPort();

// HTTP GET with libcurl (basic authentication when user_colon_password is given).
HttpResult httpGet(const std::string& url, const std::string& user_colon_password = "");

}  // namespace send_test
