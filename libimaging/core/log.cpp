#include "imaging/core/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "imaging/core/error.h"

namespace imaging {
namespace {
std::atomic<LogLevel> g_level{LogLevel::Warn};
std::mutex g_mutex;
const char* prefix(LogLevel level) {
  switch (level) {
    case LogLevel::Trace: return "T";
    case LogLevel::Debug: return "D";
    case LogLevel::Info: return "I";
    case LogLevel::Warn: return "W";
    case LogLevel::Error: return "E";
    case LogLevel::Fatal: return "F";
    case LogLevel::Off: break;
  }
  return "?";
}
}  // namespace

void setLogLevel(LogLevel level) noexcept { g_level = level; }
LogLevel logLevel() noexcept { return g_level; }

LogLevel parseLogLevel(const std::string& name) {
  static const char* const names[] = {"trace", "debug", "info", "warn", "error", "fatal", "off"};
  for (int i = 0; i < 7; ++i)
    if (name == names[i]) return static_cast<LogLevel>(i);
  throw Error(ErrorCode::InvalidArgument, "unknown log level '" + name +
                                              "' (use trace, debug, info, warn, error, fatal, off)");
}

void log(LogLevel level, const std::string& message) {
  if (level < g_level.load() || level == LogLevel::Off) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fprintf(stderr, "%s: %s\n", prefix(level), message.c_str());
}

}  // namespace imaging
