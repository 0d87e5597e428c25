#include "run.h"

#include <sys/wait.h>

#include <cstdio>

namespace scanshare_test {

RunResult run(const std::string& command, bool merge_stderr) {
  RunResult result;
  FILE* pipe = ::popen((command + (merge_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string quoted(const std::string& text) {
  std::string q = "'";
  for (char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace scanshare_test

namespace scanshare_test {

bool makeSample(const std::string& generator, const std::string& variant, const std::string& out) {
  return run(quoted(generator) + " --variant " + quoted(variant) + " --out " + quoted(out), false).exit_code == 0;
}

}  // namespace scanshare_test
