// scanshare reidentify OUT --mapping FILE [--key KEY] -o RESTORED: parses the arguments and hands
// the work to the library (imaging/workflow/reidentify.h, docs/mapping.md).
#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/deid/key.h"
#include "imaging/workflow/reidentify.h"
#include "imaging/workflow/sealed_mapping.h"

namespace scanshare_cli {
namespace {

struct ReidentifyArgs {
  std::string export_path, mapping, key_file, output;
};

int runReidentify(const ReidentifyArgs& a) {
  const imaging::Key key =
      imaging::Key::load(a.key_file.empty() ? imaging::Key::defaultLocation() : std::filesystem::path(a.key_file));
  const imaging::ReidMapping mapping = imaging::parseMappingJson(imaging::openSealedMapping(a.mapping, key));
  const imaging::ReidentifyResult r = imaging::reidentifyExport(a.export_path, mapping, a.output);
  std::printf("restored %zu file(s); not in the mapping, copied unchanged: %zu\noutput: %s (identified: keep it at the clinic)\n",
              r.restored, r.unmatched, r.output.string().c_str());
  if (r.unmatched > 0)
    std::fprintf(stderr, "warning: %zu file(s) of the export are not in this mapping and were copied unchanged\n", r.unmatched);
  return r.unmatched > 0 ? kExitProblems : kExitOk;
}

}  // namespace

void addReidentifyCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<ReidentifyArgs>();
  auto* cmd = root.add_subcommand("reidentify",
                                  "write a copy of a de-identified export with the patients' identity restored from a "
                                  "sealed mapping (for the clinic's own use)");
  cmd->add_option("OUT", args->export_path, "the de-identified export (folder or zip written by anonymize)")->required();
  cmd->add_option("--mapping", args->mapping, "the sealed mapping written by anonymize --mapping")->required();
  cmd->add_option("--key", args->key_file, "key file the mapping was sealed with (default: the per-user key)");
  cmd->add_option("-o,--output", args->output, "folder for the restored copy (must not exist or be empty)")->required();
  cmd->callback([args, &ctx] {
    try {
      ctx.exit_code = runReidentify(*args);
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
