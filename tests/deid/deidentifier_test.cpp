// The default profile on a complete MR image: each action kind, identity, marks, meta, pixels.
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <set>

#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

#include "fixtures.h"
#include "imaging/deid/parts.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

// Independent date arithmetic (C library) for expected shifted dates.
std::string addDays(const std::string& yyyymmdd, int days) {
  std::tm tm{};
  tm.tm_year = std::stoi(yyyymmdd.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(yyyymmdd.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(yyyymmdd.substr(6, 2)) + days;
  tm.tm_hour = 12;
  const std::time_t t = timegm(&tm);
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d", &out);
  return buf;
}

DcmItem* item(DcmItem& parent, const DcmTagKey& seq, int index = 0) {
  DcmItem* result = nullptr;
  parent.findAndGetSequenceItem(seq, result, index);
  return result;
}

class DefaultProfile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto mr = makeMr();
    result_ = new Result(run(*mr, makeConfig(Profile::defaultProfile()), "default_profile", true));
  }
  static void TearDownTestSuite() { delete result_; }
  static Result* result_;
  DcmDataset& ds() { return result_->ds(); }
  const Result& r() { return *result_; }
};
Result* DefaultProfile::result_ = nullptr;

}  // namespace

TEST_F(DefaultProfile, IsKeptAndWritten) {
  ASSERT_EQ(r().outcome.status, InstanceOutcome::Status::Kept) << r().outcome.reason;
  ASSERT_NE(r().file, nullptr);
}

TEST_F(DefaultProfile, PatientBecomesThePseudonym) {
  ASSERT_NE(r().file, nullptr);
  EXPECT_EQ(str(ds(), DCM_PatientName), r().patient.pseudonym.name);
  EXPECT_EQ(str(ds(), DCM_PatientID), r().patient.pseudonym.id);
  EXPECT_FALSE(r().patient.pseudonym.id.empty());
}

TEST_F(DefaultProfile, EmptyActionKeepsTheAttributePresent) {
  ASSERT_NE(r().file, nullptr);
  for (const DcmTagKey& tag : {DCM_PatientBirthDate, DCM_AccessionNumber, DCM_ReferringPhysicianName, DCM_StudyID}) {
    EXPECT_TRUE(has(ds(), tag)) << DcmTag(tag).getTagName();
    EXPECT_EQ(str(ds(), tag), "") << DcmTag(tag).getTagName();
  }
}

TEST_F(DefaultProfile, RemoveActionRemoves) {
  ASSERT_NE(r().file, nullptr);
  for (const DcmTagKey& tag : {DCM_InstitutionName, DCM_InstitutionAddress, DCM_StationName, DCM_OperatorsName,
                               DCM_DeviceSerialNumber, DCM_PatientAddress, DCM_PatientTelephoneNumbers,
                               DCM_RETIRED_OtherPatientIDs, DCM_IssuerOfPatientID, DCM_InstitutionalDepartmentName})
    EXPECT_FALSE(has(ds(), tag)) << DcmTag(tag).getTagName();
}

TEST_F(DefaultProfile, PatientCharacteristicsAreRetained) {
  ASSERT_NE(r().file, nullptr);
  EXPECT_EQ(str(ds(), DCM_PatientSex), "M");
  EXPECT_EQ(str(ds(), DCM_PatientAge), "043Y");
  EXPECT_EQ(str(ds(), DCM_PatientWeight), "80");
}

TEST_F(DefaultProfile, DatesShiftByThePatientOffsetAndTimesStay) {
  ASSERT_NE(r().file, nullptr);
  const int offset = r().patient.date_offset_days;
  ASSERT_NE(offset, 0);
  EXPECT_EQ(str(ds(), DCM_StudyDate), addDays("20240105", offset));
  EXPECT_EQ(str(ds(), DCM_SeriesDate), addDays("20240105", offset));
  EXPECT_EQ(str(ds(), DCM_ContentDate), addDays("20240105", offset));
  EXPECT_EQ(str(ds(), DCM_InstanceCreationDate), addDays("20240106", offset));
  EXPECT_EQ(str(ds(), DCM_AcquisitionDateTime), addDays("20240105", offset) + "101600.5+0100");
  EXPECT_EQ(str(ds(), DCM_StudyTime), "101010");
  EXPECT_EQ(str(ds(), DCM_ContentTime), "101700");
}

TEST_F(DefaultProfile, DescriptorsAreCleanedNotRemoved) {
  ASSERT_NE(r().file, nullptr);
  const std::string study = str(ds(), DCM_StudyDescription);
  EXPECT_NE(study.find("Knee MRI for"), std::string::npos) << study;
  EXPECT_EQ(study.find("John"), std::string::npos);
  EXPECT_EQ(study.find("Doe"), std::string::npos);
  EXPECT_EQ(str(ds(), DCM_SeriesDescription).find("DOE"), std::string::npos);
  EXPECT_NE(str(ds(), DCM_SeriesDescription).find("T1 SAG"), std::string::npos);
  const std::string comments = str(ds(), DCM_ImageComments);
  EXPECT_EQ(comments.find("15.02.1980"), std::string::npos) << comments;
  EXPECT_EQ(comments.find("PID12345"), std::string::npos) << comments;
  EXPECT_NE(comments.find("born"), std::string::npos) << comments;
  EXPECT_EQ(str(ds(), DCM_ProtocolName).find("DOE"), std::string::npos);
}

TEST_F(DefaultProfile, UidsAreMappedAndReferencesStayConsistent) {
  ASSERT_NE(r().file, nullptr);
  const auto mapper = imaging::makeHmacUidMapper(testKey());
  EXPECT_EQ(str(ds(), DCM_SOPInstanceUID), mapper->map(kSopUid));
  EXPECT_EQ(str(ds(), DCM_StudyInstanceUID), mapper->map(kStudyUid));
  EXPECT_EQ(str(ds(), DCM_SeriesInstanceUID), mapper->map(kSeriesUid));
  EXPECT_EQ(str(ds(), DCM_FrameOfReferenceUID), mapper->map(kFrameOfRefUid));
  EXPECT_EQ(str(ds(), DCM_SOPClassUID), kMrClass);  // class UIDs untouched
  DcmItem* ref = item(ds(), DCM_ReferencedImageSequence);
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(str(*ref, DCM_ReferencedSOPInstanceUID), mapper->map(kReferencedUid));
  EXPECT_EQ(str(*ref, DCM_ReferencedSOPClassUID), kMrClass);
  DcmItem* source = item(ds(), DCM_SourceImageSequence);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(str(*source, DCM_ReferencedSOPInstanceUID), mapper->map(kReferencedUid));
  EXPECT_EQ(r().outcome.new_sop_instance_uid, mapper->map(kSopUid));
  EXPECT_EQ(r().outcome.new_series_instance_uid, mapper->map(kSeriesUid));
  EXPECT_EQ(r().outcome.new_study_instance_uid, mapper->map(kStudyUid));
}

TEST_F(DefaultProfile, NestedSequencesAreProcessedAtDepthThree) {
  ASSERT_NE(r().file, nullptr);
  const auto mapper = imaging::makeHmacUidMapper(testKey());
  DcmItem* l1 = item(ds(), DCM_ReferencedSeriesSequence);
  ASSERT_NE(l1, nullptr);
  EXPECT_EQ(str(*l1, DCM_SeriesInstanceUID), str(ds(), DCM_SeriesInstanceUID));
  DcmItem* l2 = item(*l1, DCM_ReferencedInstanceSequence);
  ASSERT_NE(l2, nullptr);
  EXPECT_EQ(str(*l2, DCM_ReferencedSOPInstanceUID), mapper->map(kReferencedUid));
  DcmItem* l3 = item(*l2, DCM_PurposeOfReferenceCodeSequence);
  ASSERT_NE(l3, nullptr);
  EXPECT_EQ(str(*l3, DCM_ContentDate), addDays("20240104", r().patient.date_offset_days));
  EXPECT_EQ(str(*l3, DCM_PatientName), r().patient.pseudonym.name);
  EXPECT_EQ(str(*l3, DCM_CodeMeaning).find("Doe"), std::string::npos);
  EXPECT_NE(str(*l3, DCM_CodeMeaning).find("Localizer for"), std::string::npos);
  EXPECT_EQ(str(*l3, DCM_CodeValue), "121311");
}

TEST_F(DefaultProfile, PrivateCurvesAndOverlaysAreRemoved) {
  ASSERT_NE(r().file, nullptr);
  EXPECT_FALSE(has(ds(), DcmTagKey(0x0009, 0x0010)));
  EXPECT_FALSE(has(ds(), DcmTagKey(0x0009, 0x1001)));
  EXPECT_FALSE(has(ds(), DcmTagKey(0x0019, 0x100C)));
  EXPECT_FALSE(has(ds(), DcmTagKey(0x5000, 0x0005)));
  EXPECT_FALSE(has(ds(), DcmTagKey(0x5000, 0x0022)));
  EXPECT_FALSE(has(ds(), DcmTagKey(0x6000, 0x3000)));
  EXPECT_FALSE(has(ds(), DcmTagKey(0x6000, 0x4000)));
  EXPECT_FALSE(has(ds(), DcmTagKey(0x6000, 0x0010)));  // whole overlay group, not a broken module
}

TEST_F(DefaultProfile, MarksTheResult) {
  ASSERT_NE(r().file, nullptr);
  EXPECT_EQ(str(ds(), DCM_PatientIdentityRemoved), "YES");
  EXPECT_EQ(str(ds(), DCM_LongitudinalTemporalInformationModified), "MODIFIED");
  EXPECT_NE(str(ds(), DCM_DeidentificationMethod).find("Clean Descriptors"), std::string::npos);
  std::set<std::string> codes;
  DcmItem* code = nullptr;
  for (int i = 0; ds().findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, code, i).good(); ++i) {
    codes.insert(str(*code, DCM_CodeValue));
    EXPECT_EQ(str(*code, DCM_CodingSchemeDesignator), "DCM");
    EXPECT_FALSE(str(*code, DCM_CodeMeaning).empty());
  }
  EXPECT_EQ(codes, (std::set<std::string>{"113100", "113105", "113107", "113108"}));
}

TEST_F(DefaultProfile, FileMetaFollowsTheNewInstance) {
  ASSERT_NE(r().file, nullptr);
  DcmMetaInfo& meta = *r().file->getMetaInfo();
  EXPECT_EQ(str(meta, DCM_MediaStorageSOPInstanceUID), str(ds(), DCM_SOPInstanceUID));
  EXPECT_EQ(str(meta, DCM_MediaStorageSOPClassUID), kMrClass);
  EXPECT_FALSE(has(meta, DCM_SourceApplicationEntityTitle));
  EXPECT_EQ(str(meta, DCM_TransferSyntaxUID), UID_LittleEndianExplicitTransferSyntax);
}

TEST_F(DefaultProfile, PixelDataIsCopiedByteForByte) {
  ASSERT_NE(r().file, nullptr);
  const Uint16* out = nullptr;
  ASSERT_TRUE(ds().findAndGetUint16Array(DCM_PixelData, out).good());
  for (int i = 0; i < 64; ++i) EXPECT_EQ(out[i], static_cast<Uint16>(i * 61 % 4096));
}

TEST_F(DefaultProfile, NothingIdentifyingSurvivesAnywhere) {
  ASSERT_NE(r().file, nullptr);
  const std::string bytes = fileBytes(r().output);
  for (const char* planted : {"Doe", "DOE", "John", "PID12345", "19800215", "ACC98765", "Elm Street", "555 0100",
                              "Elsewhere", "House", "Smith", "MRSCAN01", "SN-55501", "OTHER-4711", "STELSE",
                              "1.2.826.0.1.3680043.9.7777"})
    EXPECT_EQ(bytes.find(planted), std::string::npos) << planted;
}

TEST_F(DefaultProfile, InputIsNotModified) {
  auto mr = makeMr();
  const auto dir = workDir("input_unchanged");
  ASSERT_TRUE(mr->saveFile((dir / "in.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const std::string before = fileBytes(dir / "in.dcm");
  const imaging::Deidentifier d(makeConfig(Profile::defaultProfile()));
  imaging::PatientContext patient;
  patient.pseudonym = {"ANON^X", "SS-X"};
  patient.date_offset_days = -10;
  ASSERT_EQ(d.deidentifyFile(dir / "in.dcm", dir / "out.dcm", patient, false).status, InstanceOutcome::Status::Kept);
  EXPECT_EQ(fileBytes(dir / "in.dcm"), before);
}

TEST_F(DefaultProfile, CountsActionsByName) {
  const auto& counts = r().outcome.action_counts;
  ASSERT_TRUE(counts.count("remove"));
  EXPECT_GT(counts.at("remove"), 5);
  EXPECT_GE(counts.at("replace-uid"), 8);
  EXPECT_GE(counts.at("shift-date"), 5);
  EXPECT_GE(counts.at("pseudonym"), 3);
  EXPECT_GE(counts.at("remove-private"), 4);
}

TEST_F(DefaultProfile, RecordsEachChangeWithPathKeywordBeforeAfter) {
  const auto& changes = r().outcome.changes;
  auto find = [&](const std::string& tag) -> const imaging::AttributeChange* {
    for (const auto& c : changes)
      if (c.tag == tag) return &c;
    return nullptr;
  };
  const auto* name = find("(0010,0010)");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->keyword, "PatientName");
  EXPECT_EQ(name->before, kPatientName);
  EXPECT_EQ(name->after, r().patient.pseudonym.name);
  const auto* nested = find("(0008,1140)[0].(0008,1155)");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->keyword, "ReferencedSOPInstanceUID");
  EXPECT_EQ(nested->action, "replace-uid");
  EXPECT_EQ(nested->before, kReferencedUid);
  const auto* deep = find("(0008,1115)[0].(0008,114A)[0].(0040,A170)[0].(0008,0023)");
  ASSERT_NE(deep, nullptr);
  EXPECT_EQ(deep->action, "shift-date");
  const auto* removed = find("(0008,0080)");
  ASSERT_NE(removed, nullptr);
  EXPECT_EQ(removed->action, "remove");
  EXPECT_EQ(removed->after, "");
  EXPECT_NE(find("(0002,0003)"), nullptr);
}

TEST(Deidentifier, DryRunWritesNothingButRecordsChanges) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "dry_run", true, EXS_LittleEndianExplicit, true);
  EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  EXPECT_FALSE(r.outcome.changes.empty());
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(r.input.parent_path())) { (void)entry; ++files; }
  EXPECT_EQ(files, 1u);  // only the input
}

TEST(Deidentifier, BadFilesFailWithAReasonAndNeverThrow) {
  const auto dir = workDir("bad_files");
  { std::ofstream(dir / "text.dcm") << "just some text, not DICOM"; }
  auto mr = makeMr();
  ASSERT_TRUE(mr->saveFile((dir / "whole.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const std::string whole = fileBytes(dir / "whole.dcm");
  { std::ofstream(dir / "truncated.dcm", std::ios::binary) << whole.substr(0, whole.size() - 60); }
  const imaging::Deidentifier d(makeConfig(Profile::defaultProfile()));
  imaging::PatientContext patient;
  patient.pseudonym = {"ANON^X", "SS-X"};
  const std::pair<const char*, imaging::OutcomeCode> cases[] = {{"missing.dcm", imaging::OutcomeCode::InputUnreadable},
                                                                 {"text.dcm", imaging::OutcomeCode::InputNotDicom},
                                                                 {"truncated.dcm", imaging::OutcomeCode::InputTruncated}};
  for (const auto& [name, code] : cases) {
    InstanceOutcome out;
    EXPECT_NO_THROW(out = d.deidentifyFile(dir / name, dir / (std::string(name) + ".out"), patient, false));
    EXPECT_EQ(out.status, InstanceOutcome::Status::Failed) << name;
    EXPECT_EQ(out.code, code) << name << ": " << imaging::toString(out.code);
    EXPECT_FALSE(out.reason.empty()) << name;
    EXPECT_EQ(out.reason.find('\n'), std::string::npos) << name;
    EXPECT_FALSE(std::filesystem::exists(dir / (std::string(name) + ".out"))) << name;
  }
}

TEST(Deidentifier, SameKeyGivesSameOutputDifferentKeyDiffers) {
  auto mr = makeMr();
  const Result a = run(*mr, makeConfig(Profile::defaultProfile(), testKey('1')), "same_key_a");
  const Result b = run(*mr, makeConfig(Profile::defaultProfile(), testKey('1')), "same_key_b");
  const Result c = run(*mr, makeConfig(Profile::defaultProfile(), testKey('2')), "same_key_c");
  ASSERT_TRUE(a.file && b.file && c.file);
  EXPECT_EQ(fileBytes(a.output), fileBytes(b.output));
  EXPECT_NE(str(a.ds(), DCM_SOPInstanceUID), str(c.ds(), DCM_SOPInstanceUID));
  EXPECT_NE(str(a.ds(), DCM_PatientID), str(c.ds(), DCM_PatientID));
}

TEST(Deidentifier, TransferSyntaxIsKept) {
  for (E_TransferSyntax xfer : {EXS_LittleEndianImplicit, EXS_BigEndianExplicit}) {
    auto mr = makeMr();
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "xfer_" + std::to_string(xfer), false, xfer);
    ASSERT_TRUE(r.file) << r.outcome.reason;
    EXPECT_EQ(r.file->getDataset()->getOriginalXfer(), xfer);
    const Uint16* px = nullptr;
    ASSERT_TRUE(r.ds().findAndGetUint16Array(DCM_PixelData, px).good());
    EXPECT_EQ(px[5], static_cast<Uint16>(5 * 61 % 4096));
    EXPECT_EQ(str(r.ds(), DCM_PatientName), r.patient.pseudonym.name);
  }
}

TEST(Deidentifier, EncapsulatedPixelDataStaysEncapsulatedByteForByte) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.findAndDeleteElement(DCM_PixelData);
  ds.putAndInsertUint16(DCM_BitsStored, 8);
  ds.putAndInsertUint16(DCM_BitsAllocated, 8);
  ds.putAndInsertUint16(DCM_HighBit, 7);
  auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
  sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));  // empty basic offset table
  auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
  // SOI, a bare SOS (the engine walks JPEG headers up to it), the "scan", EOI.
  const Uint8 bytes[] = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 'F', 'R', 'A', 'G', 'M', 'E', 'N', 'T', '-', '4', '2', '!', 0xFF, 0xD9};
  fragment->putUint8Array(bytes, sizeof bytes);
  sequence->insert(fragment);
  auto* pixel = new DcmPixelData(DCM_PixelData);
  pixel->putOriginalRepresentation(EXS_JPEGProcess1, nullptr, sequence);
  ds.insert(pixel);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "encapsulated", false, EXS_JPEGProcess1);
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  EXPECT_EQ(str(*r.file->getMetaInfo(), DCM_TransferSyntaxUID), UID_JPEGProcess1TransferSyntax);
  const std::string out = fileBytes(r.output);
  EXPECT_NE(out.find(std::string(reinterpret_cast<const char*>(bytes), sizeof bytes)), std::string::npos);
}
