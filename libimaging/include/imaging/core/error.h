#pragma once
// The one exception type that crosses libimaging's boundary. DCMTK's OFCondition never does.
#include <stdexcept>
#include <string>

namespace imaging {

enum class ErrorCode {
  InvalidArgument,   // caller passed something unusable (bad option, bad path)
  NotFound,          // file or folder does not exist
  NotDicom,          // readable, but not a DICOM file
  Truncated,         // an element's declared length runs past the end of the file
  Corrupt,           // DICOM, but its encoding cannot be parsed
  UnsafeStructure,   // refused before parsing: nesting too deep or lengths that cannot be
  Io,                // read/write/rename failed
  Unsupported,       // valid DICOM that ScanShare cannot handle (e.g. a transfer syntax)
  OutputNotEmpty,    // refusing to write over existing data
  Cancelled,         // the user cancelled
  Configuration,     // the environment is broken (e.g. DICOM dictionary missing)
  Internal           // a bug
};

// Stable token for scripts: "not-dicom", "truncated", "unsafe-structure", "io", ...
const char* toString(ErrorCode code) noexcept;

class Error : public std::runtime_error {
 public:
  // message must never contain identifying values (names, IDs, dates); path may name a file.
  Error(ErrorCode code, const std::string& message, std::string path = {});
  ErrorCode code() const noexcept { return code_; }
  const std::string& path() const noexcept { return path_; }
  // "path: message" on one line, as the CLI prints it.
  std::string oneLine() const;

 private:
  ErrorCode code_;
  std::string path_;
};

}  // namespace imaging
