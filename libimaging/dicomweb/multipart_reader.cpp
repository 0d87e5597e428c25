#include "multipart_reader.h"

#include <algorithm>
#include <cctype>

#include "imaging/core/error.h"

namespace imaging::dicomweb_detail {
namespace {

// A part's header block is a few short lines; more is not a WADO-RS answer.
constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

std::string lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  std::size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  return text.substr(a, b - a);
}

Error corrupt(const std::string& why) { return Error(ErrorCode::Corrupt, "malformed multipart answer: " + why); }

}  // namespace

std::optional<std::string> multipartBoundary(const std::string& content_type) {
  const std::string lower = lowered(content_type);
  if (trimmed(lower).rfind("multipart/", 0) != 0) return std::nullopt;
  // Parameters are "; name=value" with value a token or a quoted string (which may hold ';').
  std::size_t at = lower.find(';');
  while (at != std::string::npos) {
    std::size_t name_start = at + 1;
    while (name_start < lower.size() && std::isspace(static_cast<unsigned char>(lower[name_start]))) ++name_start;
    const std::size_t equals = lower.find('=', name_start);
    if (equals == std::string::npos) return std::nullopt;
    const std::string name = trimmed(lower.substr(name_start, equals - name_start));
    std::size_t value_start = equals + 1;
    std::string value;
    std::size_t next;
    if (value_start < content_type.size() && content_type[value_start] == '"') {
      const std::size_t close = content_type.find('"', value_start + 1);
      if (close == std::string::npos) return std::nullopt;
      value = content_type.substr(value_start + 1, close - value_start - 1);
      next = lower.find(';', close);
    } else {
      next = lower.find(';', value_start);
      value = trimmed(content_type.substr(value_start, next == std::string::npos ? std::string::npos : next - value_start));
    }
    if (name == "boundary") {
      if (value.empty() || value.size() > 70) return std::nullopt;  // RFC 2046: 1..70 characters
      return value;
    }
    at = next;
  }
  return std::nullopt;
}

MultipartReader::MultipartReader(std::string boundary, Handlers handlers)
    : delimiter_("\r\n--" + boundary), handlers_(std::move(handlers)) {
  // The first boundary may open the body without a line end before it: supply one.
  buffer_ = "\r\n";
}

void MultipartReader::feed(const char* data, std::size_t size) {
  if (state_ == State::Done) return;  // the epilogue is ignored
  buffer_.append(data, size);
  step();
}

void MultipartReader::finish() const {
  if (state_ == State::Preamble) throw corrupt("no boundary found");
  if (state_ != State::Done) throw Error(ErrorCode::Truncated, "the multipart answer ended before its closing boundary");
}

void MultipartReader::step() {
  bool progress = true;
  while (progress && state_ != State::Done) {
    switch (state_) {
      case State::Preamble: {
        const std::size_t at = buffer_.find(delimiter_);
        if (at == std::string::npos) {
          if (buffer_.size() >= delimiter_.size()) buffer_.erase(0, buffer_.size() - (delimiter_.size() - 1));
          progress = false;
        } else {
          buffer_.erase(0, at + delimiter_.size());
          state_ = State::AfterBoundary;
        }
        break;
      }
      case State::AfterBoundary: progress = afterBoundary(); break;
      case State::Headers: progress = headers(); break;
      case State::Body: progress = body(); break;
      case State::Done: progress = false; break;
    }
  }
}

// After a boundary: "--" closes the body; otherwise optional padding and a line end open a part.
bool MultipartReader::afterBoundary() {
  std::size_t i = 0;
  while (i < buffer_.size() && (buffer_[i] == ' ' || buffer_[i] == '\t')) ++i;
  if (buffer_.size() - i < 2) return false;
  if (buffer_.compare(i, 2, "--") == 0 && i == 0) {
    state_ = State::Done;
    buffer_.clear();
    return false;
  }
  if (buffer_.compare(i, 2, "\r\n") != 0) throw corrupt("unexpected bytes after a boundary");
  buffer_.erase(0, i + 2);
  state_ = State::Headers;
  return true;
}

bool MultipartReader::headers() {
  std::string block;
  if (buffer_.compare(0, 2, "\r\n") == 0) {  // no headers at all
    buffer_.erase(0, 2);
  } else {
    const std::size_t end = buffer_.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (buffer_.size() > kMaxHeaderBytes) throw corrupt("a part's headers are too long");
      return false;
    }
    if (end > kMaxHeaderBytes) throw corrupt("a part's headers are too long");
    block = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
  }
  std::string content_type;
  std::size_t start = 0;
  while (start <= block.size() && !block.empty()) {
    const std::size_t stop = std::min(block.find("\r\n", start), block.size());
    const std::string line = block.substr(start, stop - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos && lowered(trimmed(line.substr(0, colon))) == "content-type")
      content_type = trimmed(line.substr(colon + 1));
    start = stop + 2;
  }
  ++parts_;
  if (handlers_.begin) handlers_.begin(content_type);
  state_ = State::Body;
  return true;
}

bool MultipartReader::body() {
  const std::size_t at = buffer_.find(delimiter_);
  if (at == std::string::npos) {
    // Everything but a tail that may be the start of the next delimiter is part data.
    const std::size_t keep = delimiter_.size() - 1;
    if (buffer_.size() > keep) {
      const std::size_t emit = buffer_.size() - keep;
      if (handlers_.data) handlers_.data(buffer_.data(), emit);
      buffer_.erase(0, emit);
    }
    return false;
  }
  if (at > 0 && handlers_.data) handlers_.data(buffer_.data(), at);
  if (handlers_.end) handlers_.end();
  buffer_.erase(0, at + delimiter_.size());
  state_ = State::AfterBoundary;
  return true;
}

}  // namespace imaging::dicomweb_detail
