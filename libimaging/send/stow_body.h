#pragma once
// The body of a STOW-RS request: multipart/related; type="application/dicom" (PS3.18 10.5).
#include <string>
#include <vector>

namespace imaging::send_detail {

// A boundary that cannot occur inside any of parts (checked, regenerated if it does).
std::string chooseBoundary(const std::vector<std::string>& parts);

// "--B\r\nContent-Type: application/dicom\r\n\r\n<part>\r\n" per part, then "--B--\r\n".
std::string multipartBody(const std::vector<std::string>& parts, const std::string& boundary);

// The Content-Type header value for that body.
std::string multipartContentType(const std::string& boundary);

}  // namespace imaging::send_detail
