#pragma once
// anonymize --shard I/N (docs/scale-out.md): where a shard's export goes, and whether an earlier
// attempt already finished it.
#include <filesystem>
#include <string>

#include "imaging/deid/key.h"
#include "imaging/workflow/anonymize.h"

namespace scanshare_cli {

struct ShardTarget {
  imaging::ShardSpec spec;
  std::filesystem::path folder;   // OUT/shard-I-of-N
  std::filesystem::path report;   // OUT/shard-I-of-N.report.json (text beside it)
  bool already_done = false;      // folder and both reports are in place from an earlier run
};

struct ShardRequest {
  std::string shard, output;      // --shard I/N, -o OUT
  bool zip = false, report = false, sending = false, dry_run = false, pseudonym = false;
};

// Checks what --shard combines with (throws Error(InvalidArgument): a usage error), creates OUT
// when missing (tasks of one array may race to do so), and clears what a killed attempt of this
// shard left: its staging folder, partial reports, or a folder whose reports never appeared.
ShardTarget prepareShard(const ShardRequest& request, const imaging::Key& key);

}  // namespace scanshare_cli
