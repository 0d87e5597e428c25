// End to end (issue 16): the sealed mapping holds every UID and accession number of the export and
// no planted identifier in its bytes; `scanshare reidentify` restores the identity of every exported
// instance of the sample CD into a new copy (the export unchanged); a wrong key or an altered
// mapping is refused with one line and exit 2.
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "files.h"
#include "identity.h"
#include "imaging/media/scan.h"

namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-reidentify-" + std::to_string(::getpid()));

using scanshare_test::readAll;

int run(const std::string& command, const fs::path& log) {
  const int rc = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

int cli(const std::string& args, const std::string& log) { return run(std::string(SCANSHARE_CLI) + " " + args, kWork / log); }

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

struct Seen {  // one instance's identifying attributes, as scan reads them (UTF-8)
  std::string name, id, issuer, birth_date, study_uid, accession, study_date, series_uid;
};

std::map<std::string, Seen> bySopUid(const fs::path& root) {
  std::map<std::string, Seen> seen;
  imaging::scan(root).forEachInstance([&](const imaging::Patient& p, const imaging::Study& st, const imaging::Series& se,
                                          const imaging::Instance& in) {
    seen[in.sop_instance_uid] = {p.name, p.id, p.issuer_of_id, p.birth_date, st.study_instance_uid, st.accession_number,
                                 st.date, se.series_instance_uid};
  });
  return seen;
}

// Every byte of every file under root, by relative name.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& f : scanshare_test::regularFilesUnder(root)) files[f.lexically_relative(root).string()] = readAll(f);
  return files;
}

class ReidentifyE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    ASSERT_EQ(run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + q(kWork / "cd"), kWork / "make.log"), 0);
    std::ofstream(kWork / "key", std::ios::binary) << std::string(32, 'k');
    std::ofstream(kWork / "other-key", std::ios::binary) << std::string(32, 'o');
    ASSERT_EQ(cli("anonymize " + q(kWork / "cd") + " --key " + q(kWork / "key") + " -o " + q(kWork / "out") +
                      " --mapping " + q(kWork / "clinic.map"),
                  "anonymize.log"),
              0)
        << readAll(kWork / "anonymize.log");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
};

TEST_F(ReidentifyE2E, MappingHoldsEveryExportedUidAndNoPlantedIdentifierInItsBytes) {
  ASSERT_EQ(cli("mapping show " + q(kWork / "clinic.map") + " --key " + q(kWork / "key"), "show.log"), 0);
  const auto shown = nlohmann::json::parse(readAll(kWork / "show.log"));
  EXPECT_EQ(shown["version"], 2);
  // Every exported instance is in the mapping, by its new SOP UID, with its series and study.
  std::map<std::string, std::string> instance_source;
  std::vector<std::string> source_values;
  for (const auto& p : shown["patients"])
    for (const auto& st : p["studies"]) {
      source_values.push_back(st["source_uid"].get<std::string>());
      source_values.push_back(st["source_accession"].get<std::string>());
      for (const auto& se : st["series"]) {
        source_values.push_back(se["source_uid"].get<std::string>());
        for (const auto& in : se["instances"]) {
          instance_source[in["new_uid"].get<std::string>()] = in["source_uid"].get<std::string>();
          source_values.push_back(in["source_uid"].get<std::string>());
        }
      }
    }
  const auto exported = bySopUid(kWork / "out");
  const auto source = bySopUid(kWork / "cd");
  ASSERT_FALSE(exported.empty());
  for (const auto& [uid, seen] : exported) {
    ASSERT_EQ(instance_source.count(uid), 1u) << "exported instance missing from the mapping";
    ASSERT_EQ(source.count(instance_source[uid]), 1u) << "the mapping's source UID is not on the CD";
  }
  // The planted identity of both demo patients, and every source UID and accession number: none
  // in the sealed file's bytes (UTF-8 and the CD's Latin-1 spelling alike).
  std::vector<std::string> planted = source_values;
  for (const auto& identity : {imaging::sample::kneePatient(), imaging::sample::latin1Patient()}) {
    const auto values = identity.planted();
    planted.insert(planted.end(), values.begin(), values.end());
    planted.push_back(identity.dicomName);
  }
  for (const auto& [uid, seen] : source)
    for (const std::string* v : {&seen.name, &seen.id, &seen.issuer, &seen.birth_date, &seen.accession, &seen.study_uid,
                                 &seen.series_uid, &uid})
      planted.push_back(*v);
  const std::string bytes = readAll(kWork / "clinic.map");
  const std::string text = readAll(kWork / "show.log");
  std::size_t searched = 0;
  for (const std::string& value : planted) {
    if (value.size() < 4) continue;  // "F", "M", single letters: not identifiers
    ++searched;
    EXPECT_EQ(bytes.find(value), std::string::npos) << "plaintext identifier #" << searched << " in the mapping file";
  }
  EXPECT_GT(searched, 40u);
  // The decrypted text does hold them: the search above is not vacuous.
  EXPECT_NE(text.find(imaging::sample::kneePatient().id), std::string::npos);
  EXPECT_NE(text.find(imaging::sample::kneePatient().accession), std::string::npos);
}

TEST_F(ReidentifyE2E, RoundTripRestoresTheSourceIdentityOfEveryInstance) {
  const auto before = snapshot(kWork / "out");
  ASSERT_EQ(cli("reidentify " + q(kWork / "out") + " --mapping " + q(kWork / "clinic.map") + " --key " + q(kWork / "key") +
                    " -o " + q(kWork / "restored"),
                "reidentify.log"),
            0)
      << readAll(kWork / "reidentify.log");
  EXPECT_EQ(snapshot(kWork / "out"), before) << "the export was modified";
  const auto source = bySopUid(kWork / "cd");
  const auto exported = bySopUid(kWork / "out");
  const auto restored = bySopUid(kWork / "restored");
  ASSERT_EQ(restored.size(), exported.size());
  for (const auto& [uid, r] : restored) {
    const auto s = source.find(uid);
    ASSERT_NE(s, source.end()) << "restored SOP Instance UID is not the source's";
    EXPECT_EQ(r.name, s->second.name);
    EXPECT_EQ(r.id, s->second.id);
    EXPECT_EQ(r.issuer, s->second.issuer);
    EXPECT_EQ(r.birth_date, s->second.birth_date);
    EXPECT_EQ(r.study_uid, s->second.study_uid);
    EXPECT_EQ(r.series_uid, s->second.series_uid);
    EXPECT_EQ(r.accession, s->second.accession);
    EXPECT_EQ(r.study_date, s->second.study_date);  // shifted back by the patient's offset
  }
  // The export itself still says nothing of the source.
  for (const auto& [uid, e] : exported) EXPECT_EQ(source.count(uid), 0u);
  // The restored copy is a medium: its DICOMDIR lists every file (verify would say dangling otherwise).
  EXPECT_TRUE(fs::exists(kWork / "restored" / "DICOMDIR"));
}

TEST_F(ReidentifyE2E, WrongKeyAndAlteredMappingAreRefusedWithOneLine) {
  EXPECT_EQ(cli("reidentify " + q(kWork / "out") + " --mapping " + q(kWork / "clinic.map") + " --key " +
                    q(kWork / "other-key") + " -o " + q(kWork / "never"),
                "wrong.log"),
            2);
  const std::string wrong = readAll(kWork / "wrong.log");
  EXPECT_NE(wrong.find("wrong key"), std::string::npos) << wrong;
  EXPECT_EQ(std::count(wrong.begin(), wrong.end(), '\n'), 1) << wrong;
  std::string bad = readAll(kWork / "clinic.map");
  bad[bad.size() - 20] = static_cast<char>(bad[bad.size() - 20] ^ 0x04);
  std::ofstream(kWork / "altered.map", std::ios::binary) << bad;
  EXPECT_EQ(cli("reidentify " + q(kWork / "out") + " --mapping " + q(kWork / "altered.map") + " --key " + q(kWork / "key") +
                    " -o " + q(kWork / "never"),
                "altered.log"),
            2);
  const std::string altered = readAll(kWork / "altered.log");
  EXPECT_NE(altered.find("altered or damaged"), std::string::npos) << altered;
  EXPECT_EQ(std::count(altered.begin(), altered.end(), '\n'), 1) << altered;
  EXPECT_FALSE(fs::exists(kWork / "never"));
}

}  // namespace

#endif
