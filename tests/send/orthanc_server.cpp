#include "orthanc_server.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

namespace send_test {
namespace {

constexpr const char* kOrthancBinary = "/usr/sbin/Orthanc";
constexpr const char* kDicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

}  // namespace

std::uint16_t freeLocalPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

HttpResult httpGet(const std::string& url, const std::string& user_colon_password) {
  HttpResult result;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (!user_colon_password.empty()) curl_easy_setopt(curl, CURLOPT_USERPWD, user_colon_password.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_easy_cleanup(curl);
  return result;
}

OrthancServer::OrthancServer(std::filesystem::path folder, OrthancSettings settings)
    : folder_(std::move(folder)), settings_(std::move(settings)) {
  std::filesystem::remove_all(folder_);
  std::filesystem::create_directories(folder_ / "storage");
  dicom_port_ = freeLocalPort();
  http_port_ = freeLocalPort();
  while (http_port_ == dicom_port_) http_port_ = freeLocalPort();
}

OrthancServer::~OrthancServer() { stop(); }

std::string OrthancServer::baseUrl() const { return "http://127.0.0.1:" + std::to_string(http_port_); }
std::string OrthancServer::dicomWebUrl() const { return baseUrl() + "/dicom-web"; }
HttpResult OrthancServer::get(const std::string& path) const { return httpGet(baseUrl() + path, settings_.http_user); }

void OrthancServer::writeConfiguration() const {
  nlohmann::json config = {
      {"Name", "scanshare-send-test"},
      {"StorageDirectory", (folder_ / "storage").string()},
      {"IndexDirectory", (folder_ / "storage").string()},
      {"DicomAet", settings_.aet},
      {"DicomPort", dicom_port_},
      {"HttpPort", http_port_},
      {"DicomCheckCalledAet", true},
      // A resumed send asks what the server holds (C-FIND) before it skips anything; a reviewer's
      // server would list our AE title, this one answers any caller.
      {"DicomAlwaysAllowFind", true},
      {"RemoteAccessAllowed", false},
      {"AuthenticationEnabled", false},
      {"SaveJobs", false},
      {"StorageCompression", false},
      {"UnknownSopClassAccepted", false},
      {"Plugins", nlohmann::json::array()},
  };
  if (std::filesystem::exists(kDicomWebPlugin)) {
    config["Plugins"].push_back(kDicomWebPlugin);
    config["DicomWeb"] = {{"Enable", true}, {"Root", "/dicom-web/"}};
  }
  if (!settings_.http_user.empty()) {  // the REST API and DICOMweb then require HTTP basic authentication
    const std::size_t colon = settings_.http_user.find(':');
    config["AuthenticationEnabled"] = true;
    config["RegisteredUsers"] = {{settings_.http_user.substr(0, colon), settings_.http_user.substr(colon + 1)}};
  }
  if (settings_.tls) {
    config["DicomTlsEnabled"] = true;
    config["DicomTlsCertificate"] = settings_.tls->certificate.string();
    config["DicomTlsPrivateKey"] = settings_.tls->private_key.string();
    config["DicomTlsTrustedCertificates"] = settings_.tls->trusted_ca.string();
    config["DicomTlsRemoteCertificateRequired"] = true;
  }
  if (!settings_.accepted_transfer_syntaxes.empty()) {
    config["AcceptedTransferSyntaxes"] = settings_.accepted_transfer_syntaxes;
  }
  std::ofstream(folder_ / "orthanc.json") << config.dump(2);
}

std::string OrthancServer::logTail() const {
  std::ifstream in(folder_ / "orthanc.log");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > 1500 ? text.substr(text.size() - 1500) : text;
}

void OrthancServer::start() {
  if (running()) return;
  if (::access(kOrthancBinary, X_OK) != 0)
    throw std::runtime_error(std::string("Orthanc is not installed (") + kOrthancBinary +
                             " missing): run scripts/setup.sh (Debian packages orthanc, orthanc-dicomweb)");
  writeConfiguration();
  const std::string config = (folder_ / "orthanc.json").string();
  const std::string log = (folder_ / "orthanc.log").string();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    ::execl(kOrthancBinary, "Orthanc", config.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: no race with the child's own call
  pid_ = pid;

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("Orthanc exited during start-up; its log ends with:\n" + logTail());
    }
    if (get("/system").status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  throw std::runtime_error("Orthanc did not answer /system within 30 s; its log ends with:\n" + logTail());
}

void OrthancServer::stop() {
  if (!running()) return;
  // The whole group, at once: a graceful Orthanc shutdown takes seconds, and an abrupt stop is
  // also the harsher test of "nothing reported sent that was not".
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::map<std::string, std::string> OrthancServer::storedInstances() const {
  const HttpResult answer = get("/instances?expand");
  if (answer.status != 200) throw std::runtime_error("Orthanc /instances answered " + std::to_string(answer.status));
  std::map<std::string, std::string> ids;
  for (const auto& instance : nlohmann::json::parse(answer.body))
    ids[instance["MainDicomTags"]["SOPInstanceUID"].get<std::string>()] = instance["ID"].get<std::string>();
  return ids;
}

std::filesystem::path OrthancServer::fetchFile(const std::string& orthanc_id, const std::filesystem::path& into) const {
  const HttpResult answer = get("/instances/" + orthanc_id + "/file");
  if (answer.status != 200) throw std::runtime_error("Orthanc /file answered " + std::to_string(answer.status));
  std::ofstream(into, std::ios::binary) << answer.body;
  return into;
}

}  // namespace send_test
