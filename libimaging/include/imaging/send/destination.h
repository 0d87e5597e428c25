#pragma once
// Where a send goes: a DICOM peer (C-STORE) or a DICOMweb server (STOW-RS).
#include <cstdint>
#include <string>

namespace imaging {

struct DicomPeer {
  std::string called_aet;  // the peer's AE title
  std::string host;
  std::uint16_t port = 0;

  // "AET@HOST:PORT": the form the command line takes and the state file records.
  std::string toString() const;
};

// Parses "AET@HOST:PORT" (IPv6 hosts in brackets: AET@[::1]:104). Throws Error(InvalidArgument)
// naming what is wrong: empty or over-long AE title, missing host, port outside 1..65535.
DicomPeer parseDicomPeer(const std::string& text);

struct StowTarget {
  std::string url;         // DICOMweb base (…/dicom-web) or the STOW endpoint itself (…/studies)
  std::string user_colon_password;  // HTTP basic authentication, "user:password"; empty for none
  std::string bearer_token;         // "Authorization: Bearer …"; empty for none

  // The URL requests go to: url with "/studies" appended unless it already ends in it.
  std::string endpoint() const;
};

}  // namespace imaging
