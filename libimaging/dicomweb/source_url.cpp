// dicomweb+http(s):// URLs: recognised and split into the DICOMweb root and the QIDO-RS query.
#include <string>

#include "imaging/core/error.h"
#include "imaging/dicomweb/source.h"

namespace imaging {
namespace {

const std::string kPrefix = "dicomweb+";

Error badSource(const std::string& text, const std::string& why) {
  return Error(ErrorCode::InvalidArgument, "DICOMweb source '" + redactedUrl(text) + "': " + why);
}

}  // namespace

bool isDicomWebSource(const std::string& text) {
  return text.rfind(kPrefix + "http://", 0) == 0 || text.rfind(kPrefix + "https://", 0) == 0;
}

DicomWebSource parseDicomWebSource(const std::string& text) {
  if (!isDicomWebSource(text)) throw badSource(text, "not dicomweb+http:// or dicomweb+https://");
  if (text.find('#') != std::string::npos) throw badSource(text, "a URL fragment ('#') has no meaning here");
  const std::string url = text.substr(kPrefix.size());
  const std::size_t question = url.find('?');
  std::string base = url.substr(0, question);
  DicomWebSource source;
  if (question != std::string::npos) source.query = url.substr(question + 1);

  const std::size_t host_start = base.find("://") + 3;
  const std::size_t path_start = base.find('/', host_start);
  const std::string authority = base.substr(host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  if (authority.find('@') != std::string::npos)
    throw badSource(text, "user:password in the URL: give credentials with --source-user or --source-token");
  std::string host = authority, port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string::npos) throw badSource(text, "unclosed '[' in the host");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') throw badSource(text, "unexpected text after the IPv6 address");
      port = authority.substr(close + 2);
      if (port.empty()) throw badSource(text, "empty port");
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) throw badSource(text, "empty port");
  }
  if (host.empty() || host == "[]") throw badSource(text, "no host");
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) throw badSource(text, "the port is not a number");
    const unsigned long number = std::stoul(port);
    if (number == 0 || number > 65535) throw badSource(text, "port outside 1..65535");
  }
  while (base.size() > host_start + authority.size() && base.back() == '/') base.pop_back();
  const std::string studies = "/studies";
  if (base.size() >= studies.size() + host_start + authority.size() &&
      base.compare(base.size() - studies.size(), studies.size(), studies) == 0)
    base.erase(base.size() - studies.size());
  source.base_url = base;
  return source;
}

}  // namespace imaging
