// End to end: the free-text sample CD (third parties, the other patient, places, phones, e-mails,
// dates in many forms, a quoted Study UID) through the default export and verify. The independent
// checker is this test: it knows what was planted and looks for it in the bytes of every file.
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "files.h"

namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-free-text-" + std::to_string(::getpid()));

using scanshare_test::readAll;
using scanshare_test::writeAll;

int run(const std::string& command, const fs::path& log) {
  const int rc = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string latin1(const std::string& utf8) {  // enough for the planted German values
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b == 0xC3 && i + 1 < utf8.size()) out += static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40);
    else out += utf8[i];
  }
  return out;
}

class FreeTextE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    input_ = kWork / "cd";
    ASSERT_EQ(run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant free-text --out '" + input_.string() +
                      "' --manifest '" + (kWork / "manifest.json").string() + "'", kWork / "make.log"), 0)
        << readAll(kWork / "make.log");
    manifest_ = nlohmann::json::parse(readAll(kWork / "manifest.json"));
    std::ofstream(kWork / "key", std::ios::binary) << std::string(32, 'k');
    rc_ = run(cli() + " anonymize '" + input_.string() + "' -o '" + out().string() + "' --key '" +
                  (kWork / "key").string() + "'", kWork / "anonymize.log");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
  static std::string cli() { return SCANSHARE_CLI; }
  static fs::path out() { return kWork / "out"; }
  static std::string allOutputBytes() {
    std::string all;
    for (const auto& f : scanshare_test::regularFilesUnder(out())) all += readAll(f) + '\n';
    return all;
  }
  static inline fs::path input_;
  static inline nlohmann::json manifest_;
  static inline int rc_ = -1;
};

TEST_F(FreeTextE2E, ExportSucceeds) { ASSERT_EQ(rc_, 0) << readAll(kWork / "anonymize.log"); }

TEST_F(FreeTextE2E, NoPlantedValueSurvivesAnywhere) {
  const std::string bytes = allOutputBytes();
  const std::string folded = lower(bytes);
  std::size_t checked = 0;
  for (const auto& p : manifest_["patients"])
    for (const auto& v : p["planted"]) {
      const std::string value = v.get<std::string>();
      if (value.size() < 4) continue;
      ++checked;
      EXPECT_EQ(folded.find(lower(value)), std::string::npos) << "a planted value survived: " << value;
      EXPECT_EQ(bytes.find(latin1(value)), std::string::npos) << "a planted value survived (Latin-1): " << value;
    }
  EXPECT_GE(checked, 60u);
}

TEST_F(FreeTextE2E, WhatReviewersNeedAndTheSafeWordsStay) {
  const std::string bytes = allOutputBytes();
  for (const char* kept : {"ask for husband [removed]", "Knie links axial T2", "baker at [removed]",
                           "fell while hiking near [removed]", "MRI KNEE RIGHT compare [removed]", "CT Knie links axial"})
    EXPECT_NE(bytes.find(kept), std::string::npos) << "missing kept phrase: " << kept;
}

TEST_F(FreeTextE2E, VerifySaysCleanWithAndWithoutTheSource) {
  ASSERT_EQ(rc_, 0);
  EXPECT_EQ(run(cli() + " verify '" + out().string() + "'", kWork / "verify.log"), 0) << readAll(kWork / "verify.log");
  EXPECT_EQ(run(cli() + " verify '" + out().string() + "' --against '" + input_.string() + "'", kWork / "verify2.log"), 0)
      << readAll(kWork / "verify2.log");
}

// An attacker's edit after the export: verify must see it without the source, by the allow-list.
TEST_F(FreeTextE2E, VerifyFindsTextPlantedAfterTheExport) {
  ASSERT_EQ(rc_, 0);
  const fs::path tampered = kWork / "tampered";
  fs::copy(out(), tampered, fs::copy_options::recursive);
  fs::path victim;
  for (const auto& f : scanshare_test::regularFilesUnder(tampered))
    if (f.filename() != "DICOMDIR") { victim = f; break; }
  ASSERT_FALSE(victim.empty());
  for (const std::string value : {"ImageComments=call Ingeborg Vasquez 0171 5550 199", "StudyDescription=seen 2024-09-02"}) {
    const fs::path copy = kWork / "one";
    fs::remove_all(copy);
    fs::copy(tampered, copy, fs::copy_options::recursive);
    const fs::path file = copy / victim.lexically_relative(tampered);
    ASSERT_EQ(run("dcmodify -nb -i '(" + std::string(value.rfind("Image", 0) == 0 ? "0020,4000" : "0008,1030") + ")=" +
                      value.substr(value.find('=') + 1) + "' '" + file.string() + "'", kWork / "dcmodify.log"), 0)
        << readAll(kWork / "dcmodify.log");
    EXPECT_EQ(run(cli() + " verify '" + copy.string() + "'", kWork / "verify3.log"), 1) << value;
    EXPECT_NE(readAll(kWork / "verify3.log").find("unsafe-text"), std::string::npos) << readAll(kWork / "verify3.log");
    EXPECT_EQ(readAll(kWork / "verify3.log").find("Vasquez"), std::string::npos) << "verify must not quote the value";
  }
}

// --dry-run shows what stays, not only what changes, so a patient sees what the reviewer reads.
TEST_F(FreeTextE2E, DryRunListsTheTextThatStays) {
  ASSERT_EQ(run(cli() + " anonymize '" + input_.string() + "' --dry-run --key '" + (kWork / "key").string() + "'",
                kWork / "dry.log"), 0) << readAll(kWork / "dry.log");
  const std::string dry = readAll(kWork / "dry.log");
  EXPECT_NE(dry.find("keep-text"), std::string::npos);
  EXPECT_NE(dry.find("\"Knie links axial T2\""), std::string::npos);
  EXPECT_NE(dry.find("-> \"ask for husband [removed];"), std::string::npos);
}

// --keep-text: the clinic vouches for one attribute; it stays verbatim, and report and verify say so.
TEST_F(FreeTextE2E, KeepTextKeepsOneAttributeAndEveryoneSaysSo) {
  const fs::path verbatim = kWork / "verbatim";
  ASSERT_EQ(run(cli() + " anonymize '" + input_.string() + "' -o '" + verbatim.string() + "' --key '" +
                    (kWork / "key").string() + "' --keep-text Occupation", kWork / "verbatim.log"), 0)
      << readAll(kWork / "verbatim.log");
  std::string bytes;
  for (const auto& f : scanshare_test::regularFilesUnder(verbatim)) bytes += readAll(f);
  EXPECT_NE(bytes.find("baker at Millbrook Bakery"), std::string::npos);
  EXPECT_EQ(bytes.find("Hollowmere"), std::string::npos);  // the other attributes are still cleaned
  const auto report = nlohmann::json::parse(readAll(kWork / "verbatim.report.json"));
  EXPECT_EQ(report["options"]["text_kept_verbatim"], nlohmann::json::array({"Occupation"}));
  EXPECT_EQ(run(cli() + " verify '" + verbatim.string() + "'", kWork / "verify5.log"), 0) << readAll(kWork / "verify5.log");
  EXPECT_NE(readAll(kWork / "verify5.log").find("Occupation was kept verbatim"), std::string::npos);
  EXPECT_EQ(run(cli() + " anonymize '" + input_.string() + "' -o '" + (kWork / "bad").string() +
                    "' --keep-text NoSuchThing", kWork / "bad.log"), 2);
}

// verify reads every file through the structure guard: a file nested 20000 deep is a finding, not a crash.
TEST_F(FreeTextE2E, VerifyRefusesAHostileFileInsteadOfCrashing) {
  ASSERT_EQ(rc_, 0);
  const fs::path hostile = kWork / "hostile";
  fs::copy(out(), hostile, fs::copy_options::recursive);
  fs::path victim;
  for (const auto& f : scanshare_test::regularFilesUnder(hostile))
    if (f.filename() != "DICOMDIR") { victim = f; break; }
  std::string bytes = readAll(victim);
  std::string nested;
  auto le16 = [](unsigned v) { return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; };
  for (int i = 0; i < 20000; ++i)
    nested += le16(0x0008) + le16(0x1140) + "SQ" + le16(0) + std::string(4, '\xFF') + le16(0xFFFE) + le16(0xE000) +
              std::string(4, '\xFF');
  const std::size_t dataset = bytes.find(std::string("\x08\x00", 2), 132);  // first group-0008 element
  ASSERT_NE(dataset, std::string::npos);
  writeAll(victim, bytes.substr(0, dataset) + nested);
  EXPECT_EQ(run(cli() + " verify '" + hostile.string() + "'", kWork / "verify4.log"), 1) << readAll(kWork / "verify4.log");
}

}  // namespace

#else
TEST(FreeTextE2E, NeedsTheSampleGenerator) { GTEST_SKIP() << "scanshare-make-sample not built"; }
#endif
