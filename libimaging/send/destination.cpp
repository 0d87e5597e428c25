#include "imaging/send/destination.h"

#include <string>

#include "imaging/core/error.h"

namespace imaging {
namespace {

constexpr std::size_t kMaxAeTitleLength = 16;

Error badPeer(const std::string& text, const std::string& why) {
  return Error(ErrorCode::InvalidArgument, "destination '" + text + "' is not AET@HOST:PORT: " + why);
}

}  // namespace

std::string DicomPeer::toString() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return called_aet + '@' + (ipv6 ? "[" + host + "]" : host) + ':' + std::to_string(port);
}

DicomPeer parseDicomPeer(const std::string& text) {
  const auto at = text.find('@');
  if (at == std::string::npos) throw badPeer(text, "missing '@'");
  DicomPeer peer;
  peer.called_aet = text.substr(0, at);
  if (peer.called_aet.empty()) throw badPeer(text, "empty AE title");
  if (peer.called_aet.size() > kMaxAeTitleLength) throw badPeer(text, "AE title longer than 16 characters");
  for (char c : peer.called_aet)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
      throw badPeer(text, "AE title has a character DICOM does not allow");

  const std::string address = text.substr(at + 1);
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) throw badPeer(text, "missing ':PORT'");
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) throw badPeer(text, "missing host");
  peer.host = host;

  const std::string port_text = address.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos)
    throw badPeer(text, "port is not a number");
  const unsigned long port = std::stoul(port_text);
  if (port == 0 || port > 65535) throw badPeer(text, "port outside 1..65535");
  peer.port = static_cast<std::uint16_t>(port);
  return peer;
}

std::string StowTarget::endpoint() const {
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string suffix = "/studies";
  if (base.size() >= suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0) return base;
  return base + suffix;
}

}  // namespace imaging
