// scanshare dump FILE [--json]: every attribute of one file.
#include <iostream>
#include <memory>
#include <string>

#include "cli_common.h"
#include "commands.h"
#include "imaging/media/dump.h"

namespace scanshare_cli {
namespace {

struct DumpArgs {
  std::string file;
  bool json = false;
};

void runDump(const DumpArgs& args, CommandContext& ctx) {
  const imaging::DumpedFile dumped = imaging::dumpFile(args.file);
  if (args.json)
    std::cout << imaging::renderDumpJson(dumped) << '\n';
  else
    std::cout << imaging::renderDumpText(dumped);
  std::cout.flush();
  ctx.exit_code = kExitOk;
}

}  // namespace

void addDumpCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<DumpArgs>();
  auto* cmd = root.add_subcommand("dump", "print all attributes of one DICOM file, nested sequences included");
  cmd->add_option("FILE", args->file, "a DICOM file")->required();
  cmd->add_flag("--json", args->json, "DICOM JSON model (PS3.18 Annex F); bulk data omitted");
  cmd->callback([args, &ctx] { runDump(*args, ctx); });
}

}  // namespace scanshare_cli
