#pragma once
// Each subcommand registers itself on the root app. The callback stores the exit code in
// `exit_code`: 0 success, 1 finished with problems, 2 usage error or nothing could be done.
#include <CLI/CLI.hpp>

namespace scanshare_cli {

struct CommandContext {
  int exit_code = 0;
};

void addScanCommand(CLI::App& root, CommandContext& ctx);
void addDumpCommand(CLI::App& root, CommandContext& ctx);
void addAnonymizeCommand(CLI::App& root, CommandContext& ctx);
void addVerifyCommand(CLI::App& root, CommandContext& ctx);
void addRenderCommand(CLI::App& root, CommandContext& ctx);
void addSendCommand(CLI::App& root, CommandContext& ctx);
void addOcrCommand(CLI::App& root, CommandContext& ctx);
void addReportCommand(CLI::App& root, CommandContext& ctx);
void addMappingCommand(CLI::App& root, CommandContext& ctx);
void addReidentifyCommand(CLI::App& root, CommandContext& ctx);
void addPlanCommand(CLI::App& root, CommandContext& ctx);

}  // namespace scanshare_cli
