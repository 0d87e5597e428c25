// Per-attribute overrides (DeidConfig::overrides, a recipe's remove/empty/replace/keep rules):
// applied at every depth before the action table, never to UIDs, and checked before any file is
// read (overrideProblem).
#include <gtest/gtest.h>

#include "fixtures.h"
#include "imaging/core/error.h"

using namespace deidtest;
using imaging::AttributeOverride;
using imaging::InstanceOutcome;
using imaging::OverrideAction;
using imaging::Profile;

namespace {

constexpr const char* kNested = "nested text";

// The fixture MR with the overridden attributes also inside a sequence item.
std::unique_ptr<DcmFileFormat> withNested() {
  auto mr = makeMr();
  DcmItem* item = nullptr;
  mr->getDataset()->findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, 0);
  item->putAndInsertString(DCM_Manufacturer, "ACME Medical");
  item->putAndInsertString(DCM_InstitutionName, "St Elsewhere Hospital");
  item->putAndInsertString(DCM_StudyDescription, "Knee MRI for John Doe");
  return mr;
}

DcmItem& nestedItem(const Result& r) {
  DcmItem* item = nullptr;
  r.ds().findAndGetSequenceItem(DCM_ReferencedImageSequence, item, 0);
  if (!item) throw std::runtime_error("no nested item");
  return *item;
}

AttributeOverride rule(const char* keyword, OverrideAction action, const std::string& value = {}) {
  AttributeOverride o;
  o.key = *imaging::parseAttributeKeyword(keyword);
  o.action = action;
  o.value = value;
  return o;
}

std::string method(const Result& r) {
  OFString m;
  r.ds().findAndGetOFStringArray(DCM_DeidentificationMethod, m);
  return m.c_str();
}

Result runWith(const AttributeOverride& o, const std::string& name) {
  auto file = withNested();
  auto config = makeConfig(Profile::defaultProfile());
  config.overrides.push_back(o);
  return run(*file, config, name);
}

TEST(EngineOverrides, WithoutOverridesTheProfileDecides) {
  auto file = withNested();
  const Result r = run(*file, makeConfig(Profile::defaultProfile()), "override_baseline");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_Manufacturer), "ACME Medical");
  EXPECT_EQ(str(nestedItem(r), DCM_Manufacturer), "ACME Medical");
  EXPECT_NE(str(r.ds(), DCM_InstitutionName), "Research Site 7");
  EXPECT_NE(str(r.ds(), DCM_StudyDescription), "Knee MRI for John Doe");
  EXPECT_NE(str(r.ds(), DCM_PatientName), kPatientName);
}

TEST(EngineOverrides, RemoveTakesTheAttributeOutAtEveryDepth) {
  const Result r = runWith(rule("Manufacturer", OverrideAction::Remove), "override_remove");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_FALSE(has(r.ds(), DCM_Manufacturer));
  EXPECT_FALSE(has(nestedItem(r), DCM_Manufacturer));
  EXPECT_EQ(r.outcome.action_counts.at("recipe-remove"), 2);
}

TEST(EngineOverrides, EmptyKeepsTheAttributeWithoutValueAtEveryDepth) {
  const Result r = runWith(rule("Manufacturer", OverrideAction::Empty), "override_empty");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_TRUE(has(r.ds(), DCM_Manufacturer));
  EXPECT_EQ(str(r.ds(), DCM_Manufacturer), "");
  EXPECT_TRUE(has(nestedItem(r), DCM_Manufacturer));
  EXPECT_EQ(str(nestedItem(r), DCM_Manufacturer), "");
}

TEST(EngineOverrides, ReplaceWritesTheConstantAtEveryDepth) {
  const Result r = runWith(rule("InstitutionName", OverrideAction::Replace, "Research Site 7"), "override_replace");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_InstitutionName), "Research Site 7");
  EXPECT_EQ(str(nestedItem(r), DCM_InstitutionName), "Research Site 7");
}

TEST(EngineOverrides, NonAsciiReplaceIsWrittenAsUtf8AndDeclared) {
  const std::string value = "\xC3\x89tudes Clinique";  // "Études Clinique"
  auto config = makeConfig(Profile::defaultProfile());
  config.overrides.push_back(rule("InstitutionName", OverrideAction::Replace, value));
  // An ASCII source (no Specific Character Set): the copy declares ISO_IR 192.
  auto ascii_file = withNested();
  ascii_file->getDataset()->findAndDeleteElement(DCM_SpecificCharacterSet);
  const Result ascii = run(*ascii_file, config, "override_replace_utf8");
  ASSERT_EQ(ascii.outcome.status, InstanceOutcome::Status::Kept) << ascii.outcome.reason;
  EXPECT_EQ(str(ascii.ds(), DCM_InstitutionName), value);
  EXPECT_EQ(str(nestedItem(ascii), DCM_InstitutionName), value);
  EXPECT_EQ(str(ascii.ds(), DCM_SpecificCharacterSet), "ISO_IR 192");
  // A Latin-1 source is converted to UTF-8 as a whole: its own text and the value agree.
  auto latin1 = withNested();
  latin1->getDataset()->putAndInsertString(DCM_Manufacturer, "M\xFCller Medical");
  const Result r = run(*latin1, config, "override_replace_latin1");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_SpecificCharacterSet), "ISO_IR 192");
  EXPECT_EQ(str(r.ds(), DCM_InstitutionName), value);
  EXPECT_EQ(str(r.ds(), DCM_Manufacturer), "M\xC3\xBCller Medical");
  // Without such a value an ASCII source stays without a character set.
  auto plain_file = withNested();
  plain_file->getDataset()->findAndDeleteElement(DCM_SpecificCharacterSet);
  auto plain_config = makeConfig(Profile::defaultProfile());
  plain_config.overrides.push_back(rule("InstitutionName", OverrideAction::Replace, "Research Site 7"));
  const Result plain_ascii = run(*plain_file, plain_config, "override_replace_ascii2");
  EXPECT_FALSE(has(plain_ascii.ds(), DCM_SpecificCharacterSet));
}

TEST(EngineOverrides, KeepLeavesTheSourceTextUncleanedAndMarksIt) {
  const Result r = runWith(rule("StudyDescription", OverrideAction::Keep), "override_keep");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_StudyDescription), "Knee MRI for John Doe");
  EXPECT_EQ(str(nestedItem(r), DCM_StudyDescription), "Knee MRI for John Doe");
  EXPECT_NE(method(r).find("Verbatim StudyDescription"), std::string::npos) << method(r);
  EXPECT_EQ(method(r).find("Unsafe keep"), std::string::npos) << method(r);
}

TEST(EngineOverrides, UnsafeKeepOfPatientNameWritesTheNameAndSaysSo) {
  const Result r = runWith(rule("PatientName", OverrideAction::Keep), "override_unsafe_name");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_PatientName), kPatientName);
  // The fixture's depth-3 item carries the name too.
  DcmItem* level1 = nullptr;
  DcmItem* level2 = nullptr;
  DcmItem* level3 = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequenceItem(DCM_ReferencedSeriesSequence, level1, 0).good());
  ASSERT_TRUE(level1->findAndGetSequenceItem(DCM_ReferencedInstanceSequence, level2, 0).good());
  ASSERT_TRUE(level2->findAndGetSequenceItem(DCM_PurposeOfReferenceCodeSequence, level3, 0).good());
  EXPECT_EQ(str(*level3, DCM_PatientName), kPatientName);
  EXPECT_NE(method(r).find("Unsafe keep PatientName"), std::string::npos) << method(r);
  // Everything else is still de-identified.
  EXPECT_NE(str(r.ds(), DCM_PatientID), kPatientId);
  EXPECT_NE(str(r.ds(), DCM_StudyInstanceUID), kStudyUid);
  EXPECT_EQ(str(r.ds(), DCM_PatientIdentityRemoved), "YES");
}

TEST(EngineOverrides, ARefusedOverrideStopsTheConfigurationNotAFile) {
  auto config = makeConfig(Profile::defaultProfile());
  config.overrides.push_back(rule("ReferencedSOPInstanceUID", OverrideAction::Keep));
  EXPECT_THROW(imaging::Deidentifier{config}, imaging::Error);
  config.overrides = {rule("SOPInstanceUID", OverrideAction::Remove)};
  EXPECT_THROW(imaging::Deidentifier{config}, imaging::Error);
}

TEST(OverrideProblem, ReplaceValuesMustFitTheVr) {
  using imaging::overrideProblem;
  EXPECT_FALSE(overrideProblem(rule("StudyDate", OverrideAction::Replace, "20240229")));
  EXPECT_TRUE(overrideProblem(rule("StudyDate", OverrideAction::Replace, "20230229")));
  EXPECT_TRUE(overrideProblem(rule("StudyDate", OverrideAction::Replace, "2024-01-01")));
  EXPECT_TRUE(overrideProblem(rule("StudyDate", OverrideAction::Replace, "20241301")));
  EXPECT_FALSE(overrideProblem(rule("InstitutionName", OverrideAction::Replace, "Research Site 7")));
  EXPECT_TRUE(overrideProblem(rule("InstitutionName", OverrideAction::Replace, std::string(65, 'A'))));
  EXPECT_TRUE(overrideProblem(rule("StationName", OverrideAction::Replace, std::string(17, 'A'))));
  // Outside ASCII: UTF-8, in the VRs that allow other characters (the file then declares ISO_IR 192).
  EXPECT_FALSE(overrideProblem(rule("InstitutionName", OverrideAction::Replace, "H\xC3\xB4pital")));
  EXPECT_FALSE(overrideProblem(rule("StudyDescription", OverrideAction::Replace, "\xC3\x89tudes Clinique")));
  const auto cs = overrideProblem(rule("BodyPartExamined", OverrideAction::Replace, "GENOU\xC3\x89"));
  ASSERT_TRUE(cs);
  EXPECT_NE(cs->find("ASCII only"), std::string::npos) << *cs;
  EXPECT_TRUE(overrideProblem(rule("InstitutionName", OverrideAction::Replace, "H\xF4pital")));  // Latin-1, not UTF-8
  EXPECT_TRUE(overrideProblem(rule("StationName", OverrideAction::Replace, std::string(8, '\xC3') + std::string(1, 'A'))));
  EXPECT_TRUE(overrideProblem(rule("PixelSpacing", OverrideAction::Replace, "abc")));
  EXPECT_TRUE(overrideProblem(rule("StudyInstanceUID", OverrideAction::Replace, "1.2.3")));
  EXPECT_TRUE(overrideProblem(rule("ReferencedSOPInstanceUID", OverrideAction::Replace, "1.2.3")));
}

TEST(OverrideProblem, KeepIsRefusedForUidsSequencesAndDates) {
  using imaging::overrideProblem;
  const auto uid = overrideProblem(rule("FrameOfReferenceUID", OverrideAction::Keep));
  ASSERT_TRUE(uid);
  EXPECT_NE(uid->find("UID"), std::string::npos) << *uid;
  EXPECT_TRUE(overrideProblem(rule("ReferencedImageSequence", OverrideAction::Keep)));
  EXPECT_TRUE(overrideProblem(rule("StudyDate", OverrideAction::Keep)));
  EXPECT_FALSE(overrideProblem(rule("PatientBirthDate", OverrideAction::Keep)));
  EXPECT_FALSE(overrideProblem(rule("PatientName", OverrideAction::Keep)));
  EXPECT_FALSE(overrideProblem(rule("ReferencedImageSequence", OverrideAction::Remove)));
}

TEST(OverrideProblem, WhatTheEngineWritesCannotBeOverridden) {
  using imaging::overrideProblem;
  EXPECT_TRUE(overrideProblem(rule("PatientIdentityRemoved", OverrideAction::Replace, "NO")));
  EXPECT_TRUE(overrideProblem(rule("DeidentificationMethod", OverrideAction::Remove)));
  EXPECT_TRUE(overrideProblem(rule("SpecificCharacterSet", OverrideAction::Empty)));
  EXPECT_TRUE(overrideProblem(rule("PatientName", OverrideAction::Remove)));
  EXPECT_TRUE(overrideProblem(rule("PatientID", OverrideAction::Empty)));
  EXPECT_FALSE(overrideProblem(rule("PatientName", OverrideAction::Replace, "RESEARCH^SUBJECT")));
}

}  // namespace
