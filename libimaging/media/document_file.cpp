#include "document_file.h"

#include <system_error>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::media {

std::string trimmed(const std::string& text) {
  static const char* kBlank = " \t\r\n";
  const auto first = text.find_first_not_of(kBlank);
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(kBlank) - first + 1);
}

bridge::DicomFile openDocumentOfClass(const std::filesystem::path& path, std::string_view class_prefix,
                                      const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::NotFound, "no such file", path.string());
  bridge::DicomFile file = bridge::DicomFile::open(path, bridge::ReadDepth::LazyValues);
  file.throwIfFailed();
  if (trimmed(bridge::getString(file.dataset(), DCM_SOPClassUID)).rfind(class_prefix, 0) != 0)
    throw Error(ErrorCode::Unsupported, "not a " + what, path.string());
  return file;
}

}  // namespace imaging::media
