// `scanshare send` as a user runs it: refusal of identified input, exit codes, --json, the state
// file beside the input, one-line errors.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

TEST(SendCli, RefusesIdentifiedInputWithoutPrintingIdentity) {
  const auto folder = freshFolder("cli-identified");
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  writeFixture(input, 0);
  FixtureSpec identified;
  identified.deidentified = false;
  writeFixture(input, 1, identified);
  writeFixture(input, 2, identified);

  const CliRun run = runCli("send " + quoted(input) + " --to X@127.0.0.1:1", folder);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("2 of 3 instances are not marked de-identified"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--allow-identified"), std::string::npos);
  for (const std::string& text : {run.out, run.err}) {
    EXPECT_EQ(text.find("Zyxwart"), std::string::npos);
    EXPECT_EQ(text.find(kPlantedId), std::string::npos);
  }
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
  EXPECT_FALSE(std::filesystem::exists(folder / "input.scanshare-send.jsonl")) << "refused before writing state";
}

TEST(SendCli, SendsResumesAndReportsJson) {
  const auto folder = freshFolder("cli-cstore");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  for (int i = 0; i < 4; ++i) writeFixture(input, i);
  const std::string to = " --to " + orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());

  const CliRun first = runCli("send " + quoted(input) + to + " --json", folder);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto report = nlohmann::json::parse(first.out);
  EXPECT_EQ(report["protocol"], "dimse");
  EXPECT_EQ(report["sent"], 4);
  EXPECT_EQ(report["failed"], 0);
  ASSERT_EQ(report["files"].size(), 4u);
  for (const auto& file : report["files"]) EXPECT_EQ(file["status"], "sent");
  EXPECT_EQ(orthanc.storedInstances().size(), 4u);
  // The state file lies beside the input, and the input folder is untouched.
  EXPECT_TRUE(std::filesystem::exists(folder / "input.scanshare-send.jsonl"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(input), std::filesystem::directory_iterator{}), 4);

  writeFixture(input, 4);  // one more file appears: only it is sent
  const CliRun second = runCli("send " + quoted(input) + to + " --json", folder);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto again = nlohmann::json::parse(second.out);
  EXPECT_EQ(again["already_sent"], 4);
  EXPECT_EQ(again["sent"], 1);
  EXPECT_EQ(orthanc.storedInstances().size(), 5u);
}

TEST(SendCli, StowByCommandLine) {
  const auto folder = freshFolder("cli-stow");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  for (int i = 0; i < 3; ++i) writeFixture(input, i);
  const CliRun run = runCli("send " + quoted(input) + " --stow " + orthanc.dicomWebUrl() + " --state " +
                             quoted(folder / "stow-state.jsonl"),
                         folder);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("sent 3, already sent 0, failed 0 of 3"), std::string::npos) << run.out;
  EXPECT_EQ(orthanc.storedInstances().size(), 3u);
  EXPECT_TRUE(std::filesystem::exists(folder / "stow-state.jsonl"));
}

TEST(SendCli, WrongAeTitleIsExitTwoWithOneLine) {
  const auto folder = freshFolder("cli-wrong-ae");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  writeFixture(input, 0);
  const CliRun run = runCli("send " + quoted(input) + " --to WRONG@127.0.0.1:" + std::to_string(orthanc.dicomPort()), folder);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("called AE title 'WRONG'"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST(SendCli, BadDestinationIsUsageError) {
  const auto folder = freshFolder("cli-bad-dest");
  writeFixture(folder, 0);
  const CliRun run = runCli("send " + quoted(folder) + " --to nowhere", folder);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("AET@HOST:PORT"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace send_test
