// scanshare plan IN -o PLAN: the scan of IN written once for every shard task (docs/scale-out.md).
#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/deid/key.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/scan_plan.h"

namespace scanshare_cli {

void addPlanCommand(CLI::App& root, CommandContext& ctx) {
  struct Args {
    std::string input, output, key_file;
    unsigned jobs = 2;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand("plan", "scan a folder once for the shard tasks of anonymize --shard (--plan PLAN)");
  cmd->add_option("PATH", args->input, "folder or DICOMDIR to scan")->required();
  cmd->add_option("-o,--output", args->output, "plan file to write, outside the input (sealed with the key)")->required();
  cmd->add_option("--key", args->key_file, "the project key (default: the per-user key)");
  cmd->add_option("--jobs", args->jobs, "worker threads, at least 1")->capture_default_str();
  cmd->callback([args, &ctx] {
    try {
      const imaging::Key key = imaging::Key::load(args->key_file.empty() ? imaging::Key::defaultLocation()
                                                                         : std::filesystem::path(args->key_file));
      imaging::ScanOptions options;
      options.threads = std::max(1u, args->jobs);
      options.collect_uids = false;  // a plan does not carry them (its tasks export, they do not verify)
      const imaging::Inventory inventory = imaging::scan(args->input, options);
      if (inventory.instanceCount() == 0)
        throw imaging::Error(imaging::ErrorCode::InvalidArgument, "no DICOM images found", args->input);
      imaging::writeScanPlan(args->output, key, inventory);
      std::printf("plan: %s (%zu instances of %zu patients; sealed, keep it apart from OUT)\n", args->output.c_str(),
                  inventory.instanceCount(), inventory.patients.size());
      ctx.exit_code = kExitOk;
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
