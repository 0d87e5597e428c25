// placeholder: replaced by the command's owner
#include "commands.h"
#include "cli_common.h"
namespace scanshare_cli {
void addScanCommand(CLI::App& root, CommandContext& ctx) {
  auto* cmd = root.add_subcommand("scan", "(not yet available)");
  cmd->callback([&ctx] { printError("scan: not yet available"); ctx.exit_code = kExitUsage; });
}
}  // namespace scanshare_cli
