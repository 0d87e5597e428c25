// The sealed re-identification mapping (issue 16, docs/mapping.md): round trip, no plaintext in the
// file, wrong key and tampering refused, and the file kept out of OUT and the input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "imaging/core/error.h"
#include "imaging/workflow/reidentify.h"
#include "imaging/workflow/sealed_mapping.h"

namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::temp_directory_path() / ("scanshare-mapping-" + std::to_string(::getpid()));

std::string bytesOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

imaging::ErrorCode openError(const fs::path& file, const imaging::Key& key) {
  try {
    imaging::openSealedMapping(file, key);
  } catch (const imaging::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "opened";
  return imaging::ErrorCode::Internal;
}

class SealedMapping : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(kDir); }
  void TearDown() override { fs::remove_all(kDir); }
  imaging::Key key{std::vector<std::uint8_t>(32, 7)};
  const std::string plain = "{\"name\":\"Doe^Jane\",\"id\":\"MRN-0042\"}";
};

TEST_F(SealedMapping, RoundTripWithoutPlaintextInTheFile) {
  const fs::path f = kDir / "m.map";
  imaging::writeSealedMapping(f, key, plain);
  EXPECT_EQ(imaging::openSealedMapping(f, key), plain);
  const std::string bytes = bytesOf(f);
  EXPECT_EQ(bytes.find("Doe"), std::string::npos);
  EXPECT_EQ(bytes.find("MRN-0042"), std::string::npos);
  EXPECT_EQ(fs::status(f).permissions() & fs::perms::group_all, fs::perms::none);
  // A fresh salt and nonce per file: the same content never gives the same bytes.
  imaging::writeSealedMapping(kDir / "n.map", key, plain);
  EXPECT_NE(bytes, bytesOf(kDir / "n.map"));
}

// The ".partial" is created owner-only and exclusively: a link planted (or a file left) under
// that name is replaced, never written through.
TEST_F(SealedMapping, PartialFileIsNeverALinkFollowed) {
  const fs::path f = kDir / "m.map";
  const fs::path victim = kDir / "victim.txt";
  std::ofstream(victim) << "untouched";
  fs::create_symlink(victim, kDir / "m.map.partial");
  imaging::writeSealedMapping(f, key, plain);
  EXPECT_EQ(bytesOf(victim), "untouched");
  EXPECT_EQ(imaging::openSealedMapping(f, key), plain);
  EXPECT_FALSE(fs::is_symlink(f));
  EXPECT_EQ(fs::status(f).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST_F(SealedMapping, WrongKeyAndTamperingAreRefused) {
  const fs::path f = kDir / "m.map";
  imaging::writeSealedMapping(f, key, plain);
  EXPECT_EQ(openError(f, imaging::Key(std::vector<std::uint8_t>(32, 8))), imaging::ErrorCode::InvalidArgument);
  const std::string good = bytesOf(f);
  for (std::size_t at : {std::size_t{70}, good.size() - 1, std::size_t{60}}) {  // ciphertext, tag, nonce
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    std::ofstream(f, std::ios::binary | std::ios::trunc) << bad;
    EXPECT_EQ(openError(f, key), imaging::ErrorCode::Corrupt) << at;
  }
  std::ofstream(f, std::ios::binary | std::ios::trunc) << good.substr(0, 40);
  EXPECT_EQ(openError(f, key), imaging::ErrorCode::Corrupt);
}

TEST_F(SealedMapping, TargetMustLieOutsideOutAndInput) {
  EXPECT_THROW(imaging::checkMappingTarget(kDir / "out" / "m.map", kDir / "out", kDir / "in"), imaging::Error);
  EXPECT_THROW(imaging::checkMappingTarget(kDir / "in" / "m.map", kDir / "out", kDir / "in"), imaging::Error);
  EXPECT_THROW(imaging::checkMappingTarget(kDir / "out", kDir / "out", kDir / "in"), imaging::Error);
  EXPECT_NO_THROW(imaging::checkMappingTarget(kDir / "m.map", kDir / "out", kDir / "in"));
  EXPECT_NO_THROW(imaging::checkMappingTarget(kDir / "out-m.map", kDir / "out", kDir / "in"));
}

imaging::ErrorCode parseError(const std::string& text) {
  try {
    imaging::parseMappingJson(text);
  } catch (const imaging::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "parsed: " << text;
  return imaging::ErrorCode::Internal;
}

TEST(MappingContent, JsonRoundTripKeepsSeriesInstancesAndAccession) {
  imaging::ReidMapping m;
  m.date_mode = "shift";
  imaging::MappingPatient p{"Doe^Jane", "MRN-1", "ISS", "19780314", "ANON^X", "SS-X", -42, {}};
  imaging::MappingStudy st{"1.2.3", "2.25.9", "ACC77", "", {}};
  st.series.push_back({"1.2.3.4", "2.25.8", {{"1.2.3.4.5", "2.25.7"}, {"1.2.3.4.6", "2.25.6"}}});
  p.studies.push_back(st);
  m.patients.push_back(p);
  const imaging::ReidMapping back = imaging::parseMappingJson(imaging::mappingJson(m));
  EXPECT_EQ(back.version, imaging::kMappingFormatVersion);
  EXPECT_EQ(back.date_mode, "shift");
  ASSERT_EQ(back.patients.size(), 1u);
  const auto& b = back.patients[0];
  EXPECT_EQ(b.name + b.id + b.issuer + b.birth_date + b.pseudonym_name + b.pseudonym_id, "Doe^JaneMRN-1ISS19780314ANON^XSS-X");
  EXPECT_EQ(b.date_offset_days, -42);
  ASSERT_EQ(b.studies.size(), 1u);
  EXPECT_EQ(b.studies[0].source_accession, "ACC77");
  EXPECT_EQ(b.studies[0].new_accession, "");
  ASSERT_EQ(b.studies[0].series.size(), 1u);
  ASSERT_EQ(b.studies[0].series[0].instances.size(), 2u);
  EXPECT_EQ(b.studies[0].series[0].instances[1].source_uid, "1.2.3.4.6");
  EXPECT_EQ(b.studies[0].series[0].instances[1].new_uid, "2.25.6");
}

TEST(MappingContent, VersionOneOpensButCannotReidentifyAndUnknownVersionsAreRefused) {
  const std::string v1 = R"({"format":"scanshare-mapping","version":1,"date_mode":"shift","patients":[
    {"name":"A^B","id":"1","issuer":"","birth_date":"","pseudonym_name":"P","pseudonym_id":"Q","date_offset_days":-3,
     "studies":[{"source_uid":"1.2","new_uid":"2.25.1"}]}]})";
  const imaging::ReidMapping old = imaging::parseMappingJson(v1);
  EXPECT_EQ(old.version, 1);
  ASSERT_EQ(old.patients.size(), 1u);
  EXPECT_TRUE(old.patients[0].studies[0].series.empty());
  try {
    imaging::reidentifyExport(kDir / "none", old, kDir / "restored");
    ADD_FAILURE() << "a version 1 mapping was used to re-identify";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Unsupported);
    EXPECT_NE(std::string(e.what()).find("version 1"), std::string::npos) << e.what();
  }
  std::string v3 = v1;
  v3.replace(v3.find("\"version\":1"), 11, "\"version\":3");
  EXPECT_EQ(parseError(v3), imaging::ErrorCode::Unsupported);
  EXPECT_EQ(parseError("{\"format\":\"other\",\"version\":2}"), imaging::ErrorCode::Corrupt);
  EXPECT_EQ(parseError("not json"), imaging::ErrorCode::Corrupt);
  EXPECT_EQ(parseError(R"({"format":"scanshare-mapping","version":2,"date_mode":"keep","patients":[{"name":"x"}]})"),
            imaging::ErrorCode::Corrupt);
}

}  // namespace
