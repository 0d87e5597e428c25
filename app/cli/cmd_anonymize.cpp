// placeholder: replaced by the command's owner
#include "commands.h"
#include "cli_common.h"
namespace scanshare_cli {
void addAnonymizeCommand(CLI::App& root, CommandContext& ctx) {
  auto* cmd = root.add_subcommand("anonymize", "(not yet available)");
  cmd->callback([&ctx] { printError("anonymize: not yet available"); ctx.exit_code = kExitUsage; });
}
}  // namespace scanshare_cli
