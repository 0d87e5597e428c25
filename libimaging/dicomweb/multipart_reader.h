#pragma once
// A push parser for multipart/related bodies (RFC 2046 §5.1, as WADO-RS sends a study): fed the
// body in pieces of any size, it hands each part's bytes on as they arrive, so a study never has
// to fit in memory. Private to the dicomweb module; unit-tested through this header.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace imaging::dicomweb_detail {

// The boundary parameter of a multipart Content-Type (quoted or not); nullopt when the type is not
// multipart or has no boundary.
std::optional<std::string> multipartBoundary(const std::string& content_type);

class MultipartReader {
 public:
  struct Handlers {
    std::function<void(const std::string& part_content_type)> begin;
    std::function<void(const char* data, std::size_t size)> data;
    std::function<void()> end;
  };
  MultipartReader(std::string boundary, Handlers handlers);

  // Throws Error(Corrupt) naming what is wrong: no opening boundary, a part's headers too long or
  // not ended, anything but "--" or a line end after a boundary.
  void feed(const char* data, std::size_t size);
  // The body ended: throws Error(Truncated) unless the closing boundary was seen.
  void finish() const;
  std::size_t parts() const { return parts_; }

 private:
  enum class State { Preamble, AfterBoundary, Headers, Body, Done };
  void step();
  bool afterBoundary();
  bool headers();
  bool body();

  std::string delimiter_;  // "\r\n--" + boundary
  Handlers handlers_;
  std::string buffer_;
  State state_ = State::Preamble;
  std::size_t parts_ = 0;
};

}  // namespace imaging::dicomweb_detail
