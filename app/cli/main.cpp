// scanshare: share medical images without sharing identity.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/core/log.h"
#include "imaging/core/version.h"

int main(int argc, char** argv) {
  using namespace scanshare_cli;
  CLI::App app{"scanshare: de-identify and share DICOM media (CDs, folders, zips)"};
  app.set_version_flag("--version", std::string("scanshare ") + imaging::versionString());
  app.require_subcommand(1);
  app.fallthrough();

  bool verbose = false;
  std::string log_level;
  app.add_flag("-v,--verbose", verbose, "verbose mode (log level info)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, fatal, off");
  app.parse_complete_callback([&] {
    if (verbose) imaging::setLogLevel(imaging::LogLevel::Info);
    if (!log_level.empty()) imaging::setLogLevel(imaging::parseLogLevel(log_level));
  });

  CommandContext ctx;
  addScanCommand(app, ctx);
  addDumpCommand(app, ctx);
  addAnonymizeCommand(app, ctx);
  addVerifyCommand(app, ctx);
  addRenderCommand(app, ctx);
  addSendCommand(app, ctx);
  addOcrCommand(app, ctx);
  addReportCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  } catch (const imaging::Error& e) {
    printError(e.oneLine());
    return e.code() == imaging::ErrorCode::InvalidArgument ? kExitUsage : kExitUsage;
  } catch (const std::exception& e) {
    printError(std::string("internal error: ") + e.what());
    return kExitUsage;
  }
  return ctx.exit_code;
}
