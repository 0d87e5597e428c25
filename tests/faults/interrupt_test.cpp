// Ctrl-C (SIGINT) or SIGTERM in the middle of an export: unlike kill -9 (kill_test.cpp), the
// program gets to stop at a safe point. Expected (docs/hardening.md, "Interrupted export"): it
// exits with 2 and "cancelled; nothing was written" naming OUT, within seconds; OUT, the reports
// and the hidden staging folder are all gone; the input is untouched.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "child_process.h"
#include "fault_support.h"
#include "files.h"
#include "sample_cache.h"

namespace fs = std::filesystem;

namespace {

class InterruptDuringExport : public ::testing::TestWithParam<int> {};

TEST_P(InterruptDuringExport, StopsCleanlyAndLeavesNothing) {
  const int signal = GetParam();
  const fs::path dir = faults::freshDir("interrupt-" + std::to_string(signal));
  const faults::RunningExport run = faults::startExportUntilUnderWay(dir, '\x45');
  const fs::path& input = run.input;
  const fs::path& out = run.out;
  const pid_t pid = run.pid;
  const bool under_way = run.under_way;
  const auto signalled = std::chrono::steady_clock::now();
  ::kill(pid, signal);
  const child::Result stopped = child::wait(pid, std::chrono::seconds(30));
  const auto took = std::chrono::steady_clock::now() - signalled;
  const std::string err = scanshare_test::readAll(dir / "run1.err");
  ASSERT_TRUE(under_way) << "the export never showed written files: " << stopped.describe() << ": " << err;

  EXPECT_TRUE(stopped.exitedWithin({2})) << stopped.describe() << ": " << err;
  EXPECT_NE(err.find("cancelled; nothing was written"), std::string::npos) << err;
  EXPECT_NE(err.find("OUT"), std::string::npos) << err;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), 5000);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir / "OUT.report.json"));
  EXPECT_FALSE(fs::exists(dir / "OUT.report.txt"));
  EXPECT_TRUE(faults::leftovers(dir, "OUT").empty()) << "the staging folder was left behind";
  EXPECT_EQ(faults::fingerprint(input), run.input_before) << "the input changed";
}

// SIGHUP (a closed terminal or dropped SSH session), SIGQUIT and SIGUSR1 end the process by
// default like SIGTERM: they too must stop it cleanly, or an unpacked CD image stays in $TMPDIR.
INSTANTIATE_TEST_SUITE_P(Signals, InterruptDuringExport, ::testing::Values(SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1),
                         [](const ::testing::TestParamInfo<int>& info) {
                           switch (info.param) {
                             case SIGINT: return std::string("SIGINT");
                             case SIGTERM: return std::string("SIGTERM");
                             case SIGHUP: return std::string("SIGHUP");
                             case SIGQUIT: return std::string("SIGQUIT");
                             default: return std::string("SIGUSR1");
                           }
                         });

}  // namespace
