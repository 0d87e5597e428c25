#pragma once
// Minimal leveled logging to stderr. Callers must never log identifying values; log paths,
// tags and counts instead.
#include <string>

namespace imaging {

enum class LogLevel { Trace = 0, Debug, Info, Warn, Error, Fatal, Off };

void setLogLevel(LogLevel level) noexcept;
LogLevel logLevel() noexcept;
// Parses DCMTK-style names: trace, debug, info, warn, error, fatal, off. Throws Error on others.
LogLevel parseLogLevel(const std::string& name);
void log(LogLevel level, const std::string& message);

inline void logDebug(const std::string& m) { log(LogLevel::Debug, m); }
inline void logInfo(const std::string& m) { log(LogLevel::Info, m); }
inline void logWarn(const std::string& m) { log(LogLevel::Warn, m); }
inline void logError(const std::string& m) { log(LogLevel::Error, m); }

}  // namespace imaging
