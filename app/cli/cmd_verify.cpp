// scanshare verify: re-read an export and list anything identifying that survived.
#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "interrupt.h"
#include "imaging/core/error.h"
#include "imaging/deid/key.h"
#include "imaging/workflow/verify.h"

namespace scanshare_cli {
namespace {

struct VerifyArgs {
  std::string output, against, key_file;
  bool json = false;
  bool trust_burned_in_flag = false;
  unsigned jobs = 2;
};

int runVerify(const VerifyArgs& a) {
  refuseDicomWebPath(a.output);
  refuseDicomWebPath(a.against);
  imaging::VerifyOptions options;
  if (!a.against.empty()) options.against = a.against;
  options.jobs = a.jobs == 0 ? 1 : a.jobs;
  options.trust_burned_in_flag = a.trust_burned_in_flag;
  // The key is only read, never created: verify must not leave a new key behind.
  if (!a.key_file.empty()) {
    options.key = imaging::Key::load(a.key_file);
  } else {
    std::error_code ec;
    const auto def = imaging::Key::defaultLocation();
    if (std::filesystem::exists(def, ec)) options.key = imaging::Key::load(def);
  }
  // A signal stops it between files: an unpacked zip or CD image of --against is removed.
  const StopOnInterrupt stop;
  options.cancel = stop.flag();
  const imaging::VerifyResult r = runUninterrupted([&] { return imaging::verify(a.output, options); });
  if (a.json) {
    nlohmann::json j;
    j["clean"] = r.clean();
    j["files_checked"] = r.files_checked;
    j["source_identifiers"] = r.source_identifiers;
    j["source_uids"] = r.source_uids;
    j["findings"] = nlohmann::json::array();
    for (const auto& f : r.findings) j["findings"].push_back({{"kind", imaging::toString(f.kind)}, {"location", f.location}, {"detail", f.detail}});
    j["notes"] = r.notes;
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    for (const auto& f : r.findings) std::printf("FINDING %s: %s: %s\n", imaging::toString(f.kind), f.location.c_str(), f.detail.c_str());
    for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
    std::printf("%s: %zu file(s) checked, %zu finding(s)\n", r.clean() ? "clean" : "NOT CLEAN", r.files_checked, r.findings.size());
  }
  return r.clean() ? kExitOk : kExitProblems;
}

}  // namespace

void addVerifyCommand(CLI::App& root, CommandContext& ctx) {
  auto args = std::make_shared<VerifyArgs>();
  auto* cmd = root.add_subcommand("verify", "re-read an export and list identifying data left in it");
  cmd->add_option("OUT", args->output, "export folder or zip")->required();
  cmd->add_option("--against", args->against, "the source it was made from (enables identifier and UID checks)");
  cmd->add_option("--key", args->key_file, "key used for the export (default: the per-user key, if present)");
  cmd->add_flag("--json", args->json, "machine-readable output");
  cmd->add_flag("--trust-burned-in-flag", args->trust_burned_in_flag,
                "do not screen the pixels of projection X-ray images (CR, DX, ...) not marked Clean Pixel Data for "
                "burned-in text; default: off (screened)");
  cmd->add_option("--jobs", args->jobs, "worker threads (default 2)");
  cmd->callback([args, &ctx] {
    try {
      ctx.exit_code = runVerify(*args);
    } catch (const imaging::Error& e) {
      ctx.exit_code = reportError(e);
    }
  });
}

}  // namespace scanshare_cli
