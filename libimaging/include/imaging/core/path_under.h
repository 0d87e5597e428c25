#pragma once
// A file's path below a folder, found by comparing text instead of splitting both paths into parts
// (std::filesystem::path::lexically_relative), for loops over thousands of files under one folder.
#include <filesystem>
#include <optional>
#include <string>

namespace imaging {

// The absolute path with links and "." / ".." resolved as far as it exists (the rest lexically):
// two spellings of one place compare equal.
std::filesystem::path resolvedPath(const std::filesystem::path& path);
// Whether `inner` is `outer` or lies below it, comparing resolved paths as text.
bool isWithinPath(const std::filesystem::path& inner, const std::filesystem::path& outer);

class PathUnder {
 public:
  explicit PathUnder(const std::filesystem::path& base);
  // file.lexically_relative(base).generic_string() when both are plain paths (no empty, "." or
  // ".." part), both absolute or both relative, and file lies below base; std::nullopt otherwise
  // (the caller then asks lexically_relative).
  std::optional<std::string> operator()(const std::filesystem::path& file) const;

 private:
  std::string prefix_;  // base and '/', or empty when base is not plain
};

}  // namespace imaging
