// scanshare: share medical images without sharing identity.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli_common.h"
#include "imaging/about/components.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/core/log.h"
#include "imaging/core/temp_dir.h"
#include "imaging/core/version.h"

namespace {

// VTK and Qt are the viewer's: the command line names the versions the viewer was built with.
#ifndef SCANSHARE_VIEWER_VTK_VERSION
#define SCANSHARE_VIEWER_VTK_VERSION ""
#endif
#ifndef SCANSHARE_VIEWER_QT_VERSION
#define SCANSHARE_VIEWER_QT_VERSION ""
#endif

std::string versionText() {
  auto viewerPart = [](const char* name, const std::string& version) {
    return version.empty() ? imaging::ComponentVersion{name, "not built", "no viewer in this build"}
                           : imaging::ComponentVersion{name, version, "viewer build"};
  };
  std::string text = imaging::versionText(
      "scanshare", imaging::componentVersions(viewerPart("VTK", SCANSHARE_VIEWER_VTK_VERSION),
                                              viewerPart("Qt", SCANSHARE_VIEWER_QT_VERSION)));
  if (!text.empty() && text.back() == '\n') text.pop_back();  // CLI11 adds the last newline
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace scanshare_cli;
  CLI::App app{"scanshare: de-identify and share DICOM media (CDs, folders, zips)"};
  // Made only when asked for: the text names Tesseract's version, which means opening Tesseract.
  app.set_version_flag("--version", std::function<std::string()>(versionText));
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

  // A run killed earlier (SIGKILL, a crash) may have left a patient's unpacked CD image or
  // DICOMweb retrieval in $TMPDIR: only a later run can remove it.
  imaging::sweepStaleTempDirs();

  CommandContext ctx;
  addScanCommand(app, ctx);
  addDumpCommand(app, ctx);
  addAnonymizeCommand(app, ctx);
  addVerifyCommand(app, ctx);
  addRenderCommand(app, ctx);
  addSendCommand(app, ctx);
  addOcrCommand(app, ctx);
  addReportCommand(app, ctx);
  addMappingCommand(app, ctx);
  addReidentifyCommand(app, ctx);
  addPlanCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  } catch (const imaging::Error& e) {
    return reportError(e);
  } catch (const std::exception& e) {
    printError(std::string("internal error: ") + e.what());
    return kExitUsage;
  }
  return ctx.exit_code;
}
