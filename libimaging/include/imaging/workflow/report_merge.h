#pragma once
// One report for a sharded export (`scanshare report merge`, docs/scale-out.md): the shards'
// JSON reports read back and combined. Like the shard reports, it holds no source value.
#include <filesystem>
#include <string>
#include <vector>

namespace imaging {

struct MergedReport {
  std::string json;                   // the merged report (JSON text)
  std::string text;                   // the same for people
  unsigned shard_count = 0;           // N of the shards
  std::vector<unsigned> missing;      // shard indexes without a report
  std::size_t kept = 0, excluded = 0, failed = 0, not_selected = 0, skipped = 0;
  bool had_problems = false;          // some shard had failures or damaged input
  bool complete() const { return missing.empty(); }
};

// The shard reports among paths: a folder gives every shard-I-of-N.report.json directly in it,
// a file is taken as it is. Throws Error(InvalidArgument) for a path that is neither, or a folder
// with no shard report.
std::vector<std::filesystem::path> findShardReports(const std::vector<std::filesystem::path>& paths);

// Merges shard reports of one sharded export. Throws Error(InvalidArgument) naming the report
// when one cannot be read, is not a shard report, or does not belong with the others (another
// shard count, other options, version, input, or a shard given twice).
MergedReport mergeShardReports(const std::vector<std::filesystem::path>& reports);

}  // namespace imaging
