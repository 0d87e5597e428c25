#pragma once
// Small helpers shared by the subcommands (terminal detection, one-line errors).
#include <string>

namespace scanshare_cli {

bool stderrIsTerminal();
// Prints "scanshare: <line>" to stderr.
void printError(const std::string& line);

constexpr int kExitOk = 0;
constexpr int kExitProblems = 1;
constexpr int kExitUsage = 2;

}  // namespace scanshare_cli
