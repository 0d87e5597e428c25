// Each option of Table E.1-1 changes what it should, and only that.
#include <gtest/gtest.h>

#include <ctime>
#include <set>

#include "fixtures.h"
#include "imaging/deid/parts.h"

using namespace deidtest;
using imaging::DateMode;
using imaging::DeidOption;
using imaging::Profile;

namespace {

std::set<std::string> methodCodes(DcmDataset& ds) {
  std::set<std::string> codes;
  DcmItem* code = nullptr;
  for (int i = 0; ds.findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, code, i).good(); ++i)
    codes.insert(str(*code, DCM_CodeValue));
  return codes;
}

Profile with(std::initializer_list<DeidOption> options) {
  Profile p;
  p.options = options;
  return p;
}

int weekday(const std::string& yyyymmdd) {
  std::tm tm{};
  tm.tm_year = std::stoi(yyyymmdd.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(yyyymmdd.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(yyyymmdd.substr(6, 2));
  tm.tm_hour = 12;
  const std::time_t t = timegm(&tm);
  std::tm out{};
  gmtime_r(&t, &out);
  return out.tm_wday;
}

}  // namespace

TEST(Options, BasicProfileRemovesDatesPerTypeAndDropsCharacteristics) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(Profile::basic()), "opt_basic");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  DcmDataset& ds = r.ds();
  EXPECT_TRUE(has(ds, DCM_StudyDate));  // Z: present, empty
  EXPECT_EQ(str(ds, DCM_StudyDate), "");
  EXPECT_EQ(str(ds, DCM_StudyTime), "");
  EXPECT_TRUE(has(ds, DCM_ContentDate));  // Z/D, Type 2C in General Image -> Z
  EXPECT_EQ(str(ds, DCM_ContentDate), "");
  EXPECT_FALSE(has(ds, DCM_AcquisitionDate));  // X/Z, Type 3 -> X
  EXPECT_FALSE(has(ds, DCM_SeriesDate));       // X/D, Type 3 -> X
  EXPECT_FALSE(has(ds, DCM_AcquisitionDateTime));
  EXPECT_FALSE(has(ds, DCM_StudyDescription));  // X without Clean Descriptors
  EXPECT_FALSE(has(ds, DCM_ImageComments));
  EXPECT_TRUE(has(ds, DCM_PatientSex));
  EXPECT_EQ(str(ds, DCM_PatientSex), "");
  EXPECT_FALSE(has(ds, DCM_PatientAge));
  EXPECT_FALSE(has(ds, DCM_PatientWeight));
  EXPECT_EQ(str(ds, DCM_LongitudinalTemporalInformationModified), "REMOVED");
  EXPECT_EQ(methodCodes(ds), std::set<std::string>{"113100"});
}

TEST(Options, FullDatesKeepDatesUnmodified) {
  auto mr = makeMr();
  Profile p = Profile::defaultProfile();
  p.setDateMode(DateMode::Keep);
  const Result r = run(*mr, makeConfig(p), "opt_full_dates");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_StudyDate), "20240105");
  EXPECT_EQ(str(r.ds(), DCM_AcquisitionDateTime), "20240105101600.5+0100");
  EXPECT_EQ(str(r.ds(), DCM_LongitudinalTemporalInformationModified), "UNMODIFIED");
  EXPECT_TRUE(methodCodes(r.ds()).count("113106"));
  EXPECT_FALSE(methodCodes(r.ds()).count("113107"));
  EXPECT_EQ(str(r.ds(), DCM_PatientBirthDate), "");  // not a longitudinal date
}

TEST(Options, KeepWeekdayShiftKeepsTheDayOfWeek) {
  auto mr = makeMr();
  auto config = makeConfig(Profile::defaultProfile());
  config.dates = imaging::makeHmacDateShifter(testKey(), true);
  const Result r = run(*mr, config, "opt_weekday");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  const std::string shifted = str(r.ds(), DCM_StudyDate);
  EXPECT_NE(shifted, "20240105");
  EXPECT_EQ(weekday(shifted), weekday("20240105"));
}

TEST(Options, RetainUidsKeepsEveryUid) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(with({DeidOption::RetainUids})), "opt_uids");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_SOPInstanceUID), kSopUid);
  EXPECT_EQ(str(r.ds(), DCM_StudyInstanceUID), kStudyUid);
  EXPECT_EQ(str(r.ds(), DCM_FrameOfReferenceUID), kFrameOfRefUid);
  DcmItem* ref = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequenceItem(DCM_ReferencedImageSequence, ref).good());
  EXPECT_EQ(str(*ref, DCM_ReferencedSOPInstanceUID), kReferencedUid);
  EXPECT_TRUE(methodCodes(r.ds()).count("113110"));
}

TEST(Options, RetainDeviceIdentityKeepsStationAndSerial) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(with({DeidOption::RetainDeviceIdentity})), "opt_device");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_StationName), "MRSCAN01");
  EXPECT_EQ(str(r.ds(), DCM_DeviceSerialNumber), "SN-55501");
  EXPECT_FALSE(has(r.ds(), DCM_InstitutionName));
  EXPECT_TRUE(methodCodes(r.ds()).count("113109"));
}

TEST(Options, RetainInstitutionIdentityKeepsInstitutionUnscrubbed) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(with({DeidOption::RetainInstitutionIdentity})), "opt_institution");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_InstitutionName), "St Elsewhere Hospital");
  // Retained values still lose what was harvested from the patient: here the patient's town.
  EXPECT_EQ(str(r.ds(), DCM_InstitutionAddress), "1 Hospital Road, [removed]");
  EXPECT_FALSE(has(r.ds(), DCM_StationName));
  EXPECT_TRUE(methodCodes(r.ds()).count("113112"));
}

TEST(Options, CleanDescriptorsOffRemovesDescriptions) {
  auto mr = makeMr();
  Profile p = with({DeidOption::RetainLongitudinalModifiedDates});
  const Result r = run(*mr, makeConfig(p), "opt_no_clean_desc");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_FALSE(has(r.ds(), DCM_StudyDescription));
  EXPECT_FALSE(has(r.ds(), DCM_SeriesDescription));
  EXPECT_FALSE(has(r.ds(), DCM_ProtocolName));
  EXPECT_NE(str(r.ds(), DCM_StudyDate), "");  // shifted, present
}

TEST(Options, RetainSafePrivateKeepsOnlyTheSafeListWithItsCreator) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(with({DeidOption::RetainSafePrivate})), "opt_safe_private");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DcmTagKey(0x0019, 0x0010)), "SIEMENS MR HEADER");
  EXPECT_EQ(str(r.ds(), DcmTagKey(0x0019, 0x100C)), "1000");
  EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0019, 0x1008)));  // same creator, not on the list
  EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0009, 0x0010)));  // unknown creator: whole block gone
  EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0009, 0x1001)));
  EXPECT_TRUE(methodCodes(r.ds()).count("113111"));
}

TEST(Options, SafePrivateNeverKeepsText) {
  auto mr = makeMr();
  // A safe-list slot holding words instead of a number is dropped.
  mr->getDataset()->findAndDeleteElement(DcmTagKey(0x0019, 0x100C));
  auto* elem = new DcmIntegerString(DcmTag(0x0019, 0x100C, EVR_IS));
  elem->putString("John Doe");
  mr->getDataset()->insert(elem, true);
  const Result r = run(*mr, makeConfig(with({DeidOption::RetainSafePrivate})), "opt_safe_private_text");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0019, 0x100C)));
  EXPECT_FALSE(has(r.ds(), DcmTagKey(0x0019, 0x0010)));
}

TEST(Options, CleanGraphicsKeepsOverlaysAndCurvesButCleansTheirText) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(with({DeidOption::CleanGraphics})), "opt_graphics");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_TRUE(has(r.ds(), DcmTagKey(0x6000, 0x3000)));
  EXPECT_TRUE(has(r.ds(), DcmTagKey(0x6000, 0x0010)));
  const std::string comment = str(r.ds(), DcmTagKey(0x6000, 0x4000));
  EXPECT_NE(comment.find("drawn for"), std::string::npos) << comment;
  EXPECT_EQ(comment.find("Doe"), std::string::npos) << comment;
  EXPECT_TRUE(has(r.ds(), DcmTagKey(0x5000, 0x0005)));
  EXPECT_EQ(str(r.ds(), DcmTagKey(0x5000, 0x0022)).find("Doe"), std::string::npos);
  EXPECT_TRUE(methodCodes(r.ds()).count("113103"));
}

TEST(Options, FixedPseudonymIsWritten) {
  auto mr = makeMr();
  auto config = makeConfig(Profile::defaultProfile());
  config.pseudonyms = imaging::makeFixedPseudonym({"CASE^ONE", "CASE-1"});
  const Result r = run(*mr, config, "opt_fixed_pseudonym");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_PatientName), "CASE^ONE");
  EXPECT_EQ(str(r.ds(), DCM_PatientID), "CASE-1");
}

TEST(Options, TwoPatientsNeverMerge) {
  auto a = makeMr();
  auto b = makeMr();
  b->getDataset()->putAndInsertString(DCM_PatientName, "Roe^Jane");
  b->getDataset()->putAndInsertString(DCM_PatientID, "PID99999");
  const auto config = makeConfig(Profile::defaultProfile());
  const Result ra = run(*a, config, "two_patients_a");
  const Result rb = run(*b, config, "two_patients_b");
  ASSERT_TRUE(ra.file && rb.file);
  EXPECT_NE(str(ra.ds(), DCM_PatientID), str(rb.ds(), DCM_PatientID));
  EXPECT_NE(str(ra.ds(), DCM_PatientName), str(rb.ds(), DCM_PatientName));
}
