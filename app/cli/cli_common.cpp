#include "cli_common.h"

#include "imaging/core/printable.h"

#include <unistd.h>

#include <cstdio>

#include "imaging/core/error.h"
#include "imaging/dicomweb/source.h"

namespace scanshare_cli {

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

// Lines quote file names from the input: control bytes are escaped (imaging::printable).
void printError(const std::string& line) { std::fprintf(stderr, "scanshare: %s\n", imaging::printable(line).c_str()); }

int reportError(const imaging::Error& error) {
  printError(error.oneLine() + " [" + imaging::toString(error.code()) + "]");
  return kExitUsage;
}

void refuseDicomWebPath(const std::string& path) {
  if (!imaging::isDicomWebSource(path)) return;
  std::string root = "dicomweb+http(s) source";
  try {
    root = imaging::parseDicomWebSource(path).display();
  } catch (const imaging::Error&) {
  }
  throw imaging::Error(imaging::ErrorCode::InvalidArgument,
                       "a dicomweb+http(s):// source is read by 'scanshare anonymize' only (retrieve it to a folder first)", root);
}

}  // namespace scanshare_cli
