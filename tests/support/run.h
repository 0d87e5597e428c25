// Running a program from a test: its exit code and what it printed.
#pragma once

#include <string>

namespace scanshare_test {

struct RunResult {
  int exit_code = -1;  // -1 when it could not start or did not exit normally
  std::string out;
};

// Runs `command` through the shell and captures its standard output; with merge_stderr its
// standard error too, else standard error is discarded.
RunResult run(const std::string& command, bool merge_stderr);

// `text` as one single-quoted shell word.
std::string quoted(const std::string& text);

}  // namespace scanshare_test

namespace scanshare_test {

// Runs the sample generator (the test target's SCANSHARE_MAKE_SAMPLE) for `variant` into `out`;
// true when it succeeded. The one spelling of that command line for tests that need a sample CD.
bool makeSample(const std::string& generator, const std::string& variant, const std::string& out);

}  // namespace scanshare_test
