// Disk full during an export (issue 8): the CLI runs under RLIMIT_FSIZE (set in the child before
// exec, SIGXFSZ ignored, so writes fail with EFBIG as they would with ENOSPC). The export must fail
// as a whole: non-zero exit, nothing at OUT, no staging folder or partial report left, the input
// unchanged, and a rerun without the limit succeeds.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "fault_support.h"
#include "files.h"
#include "sample_cache.h"

namespace fs = std::filesystem;

namespace {

using faults::freshDir;

struct Case {
  fs::path dir, input, out, key;
};

// mixed: the demo CD (133 KB images) plus 50 small 64x64 images (11 KB) in one input folder.
Case prepare(const std::string& name, const std::string& out_name, bool mixed = false) {
  Case c;
  c.dir = freshDir(name);
  c.input = c.dir / "input";
  c.out = c.dir / out_name;
  c.key = c.dir / "test.key";
  fs::create_directories(c.input);
  sample_cache::copyTo(c.input / "cd", "demo");
  if (mixed) sample_cache::copyTo(c.input / "small", "bench-small", 50);
  scanshare_test::writeAll(c.key, std::string(32, '\x33'));
  return c;
}

child::Result anonymize(const Case& c, std::optional<unsigned long long> max_file_bytes, bool zip = false) {
  std::vector<std::string> argv = {SCANSHARE_CLI, "anonymize", c.input.string(), "-o", c.out.string(), "--key", c.key.string()};
  if (zip) argv.push_back("--zip");
  child::Options options;
  options.timeout = std::chrono::minutes(3);
  options.max_file_bytes = max_file_bytes;
  return child::run(argv, options);
}

// The assertions every failed export must satisfy.
void expectFailedCleanly(const Case& c, const child::Result& r, const std::map<std::string, std::string>& input_before) {
  EXPECT_TRUE(r.exited) << r.describe();  // a clean failure, not a signal
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(r.err.empty()) << "a failed export must say why";
  EXPECT_FALSE(fs::exists(c.out)) << "output exists after a failed write";
  EXPECT_FALSE(fs::exists(c.out.string() + ".report.json")) << "a report of a failed export looks like success";
  EXPECT_TRUE(faults::leftovers(c.dir, c.out.filename().string()).empty()) << "staging folder or partial report left";
  EXPECT_EQ(faults::fingerprint(c.input), input_before) << "the input changed";
}

void expectRerunSucceeds(const Case& c, bool zip = false) {
  const child::Result r = anonymize(c, std::nullopt, zip);
  ASSERT_TRUE(r.exitedWithin({0})) << r.describe() << "\n" << r.out << r.err;
  EXPECT_TRUE(zip ? fs::is_regular_file(c.out) : fs::is_directory(c.out / "DICOM"));
  const auto report = nlohmann::json::parse(scanshare_test::readAll(c.out.string() + ".report.json"));
  EXPECT_GT(report.at("summary").at("kept").get<int>(), 50);
  EXPECT_TRUE(faults::leftovers(c.dir, c.out.filename().string()).empty());
}

TEST(WriteFailure, NoFileCanBeWritten) {
  const Case c = prepare("write-failure-none", "OUT");
  const auto before = faults::fingerprint(c.input);
  // 4 KiB: smaller than every image of the CD.
  expectFailedCleanly(c, anonymize(c, 4096), before);
  expectRerunSucceeds(c);
}

TEST(WriteFailure, DiskFillsUpPartWayThrough) {
  const Case c = prepare("write-failure-partway", "OUT", /*mixed=*/true);
  const auto before = faults::fingerprint(c.input);
  // 64 KiB: the 64x64 images fit, the 256x256 MR images do not, so many output files are written
  // before and between the failures, as when a disk fills up during an export.
  expectFailedCleanly(c, anonymize(c, 64 * 1024), before);
  expectRerunSucceeds(c);
}

TEST(WriteFailure, ZipOutputThatCannotBeWritten) {
  const Case c = prepare("write-failure-zip", "OUT.zip");
  const auto before = faults::fingerprint(c.input);
  // 2 MiB: every single image fits, the zip of the whole CD does not.
  expectFailedCleanly(c, anonymize(c, 2 * 1024 * 1024, /*zip=*/true), before);
  expectRerunSucceeds(c, /*zip=*/true);
}

}  // namespace
