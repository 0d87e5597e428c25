#pragma once
// Resolves DICOMDIR ReferencedFileID components against the real filesystem, ignoring letter
// case and ISO 9660 version suffixes (";1"), as CDs mounted on Linux often present them.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace imaging::media {

class CaseInsensitiveResolver {
 public:
  // The existing path for base/components[0]/components[1]/..., or nullopt when any is missing.
  std::optional<std::filesystem::path> resolve(const std::filesystem::path& base,
                                               const std::vector<std::string>& components);

 private:
  const std::vector<std::string>& namesIn(const std::filesystem::path& dir);
  std::map<std::filesystem::path, std::vector<std::string>> listings_;
};

// "IMG0001;1" -> "img0001"; "FILE." -> "file": the comparison key for one name.
std::string normalisedMediaName(std::string name);
bool isDicomdirName(const std::string& file_name);

}  // namespace imaging::media
