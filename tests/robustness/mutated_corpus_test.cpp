// The CLI on damaged files (issue 8): a corpus of mutants made in code from the sample CD
// (truncations, byte flips, huge/odd lengths, garbage after the preamble, duplicated chunks; deep
// sequence nesting is in fuzz_regressions_test.cpp). `scan`, `dump`, `render` and `anonymize` must
// end with 0, 1 or 2 (never a signal), never hang, name each bad file, and a batch must still
// export the good files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "files.h"
#include "mutations.h"
#include "sample_cache.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::chrono::milliseconds kPerFileTimeout{60000};
constexpr std::chrono::milliseconds kBatchTimeout{240000};

using scanshare_test::readAll;
using scanshare_test::writeAll;

class MutatedCorpus : public ::testing::Test {
 protected:
  // One folder per test process: ctest may run two of these tests at once.
  static fs::path root() {
    return fs::path(SCANSHARE_TEST_WORK_DIR) / "robustness" / ("mutated-" + std::to_string(::getpid()));
  }
  static fs::path batch() { return root() / "batch"; }
  static fs::path keyFile() { return root() / "test.key"; }

  // Builds the corpus (cheap); each test runs only the command it checks, because ctest runs
  // every test in its own process.
  static void SetUpTestSuite() {
    fs::remove_all(root());
    fs::create_directories(batch());
    const fs::path cd = sample_cache::shared("demo");
    writeAll(keyFile(), std::string(32, '\x42'));

    const fs::path series = cd / "DICOM" / "PAT1" / "STUDY1" / "SER1";
    for (int n = 2; n <= 6; ++n) {
      const std::string name = "good-" + std::to_string(n) + ".dcm";
      fs::copy_file(series / ("IMG0000" + std::to_string(n)), batch() / name);
      good_files_.push_back(name);
    }
    // Mutants of an MR image and of the structured report of the CD.
    const std::vector<std::pair<std::string, fs::path>> sources = {
        {"mr", series / "IMG00001"}, {"sr", cd / "DICOM" / "PAT1" / "STUDY1" / "SER5" / "DOC00001"}};
    for (const auto& [prefix, source] : sources) {
      ASSERT_TRUE(fs::is_regular_file(source)) << source;
      const std::string valid = readAll(source);
      ASSERT_GT(mutations::topLevelElements(valid).size(), 20u) << "not explicit VR little endian: " << source;
      for (auto& mutant : mutations::mutate(valid, "bad-" + prefix)) {
        writeAll(batch() / (mutant.name + ".dcm"), mutant.bytes);
        bad_files_.push_back(mutant.name + ".dcm");
      }
    }
    // A damaged DICOMDIR: the scan must fall back to reading every file.
    const std::string dicomdir = readAll(cd / "DICOMDIR");
    writeAll(batch() / "DICOMDIR", dicomdir.substr(0, dicomdir.size() / 2));
  }

  // Runs `scanshare <command> FILE <extra...>` on every damaged file alone.
  static std::map<std::string, child::Result> runOnEachBadFile(const std::string& command,
                                                               const std::vector<std::string>& extra = {}) {
    std::map<std::string, child::Result> results;
    child::Options options;
    options.timeout = kPerFileTimeout;
    for (const std::string& name : bad_files_) {
      std::vector<std::string> argv = {SCANSHARE_CLI, command, (batch() / name).string()};
      argv.insert(argv.end(), extra.begin(), extra.end());
      results[name] = child::run(argv, options);
    }
    return results;
  }

  static void TearDownTestSuite() {
    if (!::testing::Test::HasFailure()) fs::remove_all(root());  // keep the evidence of a failure
  }

  static std::vector<std::string> good_files_;
  static std::vector<std::string> bad_files_;
};

std::vector<std::string> MutatedCorpus::good_files_;
std::vector<std::string> MutatedCorpus::bad_files_;

TEST_F(MutatedCorpus, CorpusCoversEveryKindOfDamage) {
  for (const char* kind : {"truncate-", "flip-", "length-huge-", "length-odd-", "length-past-end-",
                           "garbage-after-magic", "garbage-after-meta", "duplicate-chunk", "duplicate-dataset"}) {
    const bool present = std::any_of(bad_files_.begin(), bad_files_.end(),
                                     [&](const std::string& n) { return n.find(kind) != std::string::npos; });
    EXPECT_TRUE(present) << kind;
  }
  EXPECT_GT(bad_files_.size(), 50u);
  RecordProperty("damaged_files", static_cast<int>(bad_files_.size()));
}

TEST_F(MutatedCorpus, DumpNeverCrashesOrHangsAndNamesTheFile) {
  for (const auto& [name, dump] : runOnEachBadFile("dump")) {
    EXPECT_TRUE(dump.exitedWithin({0, 1, 2})) << name << ": " << dump.describe() << "\n" << dump.err;
    if (dump.exited && dump.exit_code != 0) {
      EXPECT_NE(dump.err.find(name), std::string::npos) << name << ": error does not name the file: " << dump.err;
    }
  }
}

TEST_F(MutatedCorpus, RenderNeverCrashesOrHangs) {
  std::size_t refused = 0;
  for (const auto& [name, render] : runOnEachBadFile("render", {"-o", (root() / "render.png").string()})) {
    EXPECT_TRUE(render.exitedWithin({0, 1, 2})) << name << ": " << render.describe() << "\n" << render.err;
    if (render.exited && render.exit_code != 0) {
      ++refused;
      EXPECT_FALSE(render.err.empty()) << name << ": refused without saying why";
    }
  }
  EXPECT_GT(refused, 0u);  // truncated pixel data cannot all render
}

// Each damaged file alone, then the whole folder: a file rejected alone is named in both.
TEST_F(MutatedCorpus, ScanAloneAndInABatchNamesEachRejectedFile) {
  const auto alone = runOnEachBadFile("scan", {"--json"});
  for (const auto& [name, scan] : alone) {
    ASSERT_TRUE(scan.exitedWithin({0, 1, 2})) << name << ": " << scan.describe() << "\n" << scan.err;
    if (scan.exit_code == 0) continue;  // the damage left a readable header
    EXPECT_NE((scan.out + scan.err).find(name), std::string::npos) << name << ": " << scan.out << scan.err;
  }

  child::Options options;
  options.timeout = kBatchTimeout;
  const child::Result r = child::run({SCANSHARE_CLI, "scan", "--json", batch().string()}, options);
  ASSERT_TRUE(r.exitedWithin({1})) << r.describe() << "\n" << r.err;
  const json j = json::parse(r.out);
  std::set<std::string> reported;
  for (const json& problem : j.at("problems")) reported.insert(fs::path(problem.at("path").get<std::string>()).filename());
  for (const std::string& good : good_files_) EXPECT_EQ(reported.count(good), 0u) << good;
  EXPECT_GE(j.at("dicom_files").get<std::size_t>(), good_files_.size());
  for (const auto& [name, scan] : alone) {
    if (scan.exit_code == 0) continue;
    EXPECT_EQ(reported.count(name), 1u) << name << " rejected alone but not reported in the batch";
  }
}

TEST_F(MutatedCorpus, BatchAnonymizeFinishesAndExportsTheGoodFiles) {
  const fs::path out = root() / "anonymized";
  fs::remove_all(out);
  child::Options options;
  options.timeout = kBatchTimeout;
  const child::Result r = child::run(
      {SCANSHARE_CLI, "anonymize", batch().string(), "-o", out.string(), "--key", keyFile().string()}, options);
  ASSERT_TRUE(r.exitedWithin({1})) << r.describe() << "\n" << r.err;  // 1: damaged files were skipped
  ASSERT_TRUE(fs::is_directory(out));

  const json report = json::parse(readAll(root() / "anonymized.report.json"));  // beside OUT
  std::map<std::string, std::string> status_of;  // input name -> kept/excluded/failed/skipped
  for (const json& f : report.at("files"))
    if (f.contains("input")) status_of[fs::path(f.at("input").get<std::string>()).filename()] = f.at("status");
  for (const json& s : report.at("skipped_input_files"))
    if (s.contains("input")) status_of[fs::path(s.at("input").get<std::string>()).filename()] = "skipped";
  for (const std::string& good : good_files_) EXPECT_EQ(status_of[good], "kept") << good;
  // Every damaged file is accounted for: exported (damage it survived), or listed with a reason.
  for (const std::string& bad : bad_files_) EXPECT_EQ(status_of.count(bad), 1u) << bad << " missing from the report";
  std::size_t damaged = 0;
  for (const json& s : report.at("skipped_input_files")) damaged += s.at("damaged").get<bool>() ? 1 : 0;
  EXPECT_GT(damaged, 10u);

  // The export itself is sound: every kept file is readable DICOM.
  const child::Result rescan = child::run({SCANSHARE_CLI, "scan", "--json", out.string()}, options);
  ASSERT_TRUE(rescan.exitedWithin({0})) << rescan.describe() << "\n" << rescan.out << rescan.err;
  EXPECT_EQ(json::parse(rescan.out).at("dicom_files").get<std::size_t>(),
            report.at("summary").at("kept").get<std::size_t>());
}

TEST(PydicomCorpusCli, AnonymizeOfTheWholeOddCorpusFinishes) {
  const fs::path root = fs::path(SCANSHARE_TEST_WORK_DIR) / "robustness" / "pydicom";
  fs::remove_all(root);
  fs::create_directories(root);
  std::ofstream(root / "test.key", std::ios::binary) << std::string(32, '\x17');
  child::Options options;
  options.timeout = kBatchTimeout;
  const child::Result r = child::run({SCANSHARE_CLI, "anonymize", PYDICOM_TEST_FILES, "-o", (root / "out").string(),
                                      "--key", (root / "test.key").string()},
                                     options);
  ASSERT_TRUE(r.exitedWithin({1})) << r.describe() << "\n" << r.err;  // the corpus has damaged files
  EXPECT_TRUE(fs::is_directory(root / "out"));
  const json report = json::parse(readAll(root / "out.report.json"));
  EXPECT_GT(report.at("summary").at("kept").get<int>(), 30);
}

}  // namespace
