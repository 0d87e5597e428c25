#include "cli_common.h"

#include <unistd.h>

#include <cstdio>

namespace scanshare_cli {

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void printError(const std::string& line) { std::fprintf(stderr, "scanshare: %s\n", line.c_str()); }

}  // namespace scanshare_cli
