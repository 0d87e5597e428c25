#pragma once
// Small helpers shared by the subcommands (terminal detection, one-line errors).
#include <string>

namespace imaging {
class Error;
}

namespace scanshare_cli {

bool stderrIsTerminal();
// Prints "scanshare: <line>" to stderr.
void printError(const std::string& line);

constexpr int kExitOk = 0;
constexpr int kExitProblems = 1;  // done, with problems (see the report)
constexpr int kExitUsage = 2;     // usage error, or nothing could be done
constexpr int kExitRefused = 3;   // refused: verify finds the copy NOT CLEAN, nothing was sent

// Prints "scanshare: PATH: reason [code]" (code: toString(ErrorCode), for scripts) and returns the
// exit code for it (kExitUsage: nothing could be done).
int reportError(const imaging::Error& error);

}  // namespace scanshare_cli
