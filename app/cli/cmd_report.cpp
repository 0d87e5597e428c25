// scanshare report merge: one report for the shards of a sharded export (docs/scale-out.md).
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/workflow/report_merge.h"
#include "imaging/writer/staged_file.h"

namespace scanshare_cli {
namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string output;
};

int runMerge(const MergeArgs& a) {
  std::vector<std::filesystem::path> paths(a.inputs.begin(), a.inputs.end());
  const imaging::MergedReport m = imaging::mergeShardReports(imaging::findShardReports(paths));
  // Default: OUT/merged.report.json when one folder holds the shards.
  std::filesystem::path json = a.output;
  if (json.empty() && paths.size() == 1 && std::filesystem::is_directory(paths[0])) json = paths[0] / "merged.report.json";
  if (json.empty()) {
    std::fputs(m.text.c_str(), stdout);
  } else {
    std::filesystem::path text = json;
    if (json.extension() == ".json") text.replace_extension(".txt");
    else text += ".txt";
    imaging::StagedFile json_file(json, m.json, true), text_file(text, m.text, true);
    json_file.publish();
    text_file.publish();
    std::printf("merged %u shard(s): kept %zu, excluded %zu, failed %zu, not selected %zu; input files not exported: %zu\n",
                m.shard_count - static_cast<unsigned>(m.missing.size()), m.kept, m.excluded, m.failed, m.not_selected,
                m.skipped);
    std::printf("report: %s\n", json.string().c_str());
  }
  if (!m.complete()) {
    std::string missing;
    for (unsigned i : m.missing) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    printError("incomplete: no report for shard(s) " + missing + " of " + std::to_string(m.shard_count));
    return kExitProblems;
  }
  return m.had_problems ? kExitProblems : kExitOk;
}

}  // namespace

void addReportCommand(CLI::App& root, CommandContext& ctx) {
  auto* report = root.add_subcommand("report", "work with anonymize reports");
  report->require_subcommand(1);
  auto args = std::make_shared<MergeArgs>();
  auto* merge = report->add_subcommand("merge", "merge the reports of anonymize --shard runs into one (JSON and text)");
  merge->add_option("OUT", args->inputs, "folder holding shard-I-of-N.report.json files, or such report files")->required();
  merge->add_option("-o,--output", args->output,
                    "merged report JSON path, text beside it (default: OUT/merged.report.json for one folder; "
                    "else the text goes to standard output)");
  merge->callback([args, &ctx] {
    try {
      ctx.exit_code = runMerge(*args);
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
