#include "imaging/core/path_under.h"

namespace imaging {

namespace fs = std::filesystem;
namespace {

// Whether the text from `from` on names each part once: no empty part (doubled, leading or trailing
// '/'), no "." or "..". For such paths a text prefix is the same as a leading run of parts.
bool plainFrom(const std::string& p, std::size_t from) {
  std::size_t part = from;
  for (std::size_t i = from; i <= p.size(); ++i) {
    if (i < p.size() && p[i] != '/') continue;
    const std::size_t length = i - part;
    if (length == 0) return false;
    if ((length == 1 && p[part] == '.') || (length == 2 && p[part] == '.' && p[part + 1] == '.')) return false;
    part = i + 1;
  }
  return true;
}

}  // namespace

PathUnder::PathUnder(const std::filesystem::path& base) {
  // A relative base ("cd-copy", as typed) names a place below the working folder exactly when the
  // files it is compared with are relative too, spelled from the same folder: the text test holds.
  const std::string& text = base.native();
  if (base.is_absolute() ? plainFrom(text, 1) : !text.empty() && text[0] != '/' && plainFrom(text, 0))
    prefix_ = text + '/';
}

std::optional<std::string> PathUnder::operator()(const std::filesystem::path& file) const {
  const std::string& text = file.native();
  // The prefix's first character decides: a relative base never matches an absolute file.
  if (prefix_.empty() || text.size() <= prefix_.size() || text.compare(0, prefix_.size(), prefix_) != 0 ||
      !plainFrom(text, prefix_.size()))
    return std::nullopt;
  return text.substr(prefix_.size());
}

fs::path resolvedPath(const fs::path& path) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? fs::absolute(path).lexically_normal() : c;
}

bool isWithinPath(const fs::path& inner, const fs::path& outer) {
  const std::string i = inner.generic_string(), o = outer.generic_string();
  return i == o || (i.size() > o.size() && i.compare(0, o.size(), o) == 0 && (o.back() == '/' || i[o.size()] == '/'));
}

}  // namespace imaging
