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

// scan and verify read folders, files and zips; a dicomweb+http(s):// source is anonymize's. Such
// an argument is refused naming the server's root only: its query often holds a patient ID or name.
void refuseDicomWebPath(const std::string& path);

}  // namespace scanshare_cli
