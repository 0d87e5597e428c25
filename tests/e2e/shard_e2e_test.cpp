// End to end: anonymize --shard I/N and `report merge` (issue 15, docs/scale-out.md). The union of
// the shards' DICOM trees is a single run's tree byte for byte, no patient is split, a rerun of a
// finished or interrupted shard leaves one complete copy, and bad --shard values are usage errors.
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "files.h"

namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-shard-" + std::to_string(::getpid()));

using scanshare_test::readAll;

int run(const std::string& command, const fs::path& log) {
  const int rc = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// Relative path ('/' separated) -> bytes of every file under root/DICOM.
std::map<std::string, std::string> dicomTree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  if (!fs::exists(root / "DICOM")) return tree;
  for (const auto& f : scanshare_test::regularFilesUnder(root / "DICOM"))
    tree[f.lexically_relative(root).generic_string()] = readAll(f);
  return tree;
}

class ShardE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    input_ = kWork / "cd";
    // Several patients (the multi-charset sample has one per character set), so shards differ.
    ASSERT_EQ(run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant multi-charset --out '" + input_.string() +
                      "' --manifest '" + (kWork / "manifest.json").string() + "'",
                  kWork / "make.log"),
              0)
        << readAll(kWork / "make.log");
    std::ofstream(kWork / "key", std::ios::binary) << std::string(32, 'k');
    single_rc_ = anonymize("-o '" + (kWork / "single").string() + "'", "single");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
  static int anonymize(const std::string& args, const std::string& log) {
    return run(std::string(SCANSHARE_CLI) + " anonymize '" + input_.string() + "' --key '" + (kWork / "key").string() +
                   "' " + args,
               kWork / (log + ".log"));
  }
  static int shard(unsigned i, unsigned n, const std::string& out) {
    return anonymize("-o '" + (kWork / out).string() + "' --shard " + std::to_string(i) + "/" + std::to_string(n),
                     out + "-" + std::to_string(i));
  }
  static inline fs::path input_;
  static inline int single_rc_ = -1;
};

TEST_F(ShardE2E, UnionOfShardsIsTheSingleRunByteForByte) {
  // The sample holds damaged files: a finished run with problems (1). Shard 0 alone reports them.
  ASSERT_EQ(single_rc_, 1) << readAll(kWork / "single.log");
  const auto single = dicomTree(kWork / "single");
  ASSERT_FALSE(single.empty());
  for (unsigned n : {1u, 3u, 7u}) {
    const std::string out = "sharded-" + std::to_string(n);
    std::map<std::string, std::string> uni;
    std::map<std::string, unsigned> patient_shard;  // DICOM/Pnnnnnnn -> shard
    std::size_t nonempty = 0;
    for (unsigned i = 0; i < n; ++i) {
      ASSERT_EQ(shard(i, n, out), i == 0 ? single_rc_ : 0) << readAll(kWork / (out + "-" + std::to_string(i) + ".log"));
      const fs::path folder = kWork / out / ("shard-" + std::to_string(i) + "-of-" + std::to_string(n));
      ASSERT_TRUE(fs::is_directory(folder));
      ASSERT_TRUE(fs::exists(folder.string() + ".report.json"));
      const auto tree = dicomTree(folder);
      if (!tree.empty()) {
        ++nonempty;
        EXPECT_TRUE(fs::exists(folder / "DICOMDIR")) << folder;
      }
      for (const auto& [name, bytes] : tree) {
        EXPECT_TRUE(uni.emplace(name, bytes).second) << name << " is in two shards";
        const std::string patient = name.substr(0, name.find('/', std::string("DICOM/").size()));
        const auto [it, fresh] = patient_shard.emplace(patient, i);
        EXPECT_EQ(it->second, i) << patient << " is split between shards " << it->second << " and " << i;
      }
    }
    EXPECT_EQ(uni.size(), single.size()) << n << " shards";
    EXPECT_TRUE(uni == single) << "the union of " << n << " shards differs from the single run";
    if (n == 3) {
      EXPECT_GE(nonempty, 2u) << "the sample's patients should spread over the shards";
    }

    // One merged report: the counts and files of the single run.
    ASSERT_EQ(run(std::string(SCANSHARE_CLI) + " report merge '" + (kWork / out).string() + "'", kWork / "merge.log"), single_rc_)
        << readAll(kWork / "merge.log");
    const auto merged = nlohmann::json::parse(readAll(kWork / out / "merged.report.json"));
    const auto one = nlohmann::json::parse(readAll(kWork / "single.report.json"));
    EXPECT_TRUE(fs::exists(kWork / out / "merged.report.txt"));
    EXPECT_EQ(merged["summary"]["kept"], one["summary"]["kept"]);
    EXPECT_EQ(merged["summary"]["excluded"], one["summary"]["excluded"]);
    EXPECT_EQ(merged["summary"]["failed"], one["summary"]["failed"]);
    EXPECT_EQ(merged["files"].size(), one["files"].size());
    EXPECT_EQ(merged["skipped_input_files"], one["skipped_input_files"]);
    EXPECT_EQ(merged["action_counts"], one["action_counts"]);
    EXPECT_EQ(merged["shards"]["complete"], true);
    EXPECT_EQ(merged["timings"]["per_shard"].size(), n);
  }
}

// `scanshare plan` once, then every task reads the plan instead of scanning: the union is still the
// single run byte for byte; the plan is sealed; a wrong key or an input changed since is refused.
TEST_F(ShardE2E, ShardsFromOnePlanEqualTheSingleRunAndAStalePlanIsRefused) {
  ASSERT_EQ(single_rc_, 1) << readAll(kWork / "single.log");
  const std::string cli = SCANSHARE_CLI, key = (kWork / "key").string();
  const fs::path plan = kWork / "scan.plan";
  ASSERT_EQ(run(cli + " plan '" + input_.string() + "' -o '" + plan.string() + "' --key '" + key + "'", kWork / "plan.log"), 0)
      << readAll(kWork / "plan.log");
  const std::string sealed = readAll(plan);
  EXPECT_EQ(sealed.find("patients"), std::string::npos) << "the plan must be sealed, not plain JSON";
  EXPECT_EQ(sealed.find("DICOM/"), std::string::npos);

  std::map<std::string, std::string> uni;
  for (unsigned i = 0; i < 3; ++i) {
    const std::string log = "planned-" + std::to_string(i);
    ASSERT_EQ(anonymize("-o '" + (kWork / "planned").string() + "' --shard " + std::to_string(i) + "/3 --plan '" +
                            plan.string() + "'",
                        log),
              i == 0 ? single_rc_ : 0)
        << readAll(kWork / (log + ".log"));
    for (auto& [name, bytes] : dicomTree(kWork / "planned" / ("shard-" + std::to_string(i) + "-of-3")))
      EXPECT_TRUE(uni.emplace(name, std::move(bytes)).second) << name << " is in two shards";
  }
  EXPECT_TRUE(uni == dicomTree(kWork / "single")) << "shards read from the plan differ from the single run";

  std::ofstream(kWork / "other-key", std::ios::binary) << std::string(32, 'o');
  EXPECT_EQ(run(cli + " anonymize '" + input_.string() + "' --key '" + (kWork / "other-key").string() + "' -o '" +
                    (kWork / "wrong-key").string() + "' --shard 0/3 --plan '" + plan.string() + "'",
                kWork / "wrong-key.log"),
            2);
  EXPECT_FALSE(fs::exists(kWork / "wrong-key" / "shard-0-of-3"));

  // A copy of the input, planned, then one of its files changes: its plan is refused.
  const fs::path copy = kWork / "copy";
  fs::copy(input_, copy, fs::copy_options::recursive);
  const fs::path copy_plan = kWork / "copy.plan";
  ASSERT_EQ(run(cli + " plan '" + copy.string() + "' -o '" + copy_plan.string() + "' --key '" + key + "'", kWork / "plan2.log"), 0);
  fs::path victim;  // the largest file: an image, not a readme
  for (const auto& f : scanshare_test::regularFilesUnder(copy))
    if (victim.empty() || fs::file_size(f) > fs::file_size(victim)) victim = f;
  ASSERT_FALSE(victim.empty());
  std::ofstream(victim, std::ios::binary | std::ios::app) << "xx";
  EXPECT_EQ(run(cli + " anonymize '" + copy.string() + "' --key '" + key + "' -o '" + (kWork / "stale").string() +
                    "' --shard 0/3 --plan '" + copy_plan.string() + "'",
                kWork / "stale.log"),
            2);
  EXPECT_NE(readAll(kWork / "stale.log").find("changed"), std::string::npos) << readAll(kWork / "stale.log");
}

TEST_F(ShardE2E, MergeSaysWhichShardsAreMissing) {
  for (unsigned i : {0u, 2u}) ASSERT_EQ(shard(i, 3, "partial"), i == 0 ? single_rc_ : 0);
  EXPECT_EQ(run(std::string(SCANSHARE_CLI) + " report merge '" + (kWork / "partial").string() + "'", kWork / "m.log"), 1);
  EXPECT_NE(readAll(kWork / "m.log").find("shard(s) 1 of 3"), std::string::npos) << readAll(kWork / "m.log");
  const auto merged = nlohmann::json::parse(readAll(kWork / "partial" / "merged.report.json"));
  EXPECT_EQ(merged["shards"]["missing"], nlohmann::json::array({1}));
  // Reports of different shard counts are not one export.
  ASSERT_EQ(shard(0, 2, "other"), single_rc_);
  EXPECT_EQ(run(std::string(SCANSHARE_CLI) + " report merge '" + (kWork / "partial" / "shard-0-of-3.report.json").string() +
                    "' '" + (kWork / "other" / "shard-0-of-2.report.json").string() + "'",
                kWork / "m2.log"),
            2);
}

TEST_F(ShardE2E, RerunOfAFinishedOrInterruptedShardIsIdempotent) {
  ASSERT_EQ(shard(1, 3, "rerun"), 0);
  const fs::path folder = kWork / "rerun" / "shard-1-of-3";
  const auto before = dicomTree(folder);
  const std::string dicomdir = readAll(folder / "DICOMDIR");
  ASSERT_FALSE(before.empty());

  // Finished: nothing is redone.
  ASSERT_EQ(shard(1, 3, "rerun"), 0);
  EXPECT_NE(readAll(kWork / "rerun-1.log").find("shard 1 of 3 already done"), std::string::npos)
      << readAll(kWork / "rerun-1.log");

  // Killed while exporting: its staging folder (a half-written study) and partial report remain.
  fs::create_directories(kWork / "rerun" / ".shard-1-of-3.partial-AbC123" / "DICOM" / "P0000001");
  scanshare_test::writeAll(kWork / "rerun" / ".shard-1-of-3.partial-AbC123" / "DICOM" / "P0000001" / "HALF", "x");
  scanshare_test::writeAll(kWork / "rerun" / "shard-1-of-3.report.json.partial", "{");
  // Killed after the folder was moved into place but before its reports were.
  fs::remove(kWork / "rerun" / "shard-1-of-3.report.json");
  fs::remove(kWork / "rerun" / "shard-1-of-3.report.txt");
  // Another shard's staging folder is not this task's business.
  fs::create_directories(kWork / "rerun" / ".shard-2-of-3.partial-XyZ789");
  ASSERT_EQ(shard(1, 3, "rerun"), 0) << readAll(kWork / "rerun-1.log");
  EXPECT_EQ(dicomTree(folder), before);
  EXPECT_EQ(readAll(folder / "DICOMDIR"), dicomdir);
  EXPECT_TRUE(fs::exists(kWork / "rerun" / "shard-1-of-3.report.json"));
  EXPECT_FALSE(fs::exists(kWork / "rerun" / ".shard-1-of-3.partial-AbC123"));
  EXPECT_FALSE(fs::exists(kWork / "rerun" / "shard-1-of-3.report.json.partial"));
  EXPECT_TRUE(fs::exists(kWork / "rerun" / ".shard-2-of-3.partial-XyZ789"));
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(kWork / "rerun")) entries += e.path().filename().string()[0] != '.';
  EXPECT_EQ(entries, 3u);  // the folder and its two reports: no duplicate
}

TEST_F(ShardE2E, BadShardValuesAreUsageErrors) {
  for (const std::string bad : {"3/3", "-1/3", "a/b", "1", "0/0", "1/2/3", "/3", "1/", " 1/3", "0/1000001"}) {
    EXPECT_EQ(anonymize("-o '" + (kWork / "bad").string() + "' --shard '" + bad + "'", "bad"), 2) << bad;
    EXPECT_FALSE(fs::exists(kWork / "bad" / "shard-3-of-3")) << bad;
  }
  // Combinations that do not make sense for a shard.
  for (const std::string extra : {"--zip", "--report x.json", "--dry-run", "--patient-name A --patient-id B"})
    EXPECT_EQ(anonymize("-o '" + (kWork / "bad").string() + "' --shard 0/2 " + extra, "bad"), 2) << extra;
  EXPECT_EQ(anonymize("--shard 0/2", "bad"), 2) << "no -o";
}

// Every variant the sample generator makes (the multi-charset one above, the Slurm test's mix):
// two shards are the single run byte for byte, so no kind of file breaks the rule.
TEST(ShardVariants, TwoShardsOfEveryVariantAreTheSingleRunByteForByte) {
  const fs::path work = kWork.string() + "-variants";
  fs::remove_all(work);
  fs::create_directories(work);
  std::ofstream(work / "key", std::ios::binary) << std::string(32, 'v');
  const std::pair<const char*, const char*> variants[] = {
      {"demo", ""}, {"free-text", ""}, {"bench-small", " --count 40"}, {"bench-large", " --count 6 --size 64"}};
  for (const auto& [variant, extra] : variants) {
    const fs::path in = work / variant;
    ASSERT_EQ(run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant " + variant + extra + " --out '" + in.string() + "'",
                  work / "make.log"),
              0)
        << variant << ": " << readAll(work / "make.log");
    auto anonymize = [&](const std::string& args, const std::string& log) {
      return run(std::string(SCANSHARE_CLI) + " anonymize '" + in.string() + "' --key '" + (work / "key").string() +
                     "' --no-flush " + args,
                 work / log);
    };
    const fs::path single = work / (std::string(variant) + "-single");
    const int single_rc = anonymize("-o '" + single.string() + "'", "single.log");
    ASSERT_LE(single_rc, 1) << variant << ": " << readAll(work / "single.log");
    std::map<std::string, std::string> uni;
    for (unsigned i = 0; i < 2; ++i) {
      const fs::path out = work / (std::string(variant) + "-sharded");
      ASSERT_LE(anonymize("-o '" + out.string() + "' --shard " + std::to_string(i) + "/2", "shard.log"), 1)
          << variant << ": " << readAll(work / "shard.log");
      for (auto& [name, bytes] : dicomTree(out / ("shard-" + std::to_string(i) + "-of-2")))
        EXPECT_TRUE(uni.emplace(name, std::move(bytes)).second) << variant << ": " << name << " is in two shards";
    }
    const auto expected = dicomTree(single);
    EXPECT_FALSE(expected.empty()) << variant;
    EXPECT_TRUE(uni == expected) << variant << ": the union of 2 shards differs from the single run";
  }
  std::error_code ignored;
  fs::remove_all(work, ignored);
}

}  // namespace

#endif  // SCANSHARE_MAKE_SAMPLE
