#include "temp_owner.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <regex>
#include <sstream>

namespace imaging::temp_owner {
namespace {

// Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces and parentheses, so the
// fields are counted after its last ')'.
std::optional<unsigned long long> startTime(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  const std::size_t close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  for (int k = 3; k <= 22; ++k)
    if (!(fields >> field)) return std::nullopt;
  try {
    return std::stoull(field);
  } catch (...) {
    return std::nullopt;
  }
}

unsigned long long pidNamespace() {
  struct stat st {};
  return ::stat("/proc/self/ns/pid", &st) == 0 ? static_cast<unsigned long long>(st.st_ino) : 0;
}

}  // namespace

Owner self() {
  static const Owner me = [] {
    Owner o;
    o.pid = static_cast<long long>(::getpid());
    o.start = startTime("self").value_or(0);
    o.pid_namespace = pidNamespace();
    return o;
  }();
  // A forked child is another process with another start time.
  if (me.pid != static_cast<long long>(::getpid())) {
    Owner o;
    o.pid = static_cast<long long>(::getpid());
    o.start = startTime("self").value_or(0);
    o.pid_namespace = pidNamespace();
    return o;
  }
  return me;
}

std::string tag(const Owner& owner) {
  return "o" + std::to_string(owner.pid) + "." + std::to_string(owner.start) + "." + std::to_string(owner.pid_namespace) + "-";
}

std::optional<Owner> parse(const std::string& folder_name) {
  static const std::regex name(R"(^scanshare-([a-z0-9]+-)*o([0-9]{1,10})\.([0-9]{1,20})\.([0-9]{1,20})-[A-Za-z0-9]{6}$)");
  std::smatch m;
  if (!std::regex_match(folder_name, m, name)) return std::nullopt;
  try {
    Owner o;
    o.pid = std::stoll(m[2].str());
    o.start = std::stoull(m[3].str());
    o.pid_namespace = std::stoull(m[4].str());
    if (o.pid <= 0) return std::nullopt;
    return o;
  } catch (...) {
    return std::nullopt;
  }
}

bool isGone(const Owner& owner) {
  const Owner me = self();
  // Another namespace's ids mean nothing here; an unknown namespace or start time cannot be judged.
  if (owner.pid_namespace == 0 || me.pid_namespace == 0 || owner.pid_namespace != me.pid_namespace) return false;
  if (owner.pid == me.pid) return owner.start != 0 && me.start != 0 && owner.start != me.start;
  if (::kill(static_cast<pid_t>(owner.pid), 0) != 0 && errno == ESRCH) return true;
  // Alive (or not ours to signal): gone only if the id now belongs to a later process.
  const auto now = startTime(std::to_string(owner.pid));
  return now && owner.start != 0 && *now != owner.start;
}

}  // namespace imaging::temp_owner
