// Step 5's verdict comes from verify's own result, and step 1 groups series per person.
#include <gtest/gtest.h>

#include "share_people.h"
#include "share_verdict.h"

TEST(ViewerShareVerdict, CleanOnlyWhenVerifySaysClean) {
  imaging::VerifyResult result;
  result.files_checked = 12;
  result.notes.push_back("3 reference(s) point to instances outside the export that the source did not contain either");
  const ShareVerdict verdict = makeVerdict(result, "/tmp/copy");
  EXPECT_TRUE(verdict.clean);
  EXPECT_TRUE(verdict.summary.startsWith("Clean:"));
  ASSERT_EQ(verdict.rows.size(), 1u);  // the note is listed, as a note
  EXPECT_EQ(verdict.rows[0].kind, "Note");
  EXPECT_FALSE(verdict.rows[0].problem);
  EXPECT_EQ(verdict.notes, 1);
}

TEST(ViewerShareVerdict, AnyFindingIsNotCleanEvenWhenNotAboutIdentity) {
  imaging::VerifyResult result;
  result.findings.push_back({imaging::FindingKind::DicomdirUnlistedFile, "DICOM/P1/S1/I3", "present but not listed in the DICOMDIR"});
  const ShareVerdict verdict = makeVerdict(result, "/tmp/copy");
  EXPECT_FALSE(verdict.clean);
  EXPECT_TRUE(verdict.summary.startsWith("Not clean:"));
  ASSERT_EQ(verdict.rows.size(), 1u);
  EXPECT_EQ(verdict.rows[0].kind, "Problem");
  EXPECT_EQ(verdict.rows[0].where, "DICOM/P1/S1/I3");
  EXPECT_EQ(verdict.rows[0].detail, "present but not listed in the DICOMDIR");
  EXPECT_TRUE(verdict.rows[0].problem);
}

TEST(ViewerShareVerdict, IdentifyingFindingsListKindPlaceAndDetail) {
  imaging::VerifyResult result;
  result.findings.push_back({imaging::FindingKind::IdentifierInValue, "DICOM/I1 (0008,1030)", "a source identifier (8 characters)"});
  result.notes.push_back("a note");
  const ShareVerdict verdict = makeVerdict(result, "/tmp/copy");
  EXPECT_FALSE(verdict.clean);
  EXPECT_EQ(verdict.could_identify, 1);
  ASSERT_EQ(verdict.rows.size(), 2u);
  EXPECT_EQ(verdict.rows[0].kind, "Could identify");
  EXPECT_EQ(verdict.rows[0].technical_kind, "identifier-in-value");
  EXPECT_EQ(verdict.rows[1].kind, "Note");
  EXPECT_TRUE(verdict.summary.contains("could identify someone"));
}

TEST(ViewerSharePeopleNames, GroupsSeriesByPersonInListOrder) {
  imaging::Inventory inventory;
  inventory.patients.resize(2);
  inventory.patients[0].name = "Doe^Jane^Marie";
  inventory.patients[0].studies.resize(1);
  inventory.patients[0].studies[0].series.resize(2);
  inventory.patients[1].name = "Roe^Rick";
  inventory.patients[1].studies.resize(1);
  inventory.patients[1].studies[0].date = "20240302";
  inventory.patients[1].studies[0].series.resize(1);
  const std::vector<const imaging::Series*> list{&inventory.patients[0].studies[0].series[0], &inventory.patients[0].studies[0].series[1],
                                                 &inventory.patients[1].studies[0].series[0]};
  const SharePeople people(inventory, list);
  EXPECT_EQ(people.count(), 2);
  EXPECT_EQ(people.personOf(1), 0);
  EXPECT_EQ(people.personOf(2), 1);
  EXPECT_EQ(people.personOf(3), -1);
  EXPECT_EQ(people.studyOf(2), &inventory.patients[1].studies[0]);
  EXPECT_EQ(people.name(0), "Jane Marie Doe");
  EXPECT_EQ(people.peopleOf({0, 1}).size(), 1u);
  EXPECT_EQ(people.peopleOf({2, 0}), (std::vector<int>{0, 1}));
  EXPECT_EQ(readableDate("20240302"), "2024-03-02");
  EXPECT_EQ(readableName(""), "(no name)");
  EXPECT_EQ(readableName("Yamada^Tarou=山田^太郎"), "Tarou Yamada");
}
