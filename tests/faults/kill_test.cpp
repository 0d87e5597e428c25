// kill -9 in the middle of an export (issue 8). Documented behaviour (docs/hardening.md): the
// export is written into a hidden staging folder ".OUT.partial-XXXXXX" beside OUT and renamed to
// OUT only at the end, so after a kill OUT does not exist and no report exists; the staging folder
// stays behind (nothing runs after SIGKILL), is never mistaken for OUT, and a rerun to the same OUT
// succeeds without touching it. Deleting it is left to the user.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "fault_support.h"
#include "files.h"
#include "sample_cache.h"

namespace fs = std::filesystem;

namespace {

TEST(KillDuringExport, LeavesNoOutputAndARerunSucceeds) {
  const fs::path dir = faults::freshDir("kill");
  const faults::RunningExport run = faults::startExportUntilUnderWay(dir, '\x44');
  const fs::path& input = run.input;
  const fs::path& out = run.out;
  const auto& before = run.input_before;
  const auto& argv = run.argv;
  const pid_t pid = run.pid;
  const bool under_way = run.under_way;
  ::kill(pid, SIGKILL);
  const child::Result killed = child::wait(pid, std::chrono::seconds(30));
  ASSERT_TRUE(under_way) << "the export never showed written files in its staging folder; "
                         << "it ended with " << killed.describe() << ": " << scanshare_test::readAll(dir / "run1.err");
  ASSERT_EQ(killed.signal, SIGKILL) << "the export finished before it could be killed: " << killed.describe();

  EXPECT_FALSE(fs::exists(out)) << "a killed export left something at OUT";
  EXPECT_FALSE(fs::exists(dir / "OUT.report.json"));
  EXPECT_FALSE(fs::exists(dir / "OUT.report.txt"));
  const auto left = faults::leftovers(dir, "OUT");
  ASSERT_EQ(left.size(), 1u) << "expected exactly the one staging folder of the killed run";
  const fs::path staging = left.front();
  EXPECT_EQ(staging.filename().string().rfind(".OUT.partial-", 0), 0u) << staging;
  EXPECT_EQ(faults::fingerprint(input), before) << "the input changed";

  child::Options options;
  options.timeout = std::chrono::minutes(4);
  const child::Result rerun = child::run(argv, options);
  ASSERT_TRUE(rerun.exitedWithin({0})) << rerun.describe() << "\n" << rerun.out << rerun.err;
  ASSERT_TRUE(fs::is_directory(out));
  const auto report = nlohmann::json::parse(scanshare_test::readAll(dir / "OUT.report.json"));
  EXPECT_EQ(report.at("summary").at("kept").get<int>(), 1000);
  const child::Result rescan = child::run({SCANSHARE_CLI, "scan", "--json", out.string()}, options);
  ASSERT_TRUE(rescan.exitedWithin({0})) << rescan.describe() << rescan.err;
  EXPECT_EQ(nlohmann::json::parse(rescan.out).at("dicom_files").get<int>(), 1000);
  // The killed run's staging folder is left as it was (documented); the rerun made its own.
  EXPECT_TRUE(fs::is_directory(staging));
  EXPECT_EQ(faults::leftovers(dir, "OUT"), left);
  EXPECT_EQ(faults::fingerprint(input), before) << "the input changed";
}

}  // namespace
