#include "imaging/core/error.h"

namespace imaging {

const char* toString(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::NotDicom: return "not-dicom";
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::UnsafeStructure: return "unsafe-structure";
    case ErrorCode::Io: return "io";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::OutputNotEmpty: return "output-not-empty";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Configuration: return "configuration";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

Error::Error(ErrorCode code, const std::string& message, std::string path)
    : std::runtime_error(message), code_(code), path_(std::move(path)) {}

std::string Error::oneLine() const {
  std::string line = path_.empty() ? std::string() : path_ + ": ";
  line += what();
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  return line;
}

}  // namespace imaging
