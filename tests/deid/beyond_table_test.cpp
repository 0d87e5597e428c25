// ScanShare's rules beyond Table E.1-1: issuer sequences and the other identifying attributes the
// 2024b table misses (docs/deidentification.md, "Beyond the table").
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "action_table.h"
#include "beyond_table.h"
#include "fixtures.h"

using namespace deidtest;
using imaging::deid::ActionTable;

namespace {

constexpr const char* kRis = "CITYRIS-77";
constexpr const char* kRisOid = "1.2.3.4.5.6.7.8.9.4242";

// An MR whose accession and Patient ID carry their issuers, as RIS/HIS systems write them.
std::unique_ptr<DcmFileFormat> makeMrWithIssuers() {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  DcmItem* issuer = nullptr;
  ds.findOrCreateSequenceItem(DcmTagKey(0x0008, 0x0051), issuer, 0);
  issuer->putAndInsertString(DcmTagKey(0x0040, 0x0031), kRis);
  issuer->putAndInsertString(DcmTagKey(0x0040, 0x0032), kRisOid);
  issuer->putAndInsertString(DcmTagKey(0x0040, 0x0033), "ISO");
  DcmItem* qualifiers = nullptr;
  ds.findOrCreateSequenceItem(DcmTagKey(0x0010, 0x0024), qualifiers, 0);
  DcmItem* facility = nullptr;
  qualifiers->findOrCreateSequenceItem(DcmTagKey(0x0040, 0x0036), facility, 0);
  facility->putAndInsertString(DcmTagKey(0x0040, 0x0031), "NORTHWARD-CLINIC");
  ds.putAndInsertString(DcmTagKey(0x0010, 0x0033), "1358/11/26");
  // The issuer's name also typed into a kept description.
  ds.putAndInsertString(DCM_StudyDescription, (std::string("MR knee ") + kRis).c_str());
  return mr;
}

}  // namespace

TEST(BeyondTable, RulesAreExactTagsTheTableDoesNotListAndSayWhy) {
  ASSERT_GT(imaging::deid::additionalRuleCount(), 0u);
  std::set<std::string> table_tags;
  for (std::size_t i = 0; i < ActionTable::size(); ++i) table_tags.insert(ActionTable::rows()[i].tag_text);
  for (std::size_t i = 0; i < imaging::deid::additionalRuleCount(); ++i) {
    const auto& rule = imaging::deid::additionalRules()[i];
    EXPECT_EQ(table_tags.count(rule.row.tag_text), 0u) << rule.row.tag_text << " is already in the table";
    EXPECT_EQ(rule.row.match, imaging::deid::TagMatch::Exact);
    EXPECT_GT(std::string(rule.reason).size(), 10u) << rule.row.tag_text;
    EXPECT_EQ(ActionTable::find(rule.row.group, rule.row.element), &rule.row) << rule.row.tag_text;
  }
  // The table itself is unchanged.
  EXPECT_EQ(ActionTable::size(), 621u);
  for (auto [g, e] : {std::pair<std::uint16_t, std::uint16_t>{0x0008, 0x0051}, {0x0010, 0x0024}, {0x0040, 0x0031}}) {
    const auto* row = ActionTable::find(g, e);
    ASSERT_NE(row, nullptr);
    EXPECT_STREQ(row->basic, "X");
  }
}

TEST(BeyondTable, HarvestCollectsIssuerEntityIds) {
  auto mr = makeMrWithIssuers();
  const auto dir = workDir("beyond_harvest");
  ASSERT_TRUE(mr->saveFile((dir / "a.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const auto ids = imaging::harvestIdentifiers(dir / "a.dcm");
  for (const char* expected : {kRis, kRisOid, "NORTHWARD-CLINIC"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), expected), ids.end()) << expected;
  // The ID type code of the issuer is not an identifier.
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "ISO"), ids.end());
}

TEST(BeyondTable, IssuerSequencesAreRemovedAndTheirValuesScrubbed) {
  for (const auto& profile : {imaging::Profile::defaultProfile(), imaging::Profile::basic()}) {
    auto mr = makeMrWithIssuers();
    const Result r = run(*mr, makeConfig(profile), "beyond_remove");
    ASSERT_EQ(r.outcome.status, imaging::InstanceOutcome::Status::Kept) << r.outcome.reason;
    ASSERT_TRUE(r.file);
    EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0008, 0x0051)));
    EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0010, 0x0024)));
    EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0010, 0x0033)));
    const std::string bytes = fileBytes(r.output);
    for (const char* planted : {kRis, kRisOid, "NORTHWARD-CLINIC", "1358/11/26"})
      EXPECT_EQ(bytes.find(planted), std::string::npos) << planted;
  }
}

TEST(BeyondTable, EntityIdsAreRemovedEvenInsideAKeptSequence) {
  // An issuer sequence nested in a sequence the table keeps with Clean Descriptors still loses
  // its entity IDs.
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  DcmItem* request = nullptr;
  ds.findOrCreateSequenceItem(DCM_RequestAttributesSequence, request, 0);
  DcmItem* issuer = nullptr;
  request->findOrCreateSequenceItem(DcmTagKey(0x0008, 0x0051), issuer, 0);
  issuer->putAndInsertString(DcmTagKey(0x0040, 0x0031), kRis);
  const Result r = run(*mr, makeConfig(imaging::Profile::defaultProfile()), "beyond_nested");
  ASSERT_EQ(r.outcome.status, imaging::InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(fileBytes(r.output).find(kRis), std::string::npos);
}
