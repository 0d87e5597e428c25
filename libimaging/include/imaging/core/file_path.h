#pragma once
// A file's path held as its text. std::filesystem::path keeps, besides its text, a list of its
// components, each a path of its own: about 440 bytes for a six-part path against 80 as text. An
// inventory holds one per file, so an archive's paths were a quarter of an export's memory.
// Converts to std::filesystem::path wherever one is needed; compares as std::filesystem::path does.
#include <filesystem>
#include <ostream>
#include <string>
#include <utility>

namespace imaging {

class FilePath {
 public:
  FilePath() = default;
  FilePath(const std::filesystem::path& path) : text_(path.native()) {}  // NOLINT: implicit by design
  FilePath(std::filesystem::path&& path) : text_(std::move(path).native()) {}  // NOLINT
  FilePath(std::string text) : text_(std::move(text)) {}  // NOLINT
  FilePath(const char* text) : text_(text) {}  // NOLINT

  operator std::filesystem::path() const { return std::filesystem::path(text_); }  // NOLINT
  std::filesystem::path path() const { return std::filesystem::path(text_); }

  const std::string& native() const noexcept { return text_; }
  const std::string& string() const noexcept { return text_; }
  const char* c_str() const noexcept { return text_.c_str(); }
  std::string generic_string() const { return path().generic_string(); }
  bool empty() const noexcept { return text_.empty(); }
  std::filesystem::path filename() const { return path().filename(); }
  std::filesystem::path parent_path() const { return path().parent_path(); }
  std::filesystem::path extension() const { return path().extension(); }
  std::filesystem::path lexically_relative(const std::filesystem::path& base) const {
    return path().lexically_relative(base);
  }

  // std::filesystem::path's order (component by component) without building either path: a '/'
  // ends a component, so it sorts before every other byte. Equal to path::compare for paths without
  // repeated separators, which is what walks and DICOMDIR references produce.
  int compare(const FilePath& other) const noexcept;

  friend bool operator==(const FilePath& a, const FilePath& b) noexcept { return a.compare(b) == 0; }
  friend bool operator!=(const FilePath& a, const FilePath& b) noexcept { return !(a == b); }
  friend bool operator<(const FilePath& a, const FilePath& b) noexcept { return a.compare(b) < 0; }
  friend bool operator==(const FilePath& a, const std::filesystem::path& b) { return a.path() == b; }
  friend bool operator==(const std::filesystem::path& a, const FilePath& b) { return a == b.path(); }
  friend bool operator!=(const FilePath& a, const std::filesystem::path& b) { return !(a == b); }
  friend bool operator!=(const std::filesystem::path& a, const FilePath& b) { return !(a == b); }
  friend bool operator==(const FilePath& a, const char* b) { return a == FilePath(b); }
  friend bool operator==(const FilePath& a, const std::string& b) { return a == FilePath(b); }
  friend bool operator!=(const FilePath& a, const char* b) { return !(a == b); }
  friend bool operator!=(const FilePath& a, const std::string& b) { return !(a == b); }
  friend std::filesystem::path operator/(const FilePath& a, const std::filesystem::path& b) { return a.path() / b; }
  friend std::ostream& operator<<(std::ostream& out, const FilePath& p) { return out << p.path(); }

 private:
  std::string text_;
};

}  // namespace imaging
