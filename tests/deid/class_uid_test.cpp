// Red team D, D8 (2026-12-06): a SOP Class UID under the hospital's own root (a site-defined
// private class) was written verbatim to the data set, the file meta and the DICOMDIR. It is mapped
// like any non-standard UID, consistently: own class, meta and references to that class agree.
#include <gtest/gtest.h>

#include <string>

#include "fixtures.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

constexpr const char* kSiteClass = "1.2.826.0.1.3680043.9.7777.90417736";

std::string metaString(DcmFileFormat& file, const DcmTagKey& tag) { return str(*file.getMetaInfo(), tag); }

}  // namespace

TEST(ClassUids, ASiteClassIsMappedInDataSetMetaAndReferences) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, kSiteClass);
  auto* ref = new DcmItem;
  ref->putAndInsertString(DCM_ReferencedSOPClassUID, kSiteClass);
  ref->putAndInsertString(DCM_ReferencedSOPInstanceUID, kReferencedUid);
  ds.insertSequenceItem(DCM_ReferencedImageSequence, ref);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "site_class");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  const std::string mapped = str(r.ds(), DCM_SOPClassUID);
  EXPECT_EQ(mapped.rfind("2.25.", 0), 0u) << mapped;
  EXPECT_EQ(metaString(*r.file, DCM_MediaStorageSOPClassUID), mapped);
  EXPECT_EQ(r.outcome.written.sop_class_uid, mapped);  // what the DICOMDIR record is made from
  DcmItem* item = nullptr;
  ASSERT_TRUE(r.ds().findAndGetSequenceItem(DCM_ReferencedImageSequence, item, -1).good());
  EXPECT_EQ(str(*item, DCM_ReferencedSOPClassUID), mapped);
  EXPECT_EQ(fileBytes(r.output).find("3680043.9.7777"), std::string::npos);
}

TEST(ClassUids, AStandardClassStays) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "standard_class");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(str(r.ds(), DCM_SOPClassUID), kMrClass);
  EXPECT_EQ(metaString(*r.file, DCM_MediaStorageSOPClassUID), kMrClass);
}
