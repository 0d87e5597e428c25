#include "imaging/core/file_path.h"

namespace imaging {

int FilePath::compare(const FilePath& other) const noexcept {
  const std::string& a = text_;
  const std::string& b = other.text_;
  // A path without a root directory sorts before one with it, as std::filesystem::path does.
  const bool a_rooted = !a.empty() && a.front() == '/', b_rooted = !b.empty() && b.front() == '/';
  if (a_rooted != b_rooted) return a_rooted ? 1 : -1;
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] == '/') return -1;  // a's component ended: the shorter name sorts first
    if (b[i] == '/') return 1;
    return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

}  // namespace imaging
