// Red team 2026-12-06 (F1, F2, F3, F5): the patient's identity typed the ways the deny-list used
// to miss, in free text, technical attributes, codes, numbers and URLs, at the top level and in a
// sequence. The engine must remove every one, and leave the ordinary words and values around them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "fixtures.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Letters and digits only, lower case: what is left of "Q U I L L" once its spaces go.
std::string squashed(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

std::unique_ptr<DcmFileFormat> quillfeather() {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_PatientName, "QUILLFEATHER^Ottoline^Marisol");
  ds.putAndInsertString(DCM_PatientID, "MRN-48213377");
  ds.putAndInsertString(DCM_PatientBirthDate, "19610314");
  ds.putAndInsertString(DCM_PatientTelephoneNumbers, "0161 496 0732");
  return mr;
}

std::string value(DcmItem& item, const DcmTagKey& tag) {
  OFString v;
  item.findAndGetOFStringArray(tag, v, OFFalse);
  return v.c_str();
}

}  // namespace

TEST(EngineIdentifierVariants, NamesTypedApartOrGluedLeaveFreeTextAndTechnicalValues) {
  auto file = quillfeather();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_StudyDescription, "Quill Feather knee");
  ds.putAndInsertString(DCM_SeriesDescription, "quill-feather T2 sag");
  ds.putAndInsertString(DCM_ImageComments, "Q U I L L F E A T H E R left knee");
  ds.putAndInsertString(DCM_SequenceName, "QuillfeatherO");
  ds.putAndInsertString(DCM_SoftwareVersions, "OttolineQuillfeather");
  ds.putAndInsertString(DCM_WindowCenterWidthExplanation, "QUILLFEATHERMRN");
  ds.putAndInsertString(DCM_PulseSequenceName, "Quill Feather");
  ds.putAndInsertString(DCM_Manufacturer, "QuillfeatherOttoline Medical");
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "identifier_variants_text");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  for (const DcmTagKey& tag : {DCM_StudyDescription, DCM_SeriesDescription, DCM_ImageComments, DCM_SequenceName,
                               DCM_SoftwareVersions, DCM_WindowCenterWidthExplanation, DCM_PulseSequenceName,
                               DCM_Manufacturer}) {
    const std::string v = value(r.ds(), tag);
    EXPECT_EQ(squashed(v).find("quillfeather"), std::string::npos) << tag << " " << v;
    EXPECT_EQ(lower(v).find("ottoline"), std::string::npos) << tag << " " << v;
  }
  // The ordinary words around the name stay.
  EXPECT_NE(value(r.ds(), DCM_StudyDescription).find("knee"), std::string::npos);
  EXPECT_NE(value(r.ds(), DCM_SeriesDescription).find("T2 sag"), std::string::npos);
  EXPECT_NE(value(r.ds(), DCM_ImageComments).find("left knee"), std::string::npos);
  EXPECT_NE(value(r.ds(), DCM_Manufacturer).find("Medical"), std::string::npos);
}

TEST(EngineIdentifierVariants, CodesNumbersAndUrlsLoseTheValuesThatHoldAnIdentifier) {
  auto file = quillfeather();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\QUILLFEATHER");
  ds.putAndInsertString(DCM_BodyPartExamined, "OTTOLINE");
  ds.putAndInsertString(DCM_ScanOptions, "Q U I L L F E A T H E R");
  ds.putAndInsertString(DCM_SequenceVariant, "SK\\MRN48213377");
  ds.putAndInsertString(DCM_RetrieveURL, "https://pacs.example/wado?pn=QUILLFEATHER&id=MRN-48213377");
  ds.putAndInsertString(DCM_PixelDataProviderURL, "http://x/QuillfeatherOttoline");
  ds.putAndInsertString(DCM_AcquisitionNumber, "48213377");
  ds.putAndInsertString(DCM_SliceThickness, "19610314");
  ds.putAndInsertString(DCM_XRayTubeCurrent, "4960732");
  ds.putAndInsertString(DCM_RetrieveAETitle, "QUILLFEATHER_PACS");
  // Ordinary values of the same kinds stay.
  ds.putAndInsertString(DCM_SpacingBetweenSlices, "3.3");
  ds.putAndInsertString(DCM_EchoTrainLength, "12");
  ds.putAndInsertString(DCM_PatientPosition, "HFS");
  // A code one level down, in a sequence the table does not list.
  DcmItem* item = nullptr;
  ASSERT_TRUE(ds.findOrCreateSequenceItem(DCM_AnatomicRegionSequence, item, -2).good());
  item->putAndInsertString(DCM_CodeValue, "T-15750");
  item->putAndInsertString(DCM_CodingSchemeDesignator, "SRT");
  item->putAndInsertString(DCM_CodeMeaning, "Knee");
  item->putAndInsertString(DCM_ImageLaterality, "QUILLFEATHER");
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "identifier_variants_codes");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(value(r.ds(), DCM_ImageType), "ORIGINAL\\PRIMARY");  // Type 1: the other values stay
  EXPECT_EQ(value(r.ds(), DCM_BodyPartExamined), "");
  EXPECT_EQ(value(r.ds(), DCM_ScanOptions), "");
  EXPECT_EQ(value(r.ds(), DCM_SequenceVariant), "SK");
  EXPECT_EQ(value(r.ds(), DCM_RetrieveURL), "");
  EXPECT_EQ(value(r.ds(), DCM_PixelDataProviderURL), "");
  EXPECT_EQ(value(r.ds(), DCM_AcquisitionNumber), "");
  EXPECT_EQ(value(r.ds(), DCM_SliceThickness), "");
  EXPECT_EQ(value(r.ds(), DCM_XRayTubeCurrent), "");
  EXPECT_EQ(value(r.ds(), DCM_RetrieveAETitle), "");
  EXPECT_EQ(value(r.ds(), DCM_SpacingBetweenSlices), "3.3");
  EXPECT_EQ(value(r.ds(), DCM_EchoTrainLength), "12");
  EXPECT_EQ(value(r.ds(), DCM_PatientPosition), "HFS");
  DcmItem* out_item = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequenceItem(DCM_AnatomicRegionSequence, out_item, 0).good());
  EXPECT_EQ(value(*out_item, DCM_ImageLaterality), "");
  EXPECT_EQ(value(*out_item, DCM_CodeValue), "T-15750");
  const std::string all = squashed(allText(r.ds()));
  EXPECT_EQ(all.find("quillfeather"), std::string::npos);
  EXPECT_EQ(all.find("48213377"), std::string::npos);
  EXPECT_EQ(all.find("19610314"), std::string::npos);
  EXPECT_EQ(all.find("4960732"), std::string::npos);
}

// A Type 1 code whose every value identifies keeps the file valid with the dummy; a Type 1
// number keeps its count of values.
TEST(EngineIdentifierVariants, ARequiredCodeLeftWithoutValuesGetsTheDummy) {
  auto file = quillfeather();
  file->getDataset()->putAndInsertString(DCM_ImageType, "QUILLFEATHER\\OTTOLINE");
  file->getDataset()->putAndInsertString(DCM_PixelSpacing, "48213377\\0.5");
  file->getDataset()->putAndInsertString(DCM_ImagePositionPatient, "-12.5\\19610314\\48213377.0");
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "identifier_variants_type1");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(value(r.ds(), DCM_ImageType), "ANONYMOUS");
  EXPECT_EQ(value(r.ds(), DCM_PixelSpacing), "0\\0.5");  // as many values as before
  EXPECT_EQ(value(r.ds(), DCM_ImagePositionPatient), "-12.5\\0\\0");
}

// F5: the patient's accented name typed without its accents, and a plain name typed with them.
TEST(EngineIdentifierVariants, AccentsDoNotHideAName) {
  auto file = makeMr();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  ds.putAndInsertString(DCM_PatientName, "MÜLLER^Gretchen");
  ds.putAndInsertString(DCM_ReferringPhysicianName, "Quillfeather^Bartholomew");
  ds.putAndInsertString(DCM_SeriesDescription, "muller knee");
  ds.putAndInsertString(DCM_ImageComments, "pt MULLER | Muller | seen by Dr QUÍLLFÉATHER");
  ds.putAndInsertString(DCM_SoftwareVersions, "MULLER");
  ds.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\MULLER");
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "identifier_variants_accents");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(value(r.ds(), DCM_SeriesDescription), "[removed] knee");
  EXPECT_EQ(value(r.ds(), DCM_ImageType), "ORIGINAL\\PRIMARY");
  const std::string all = lower(allText(r.ds()));
  EXPECT_EQ(all.find("muller"), std::string::npos) << all;
  EXPECT_EQ(all.find("quill"), std::string::npos) << all;
  EXPECT_EQ(all.find("f\xc3\xa9" "ather"), std::string::npos) << all;
}

// Guard: a short name part is not cut out of longer words, nor matched across ordinary words.
TEST(EngineIdentifierVariants, ShortNamesLeaveLongerWordsAlone) {
  auto file = makeMr();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_PatientName, "ROSS^Li");
  ds.putAndInsertString(DCM_StudyDescription, "Knee cross section");
  ds.putAndInsertString(DCM_SeriesDescription, "clinical limb");
  ds.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\CROSS");
  ds.putAndInsertString(DCM_AcquisitionNumber, "12");
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "identifier_variants_guard");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(value(r.ds(), DCM_StudyDescription), "Knee cross section");
  EXPECT_EQ(value(r.ds(), DCM_SeriesDescription), "clinical limb");
  EXPECT_EQ(value(r.ds(), DCM_ImageType), "ORIGINAL\\PRIMARY\\CROSS");
  EXPECT_EQ(value(r.ds(), DCM_AcquisitionNumber), "12");
}

// Red team C (C3): technical attributes and codes that a short field or a converter cut the name
// to. They get the deny-list and the shapes only, so the cut-short rule is what removes them.
TEST(EngineIdentifierVariants, NamesCutShortLeaveTechnicalValuesAndCodes) {
  auto file = makeMr();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_PatientName, "PENDLEWORTH^Araminta");
  ds.putAndInsertString(DCM_SequenceName, "PENDLEWORT");
  ds.putAndInsertString(DCM_SoftwareVersions, "Pendlewo");
  ds.putAndInsertString(DCM_ConvolutionKernel, "ARAMIN");
  ds.putAndInsertString(DCM_WindowCenterWidthExplanation, "PENDLEW_A");
  ds.putAndInsertString(DCM_StudyDescription, "CT CHEST");
  DcmItem* item = nullptr;
  ASSERT_TRUE(ds.findOrCreateSequenceItem(DCM_AnatomicRegionSequence, item, -2).good());
  item->putAndInsertString(DCM_CodeValue, "PENDLEW");
  item->putAndInsertString(DCM_CodingSchemeDesignator, "99ARAM");
  item->putAndInsertString(DCM_CodeMeaning, "Knee");
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "identifier_variants_cut_short");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  const std::string all = lower(allText(r.ds()));
  EXPECT_EQ(all.find("pendlew"), std::string::npos) << all;
  EXPECT_EQ(all.find("aram"), std::string::npos) << all;
  EXPECT_EQ(value(r.ds(), DCM_StudyDescription), "CT CHEST");
  DcmItem* out_item = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequenceItem(DCM_AnatomicRegionSequence, out_item, 0).good());
  EXPECT_EQ(value(*out_item, DCM_CodeMeaning), "Knee");
}

// Red team C (C4): the postal code inside an address part ("7811 KP Fennimore", "Fennimore ON
// K7L 3N6") goes from free text with or without its space, and its halves with it.
TEST(EngineIdentifierVariants, PostalCodeOfTheAddressGoesWithOrWithoutItsSpace) {
  struct Case {
    const char* address;
    const char* texts[3];
    const char* gone;  // squashed
  };
  for (const Case& c : {Case{"Wicklowstraat 42, 7811 KP Fennimore", {"adres 7811 KP", "postcode 7811KP", "adres 7811-KP"}, "7811kp"},
                        Case{"42 Wicklow Terrace, Fennimore ON K7L 3N6", {"postal K7L 3N6", "code K7L3N6", "from K7L"}, "k7l"}}) {
    auto file = makeMr();
    DcmDataset& ds = *file->getDataset();
    ds.putAndInsertString(DCM_PatientAddress, c.address);
    ds.putAndInsertString(DCM_StudyDescription, c.texts[0]);
    ds.putAndInsertString(DCM_SeriesDescription, c.texts[1]);
    ds.putAndInsertString(DCM_ImageComments, c.texts[2]);
    const Result r = run(*file, makeConfig(Profile::defaultProfile()), "identifier_variants_postal_code");
    ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
    for (const DcmTagKey& tag : {DCM_StudyDescription, DCM_SeriesDescription, DCM_ImageComments}) {
      const std::string v = value(r.ds(), tag);
      EXPECT_EQ(squashed(v).find(c.gone), std::string::npos) << c.address << ": " << v;
      EXPECT_EQ(squashed(v).find("3n6"), std::string::npos) << c.address << ": " << v;
      EXPECT_NE(v.find("[removed]"), std::string::npos) << c.address << ": " << v;
    }
  }
}
