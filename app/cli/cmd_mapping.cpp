// scanshare mapping show FILE --key KEY: opens a sealed re-identification mapping (docs/mapping.md).
#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "commands.h"
#include "imaging/core/error.h"
#include "imaging/deid/key.h"
#include "imaging/workflow/sealed_mapping.h"

namespace scanshare_cli {

void addMappingCommand(CLI::App& root, CommandContext& ctx) {
  auto* cmd = root.add_subcommand("mapping", "the sealed re-identification mapping (--mapping of anonymize)");
  cmd->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto key_file = std::make_shared<std::string>();
  auto* show = cmd->add_subcommand("show", "decrypt a mapping file and print it (JSON) on stdout");
  show->add_option("FILE", *file, "mapping file written by anonymize --mapping")->required();
  show->add_option("--key", *key_file, "key file the mapping was sealed with (default: the per-user key)");
  show->callback([file, key_file, &ctx] {
    try {
      const imaging::Key key = imaging::Key::load(key_file->empty() ? imaging::Key::defaultLocation()
                                                                    : std::filesystem::path(*key_file));
      const std::string text = imaging::openSealedMapping(*file, key);
      imaging::parseMappingJson(text);  // a format version this build does not know is refused, not shown
      std::fwrite(text.data(), 1, text.size(), stdout);
      ctx.exit_code = kExitOk;
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
