// `scanshare send` as a user runs it: refusal of what verify calls NOT CLEAN, exit codes, --json,
// the state file beside the export, resuming only what the server confirms, one-line errors.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>

#include <curl/curl.h>
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
  EXPECT_EQ(run.exit_code, 3) << "refused: not clean";
  EXPECT_NE(run.err.find("refusing to send: verify finds"), std::string::npos) << run.err;
  // The identified files' own UIDs are the first findings verify names (identity-not-removed is
  // among the rest, which the one line counts).
  EXPECT_NE(run.err.find("uid-not-replaced at IMG"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("NOT CLEAN"), std::string::npos) << run.err;
  for (const std::string& text : {run.out, run.err}) {
    EXPECT_EQ(text.find("Zyxwart"), std::string::npos);
    EXPECT_EQ(text.find(kPlantedId), std::string::npos);
  }
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
  EXPECT_FALSE(std::filesystem::exists(folder / "input.scanshare-send.jsonl")) << "refused before writing state";

  // There is no override.
  const CliRun forced = runCli("send " + quoted(input) + " --to X@127.0.0.1:1 --allow-identified", folder);
  EXPECT_NE(forced.exit_code, 0);
  EXPECT_EQ(forced.err.find("refusing to send"), std::string::npos) << "the option must not exist: " << forced.err;
}

// Issue 12: every file carries PatientIdentityRemoved = YES, but verify calls the copy NOT CLEAN
// (a file was added after the export, listed nowhere): the mark alone must not let it through.
TEST(SendCli, MarkedButNotCleanExportIsRefusedWithVerifysFindings) {
  const auto folder = freshFolder("cli-not-clean");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  for (int i = 0; i < 3; ++i) writeFixture(input, i);
  const auto exported = exportFor(input, folder);
  const auto extra = writeFixture(exported / "DICOM", 7);  // marked de-identified, but not part of the export
  ASSERT_TRUE(std::filesystem::exists(extra.path));
  const CliRun check = runCli("verify " + quoted(exported), folder);
  ASSERT_NE(check.exit_code, 0) << "verify must call this copy NOT CLEAN: " << check.out << check.err;

  const std::string to = " --to " + orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());
  const CliRun run = runCli("send " + quoted(exported) + to, folder);
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  // The stray file is unlisted, and its UIDs are not ScanShare's (it was never exported).
  EXPECT_NE(run.err.find("refusing to send: verify finds"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("dicomdir-unlisted-file at DICOM/IMG7.dcm"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_TRUE(orthanc.storedInstances().empty()) << "nothing may be sent";
  EXPECT_FALSE(std::filesystem::exists(folder / "export.scanshare-send.jsonl")) << "no state for a refused send";
}

TEST(SendCli, SendsResumesAndReportsJson) {
  const auto folder = freshFolder("cli-cstore");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  for (int i = 0; i < 4; ++i) writeFixture(input, i);
  const auto exported = exportFor(input, folder);
  const std::string to = " --to " + orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());

  const CliRun first = runCli("send " + quoted(exported) + to + " --json", folder);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto report = nlohmann::json::parse(first.out);
  EXPECT_EQ(report["protocol"], "dimse");
  EXPECT_EQ(report["sent"], 4);
  EXPECT_EQ(report["failed"], 0);
  ASSERT_EQ(report["files"].size(), 4u);
  for (const auto& file : report["files"]) EXPECT_EQ(file["status"], "sent");
  EXPECT_EQ(orthanc.storedInstances().size(), 4u);
  // The state file lies beside the export, which is untouched.
  EXPECT_TRUE(std::filesystem::exists(folder / "export.scanshare-send.jsonl"));

  // The same command again: the server confirms it has all four, nothing is sent twice.
  const CliRun second = runCli("send " + quoted(exported) + to + " --json", folder);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto again = nlohmann::json::parse(second.out);
  EXPECT_EQ(again["already_sent"], 4);
  EXPECT_EQ(again["sent"], 0);
}

// Issue 12: the resume file said "already sent" for instances the server had lost. A resumed send
// asks the server first (C-FIND for DIMSE, QIDO-RS for STOW) and sends again what it lacks.
bool deleteFromOrthanc(const OrthancServer& orthanc, const std::string& orthanc_id) {
  CURL* curl = curl_easy_init();
  const std::string url = orthanc.baseUrl() + "/instances/" + orthanc_id;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t count, void*) { return size * count; });
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  return code == CURLE_OK && status == 200;
}

void expectResumeConfirmsWithServer(bool stow) {
  const auto folder = freshFolder(stow ? "cli-resume-stow" : "cli-resume-dimse");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  for (int i = 0; i < 5; ++i) writeFixture(input, i);
  const auto exported = exportFor(input, folder);
  const std::string to = stow ? " --stow " + orthanc.dicomWebUrl()
                              : " --to " + orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());
  const CliRun first = runCli("send " + quoted(exported) + to + " --json", folder);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto stored = orthanc.storedInstances();
  ASSERT_EQ(stored.size(), 5u);

  // The server loses three of the five.
  int lost = 0;
  for (const auto& [uid, id] : stored)
    if (lost < 3 && deleteFromOrthanc(orthanc, id)) ++lost;
  ASSERT_EQ(lost, 3);
  ASSERT_EQ(orthanc.storedInstances().size(), 2u);

  const CliRun rerun = runCli("send " + quoted(exported) + to + " --json", folder);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  const auto report = nlohmann::json::parse(rerun.out);
  EXPECT_EQ(report["already_sent"], 2) << "only what the server confirms is skipped: " << rerun.out;
  EXPECT_EQ(report["sent"], 3) << rerun.out;
  EXPECT_EQ(orthanc.storedInstances().size(), 5u) << "what the server lacks is sent again";
}

TEST(SendCli, ResumedCStoreAsksTheServerAndResendsWhatItLost) { expectResumeConfirmsWithServer(false); }
TEST(SendCli, ResumedStowAsksTheServerAndResendsWhatItLost) { expectResumeConfirmsWithServer(true); }

TEST(SendCli, StowByCommandLine) {
  const auto folder = freshFolder("cli-stow");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  for (int i = 0; i < 3; ++i) writeFixture(input, i);
  const auto exported = exportFor(input, folder);
  const CliRun run = runCli("send " + quoted(exported) + " --stow " + orthanc.dicomWebUrl() + " --state " +
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
  const auto exported = exportFor(input, folder);
  const CliRun run = runCli("send " + quoted(exported) + " --to WRONG@127.0.0.1:" + std::to_string(orthanc.dicomPort()), folder);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("called AE title 'WRONG'"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_FALSE(std::filesystem::exists(folder / "export.scanshare-send.jsonl")) << "a failed send leaves no empty state file";
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
