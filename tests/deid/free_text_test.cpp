// The engine applies the allow-list to every text value it keeps: kept descriptions lose names,
// phones and dates of anyone, technical values keep their tokens, --keep-text keeps a value
// verbatim and says so, and a dry run lists the kept text a reviewer will read.
#include <gtest/gtest.h>

#include "fixtures.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

std::unique_ptr<DcmFileFormat> withText() {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_PatientComments, "ask for husband Martin 555-0142");
  ds.putAndInsertString(DCM_AdditionalPatientHistory, "fell while hiking near Hollowmere on 2024-09-02");
  ds.putAndInsertString(DCM_SeriesDescription, "t2_tse_sag_384");
  ds.putAndInsertString(DCM_ImageComments, "orig study 1.2.826.0.1.3680043.9.7777.1 seen 4 July 2024");
  ds.putAndInsertString(DCM_SoftwareVersions, "syngo MR E11 2024-09-02");
  ds.putAndInsertString(DCM_ManufacturerModelName, "Skyra");
  ds.putAndInsertString(DCM_ReferringPhysicianName, "Okafor^Samuel");
  return mr;
}

TEST(EngineFreeText, KeptTextPassesTheAllowList) {
  auto file = withText();
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "free_text_default", true);
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_PatientComments), "ask for husband [removed]");
  EXPECT_EQ(str(r.ds(), DCM_AdditionalPatientHistory), "fell while hiking near [removed] on [removed]");
  EXPECT_EQ(str(r.ds(), DCM_SeriesDescription), "t2_tse_sag_384");
  const std::string comments = str(r.ds(), DCM_ImageComments);
  EXPECT_EQ(comments.find("3680043"), std::string::npos) << comments;
  EXPECT_EQ(comments.find("July"), std::string::npos) << comments;
  // Technical values keep their words; only shapes go.
  EXPECT_EQ(str(r.ds(), DCM_SoftwareVersions), "syngo MR E11 [removed]");
  EXPECT_EQ(str(r.ds(), DCM_ManufacturerModelName), "Skyra");
}

TEST(EngineFreeText, DryRunListsKeptTextSoThePatientSeesWhatStays) {
  auto file = withText();
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "free_text_dry", true, EXS_LittleEndianExplicit, true);
  bool kept_series = false, cleaned_comment = false;
  for (const auto& c : r.outcome.changes) {
    if (c.keyword == "SeriesDescription" && c.action == "keep-text" && c.after == "t2_tse_sag_384") kept_series = true;
    if (c.keyword == "PatientComments" && c.after == "ask for husband [removed]") cleaned_comment = true;
  }
  EXPECT_TRUE(kept_series);
  EXPECT_TRUE(cleaned_comment);
}

TEST(EngineFreeText, KeepTextKeepsAValueVerbatimAndMarksIt) {
  auto file = withText();
  auto config = makeConfig(Profile::defaultProfile());
  const auto key = imaging::parseAttributeKeyword("AdditionalPatientHistory");
  ASSERT_TRUE(key.has_value());
  config.keep_text_verbatim.push_back(*key);
  const Result r = run(*file, config, "free_text_verbatim");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_AdditionalPatientHistory), "fell while hiking near Hollowmere on 2024-09-02");
  EXPECT_EQ(str(r.ds(), DCM_PatientComments), "ask for husband [removed]");
  OFString method;
  r.ds().findAndGetOFStringArray(DCM_DeidentificationMethod, method);
  EXPECT_NE(std::string(method.c_str()).find("Verbatim AdditionalPatientHistory"), std::string::npos) << method;
}

TEST(EngineFreeText, KeywordsParseAndUnknownOnesAreRefused) {
  EXPECT_TRUE(imaging::parseAttributeKeyword("StudyDescription").has_value());
  EXPECT_TRUE(imaging::parseAttributeKeyword("(0008,1030)").has_value());
  EXPECT_FALSE(imaging::parseAttributeKeyword("NoSuchAttribute").has_value());
  EXPECT_FALSE(imaging::parseAttributeKeyword("(0009,1010)").has_value());
  EXPECT_EQ(imaging::attributeKeyword({0x0008, 0x1030}), "StudyDescription");
}

}  // namespace
