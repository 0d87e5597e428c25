#include "stow_body.h"

#include <random>

namespace imaging::send_detail {

std::string chooseBoundary(const std::vector<std::string>& parts) {
  std::random_device seed;
  std::mt19937_64 random(seed());
  static const char kHex[] = "0123456789abcdef";
  for (;;) {
    std::string boundary = "scanshare-";
    for (int i = 0; i < 32; ++i) boundary += kHex[random() % 16];
    bool clashes = false;
    for (const std::string& part : parts) clashes = clashes || part.find(boundary) != std::string::npos;
    if (!clashes) return boundary;
  }
}

std::string multipartBody(const std::vector<std::string>& parts, const std::string& boundary) {
  std::size_t size = boundary.size() + 8;
  for (const std::string& part : parts) size += part.size() + boundary.size() + 48;
  std::string body;
  body.reserve(size);
  for (const std::string& part : parts) {
    body += "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n";
    body += part;
    body += "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return body;
}

std::string multipartContentType(const std::string& boundary) {
  return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
}

}  // namespace imaging::send_detail
