#include "path_resolver.h"

#include <algorithm>
#include <cctype>

namespace imaging::media {

std::string normalisedMediaName(std::string name) {
  const auto semicolon = name.rfind(';');
  if (semicolon != std::string::npos &&
      std::all_of(name.begin() + static_cast<std::ptrdiff_t>(semicolon) + 1, name.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; }))
    name.erase(semicolon);
  while (name.size() > 1 && name.back() == '.') name.pop_back();  // ISO 9660 "NAME." for no extension
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

bool isDicomdirName(const std::string& file_name) { return normalisedMediaName(file_name) == "dicomdir"; }

const std::vector<std::string>& CaseInsensitiveResolver::namesIn(const std::filesystem::path& dir) {
  auto it = listings_.find(dir);
  if (it != listings_.end()) return it->second;
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator entry(dir, ec), end; !ec && entry != end; entry.increment(ec))
    names.push_back(entry->path().filename().string());
  std::sort(names.begin(), names.end());  // deterministic choice when two names differ only in case
  return listings_.emplace(dir, std::move(names)).first->second;
}

std::optional<std::filesystem::path> CaseInsensitiveResolver::resolve(const std::filesystem::path& base,
                                                                      const std::vector<std::string>& components) {
  std::filesystem::path current = base;
  for (const std::string& component : components) {
    if (component.empty() || component == "." || component == "..") return std::nullopt;
    const std::vector<std::string>& names = namesIn(current);
    const std::string wanted = normalisedMediaName(component);
    const std::string* match = nullptr;
    for (const std::string& name : names) {
      if (name == component) {  // exact match wins
        match = &name;
        break;
      }
      if (match == nullptr && normalisedMediaName(name) == wanted) match = &name;
    }
    if (match == nullptr) return std::nullopt;
    current /= *match;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(current, ec)) return std::nullopt;
  return current;
}

}  // namespace imaging::media
