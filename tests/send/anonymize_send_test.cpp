// `scanshare anonymize PATH --send/--stow`: de-identify into a private temporary folder, verify,
// send to a real Orthanc, and leave no copy behind, whatever happens (checked in the TMPDIR given).
#include <algorithm>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "imaging/media/scan.h"
#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

std::string environmentFor(const std::filesystem::path& folder, const std::filesystem::path& tmp) {
  // A key of the test's own (XDG_CONFIG_HOME), so two runs map UIDs the same way.
  return "TMPDIR=" + quoted(tmp) + " XDG_CONFIG_HOME=" + quoted(folder / "config");
}

std::size_t linesStartingWith(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line);) count += line.rfind(prefix, 0) == 0 ? 1 : 0;
  return count;
}

std::filesystem::path emptyFolder(const std::filesystem::path& path) {
  std::filesystem::create_directories(path);
  return path;
}

TEST(AnonymizeSend, SampleCdArrivesWholeWithNothingIdentifyingAndNoTemporaryCopy) {
#ifndef SCANSHARE_MAKE_SAMPLE
  FAIL() << "the sample generator target scanshare-make-sample is not built";
#else
  const auto folder = freshFolder("anonymize-send-cd");
  const auto cd = folder / "cd";
  ASSERT_EQ(std::system((quoted(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + quoted(cd) + " >/dev/null 2>&1").c_str()), 0);
  const CliRun scanned = runCli("scan " + quoted(cd) + " --json", folder);
  std::set<std::string> identifiers;
  const auto scan_json = nlohmann::json::parse(scanned.out);
  for (const auto& patient : scan_json["patients"]) {
    identifiers.insert(patient["id"].get<std::string>());
    identifiers.insert(patient["birth_date"].get<std::string>());
    const std::string name = patient["name"].get<std::string>();
    identifiers.insert(name.substr(0, name.find('^')));
    for (const auto& study : patient["studies"]) identifiers.insert(study["accession_number"].get<std::string>());
  }
  identifiers.erase("");
  ASSERT_GE(identifiers.size(), 4u);

  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto tmp = emptyFolder(folder / "tmp");
  const std::string to = orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());
  const CliRun run = runCli("anonymize " + quoted(cd) + " --send " + to + " --calling-aet CDSENDER", folder,
                            environmentFor(folder, tmp));
  EXPECT_LE(run.exit_code, 1) << run.err;  // 1: the demo CD holds junk files that are not exported
  EXPECT_TRUE(std::filesystem::is_empty(tmp)) << "the temporary de-identified copy must be removed";
  EXPECT_NE(run.out.find("output: not kept"), std::string::npos) << run.out;

  // The same de-identification kept on disk (same key) is what must have arrived, all of it.
  const auto reference = folder / "reference";
  ASSERT_LE(runCli("anonymize " + quoted(cd) + " -o " + quoted(reference), folder, environmentFor(folder, tmp)).exit_code, 1);
  std::set<std::string> expected;
  imaging::scan(reference).forEachInstance(
      [&expected](const auto&, const auto&, const auto&, const imaging::Instance& instance) { expected.insert(instance.sop_instance_uid); });
  ASSERT_GT(expected.size(), 50u);
  const auto stored = orthanc.storedInstances();
  std::set<std::string> arrived;
  for (const auto& [uid, id] : stored) arrived.insert(uid);
  EXPECT_EQ(arrived, expected);
  EXPECT_EQ(linesStartingWith(run.out, "sent: DICOM/"), expected.size()) << "one status line per file";
  EXPECT_EQ(linesStartingWith(run.out, "send failed: "), 0u);
  EXPECT_NE(run.out.find("failed 0 of " + std::to_string(expected.size())), std::string::npos) << run.out;

  for (const auto& [uid, id] : stored) {
    const std::string bytes = readText(orthanc.fetchFile(id, folder / "stored.dcm"));
    for (const std::string& identifier : identifiers)
      EXPECT_EQ(bytes.find(identifier), std::string::npos) << "an identifying value reached Orthanc in " << uid;
  }
  for (const std::string& identifier : identifiers) {
    EXPECT_EQ(run.out.find(identifier), std::string::npos) << "identifying value in the output";
    EXPECT_EQ(run.err.find(identifier), std::string::npos) << "identifying value in an error";
  }
#endif
}

TEST(AnonymizeSend, RefusedOrFailedSendLeavesNoTemporaryCopy) {
  const auto folder = freshFolder("anonymize-send-fail");
  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const auto input = emptyFolder(folder / "input");
  FixtureSpec identified;
  identified.deidentified = false;
  for (int i = 0; i < 3; ++i) writeFixture(input, i, identified);
  const auto tmp = emptyFolder(folder / "tmp");
  const std::string to = orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());

  // A "pseudonym" equal to the real identity: refused before anything is written, so nothing may be sent.
  const CliRun leaky = runCli("anonymize " + quoted(input) + " --send " + to + " --patient-name '" + kPlantedName +
                                  "' --patient-id " + kPlantedId,
                              folder, environmentFor(folder, tmp));
  EXPECT_EQ(leaky.exit_code, 2) << leaky.out << leaky.err;
  EXPECT_NE(leaky.err.find("chosen patient name"), std::string::npos) << leaky.err;
  EXPECT_EQ(leaky.err.find(kPlantedId), std::string::npos) << "the error must not show the identifier";
  EXPECT_TRUE(orthanc.storedInstances().empty());
  EXPECT_TRUE(std::filesystem::is_empty(tmp));

  // Nothing listens: one clear line, exit 2, and still no copy left.
  const CliRun closed =
      runCli("anonymize " + quoted(input) + " --send X@127.0.0.1:" + std::to_string(freeLocalPort()), folder,
             environmentFor(folder, tmp));
  EXPECT_EQ(closed.exit_code, 2);
  EXPECT_NE(closed.err.find("connection refused"), std::string::npos) << closed.err;
  EXPECT_TRUE(std::filesystem::is_empty(tmp));

  // -o with --stow: OUT is kept, and what it holds arrives.
  const auto out = folder / "out";
  const CliRun kept = runCli("anonymize " + quoted(input) + " -o " + quoted(out) + " --stow " + orthanc.dicomWebUrl(),
                             folder, environmentFor(folder, tmp));
  EXPECT_EQ(kept.exit_code, 0) << kept.out << kept.err;
  EXPECT_EQ(linesStartingWith(kept.out, "sent: DICOM/"), 3u) << kept.out;
  EXPECT_EQ(orthanc.storedInstances().size(), 3u);
  EXPECT_EQ(imaging::scan(out).instanceCount(), 3u);
  EXPECT_TRUE(std::filesystem::is_empty(tmp));
  for (const std::string& text : {leaky.out, closed.out, closed.err, kept.out, kept.err})
    EXPECT_EQ(text.find("Zyxwart"), std::string::npos);
}

}  // namespace
}  // namespace send_test
