#include "shard_cli.h"

#include <cstdio>
#include <system_error>

#include "imaging/core/error.h"

namespace fs = std::filesystem;

namespace scanshare_cli {

ShardTarget prepareShard(const ShardRequest& r, const imaging::Key& key) {
  using imaging::Error;
  using imaging::ErrorCode;
  ShardTarget t;
  t.spec = imaging::parseShard(r.shard);
  t.spec.key = std::make_shared<const imaging::Key>(key);
  const auto refuse = [](const std::string& what) {
    return Error(ErrorCode::InvalidArgument, "--shard cannot be combined with " + what);
  };
  if (r.output.empty()) throw Error(ErrorCode::InvalidArgument, "--shard needs -o OUT (the folder all shards write into)");
  if (r.zip) throw refuse("--zip (each shard writes a folder)");
  if (r.report) throw refuse("--report (each shard's report goes beside its folder, for 'scanshare report merge')");
  if (r.sending) throw refuse("--send/--stow (send the merged folders afterwards)");
  if (r.dry_run) throw refuse("--dry-run");
  if (r.pseudonym) throw refuse("--patient-name/--patient-id (they name one patient)");

  const fs::path out = r.output;
  std::error_code ec;
  fs::create_directories(out, ec);  // another task may have just made it
  if (!fs::is_directory(out, ec))
    throw Error(ErrorCode::InvalidArgument, "cannot create the output folder for the shards", out.string());
  const std::string name = imaging::shardName(t.spec.index, t.spec.count);
  t.folder = out / name;
  t.report = out / (name + ".report.json");
  const fs::path text = out / (name + ".report.txt");

  const bool folder = fs::is_directory(fs::symlink_status(t.folder, ec));
  if (folder && fs::is_regular_file(t.report, ec) && fs::is_regular_file(text, ec)) {
    t.already_done = true;
    return t;
  }
  // Leftovers of a killed attempt of this shard (never another shard's): the export's staging
  // folder, partial reports, and a finished folder whose reports were not yet in place (the
  // reports are the last step, so the folder is redone rather than trusted).
  const std::string staging_prefix = "." + name + ".partial-";
  for (const auto& entry : fs::directory_iterator(out, ec)) {
    const std::string n = entry.path().filename().string();
    if (n.rfind(staging_prefix, 0) == 0 || n == name + ".report.json.partial" || n == name + ".report.txt.partial") {
      std::fprintf(stderr, "note: removing what an interrupted run of this shard left: %s\n", n.c_str());
      fs::remove_all(entry.path(), ec);
    }
  }
  if (folder) {
    std::fprintf(stderr, "note: %s has no report: an interrupted run left it; exporting the shard again\n", name.c_str());
    fs::remove_all(t.folder, ec);
  }
  fs::remove(t.report, ec);
  fs::remove(text, ec);
  return t;
}

}  // namespace scanshare_cli
