// The whole story on the generated patient CD: the identified CD is refused; its de-identified
// export goes to a real Orthanc by C-STORE and by STOW-RS, every instance arrives, and none of
// the CD's identifying values (harvested with `scan --json`) is in what Orthanc stored.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(SendSampleCd, DeidentifiedExportArrivesWhole_IdentifiedCdIsRefused) {
#ifndef SCANSHARE_MAKE_SAMPLE
  FAIL() << "the sample generator target scanshare-make-sample is not built";
#else
  const auto folder = freshFolder("sample-cd");
  const std::string cli = std::string("'") + SCANSHARE_CLI + "'";
  const auto cd = folder / "cd";
  const auto out = folder / "export";
  ASSERT_EQ(shell(std::string("'") + SCANSHARE_MAKE_SAMPLE + "' --variant demo --out '" + cd.string() + "' >/dev/null 2>&1"), 0);
  ASSERT_EQ(shell(cli + " scan '" + cd.string() + "' --json > '" + (folder / "scan.json").string() + "' 2>/dev/null"), 1)
      << "the demo CD has junk files, so scan reports problems";
  std::set<std::string> identifiers;
  const auto scanned = nlohmann::json::parse(readText(folder / "scan.json"));
  for (const auto& patient : scanned["patients"]) {
    for (const char* key : {"id", "birth_date"}) identifiers.insert(patient[key].get<std::string>());
    const std::string name = patient["name"].get<std::string>();
    identifiers.insert(name.substr(0, name.find('^')));  // family name
    for (const auto& study : patient["studies"]) identifiers.insert(study["accession_number"].get<std::string>());
  }
  identifiers.erase("");
  ASSERT_GE(identifiers.size(), 4u);
  ASSERT_LE(shell(cli + " anonymize '" + cd.string() + "' -o '" + out.string() + "' >/dev/null 2>&1"), 1);

  OrthancServer orthanc(folder / "orthanc");
  ASSERT_NO_THROW(orthanc.start());
  const std::string to = " --to " + orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());
  EXPECT_EQ(shell(cli + " send '" + cd.string() + "'" + to + " --state '" + (folder / "cd.state").string() +
                  "' >/dev/null 2>&1"),
            3);  // refused: not clean
  EXPECT_TRUE(orthanc.storedInstances().empty()) << "the identified CD must not be sent";

  const auto report_path = folder / "cstore.json";
  ASSERT_EQ(shell(cli + " send '" + out.string() + "'" + to + " --json > '" + report_path.string() + "'"), 0);
  const auto report = nlohmann::json::parse(readText(report_path));
  const std::size_t instances = report["instances"].get<std::size_t>();
  EXPECT_GT(instances, 50u);
  EXPECT_EQ(report["sent"].get<std::size_t>(), instances);
  const auto stored = orthanc.storedInstances();
  EXPECT_EQ(stored.size(), instances);
  for (const auto& file : report["files"]) EXPECT_EQ(stored.count(file["sop_instance_uid"].get<std::string>()), 1u);

  // STOW-RS of the same export to a second, empty Orthanc.
  OrthancServer web(folder / "orthanc-web");
  ASSERT_NO_THROW(web.start());
  ASSERT_EQ(shell(cli + " send '" + out.string() + "' --stow " + web.dicomWebUrl() + " >/dev/null"), 0);
  EXPECT_EQ(web.storedInstances().size(), instances);

  for (const auto& [uid, id] : stored) {
    const std::string bytes = readText(orthanc.fetchFile(id, folder / "stored.dcm"));
    for (const std::string& identifier : identifiers)
      EXPECT_EQ(bytes.find(identifier), std::string::npos) << "an identifying value reached Orthanc in " << uid;
  }
#endif
}

}  // namespace
}  // namespace send_test
