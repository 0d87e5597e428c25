// The DICOMDIR writer's own record type names and attribute VRs (dicomdir_standard.h) against what
// DCMTK answers from its data dictionary, which this test may load: the writer must write what
// DcmDicomDir writes, without asking DCMTK.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dctk.h>

#include <set>
#include <string>

#include "dicomdir_records.h"
#include "dicomdir_standard.h"
#include "imaging/core/error.h"

namespace imaging {
namespace {

std::string dcmtkRecordTypeName(E_DirRecType type) {
  DcmDirectoryRecord record(type, nullptr, OFFilename());
  OFString name;
  if (record.findAndGetOFStringArray(DCM_DirectoryRecordType, name).bad()) return "(none)";
  return std::string(name.c_str(), name.length());
}

std::string dcmtkVr(std::uint32_t tag) {
  const DcmTag dcm_tag(static_cast<Uint16>(tag >> 16), static_cast<Uint16>(tag & 0xFFFF));
  return DcmVR(dcm_tag.getEVR()).getValidVRName();
}

class DicomdirStandard : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dcmDataDict.isDictionaryLoaded()) << "the comparison needs DCMTK's dictionary"; }
};

TEST_F(DicomdirStandard, RecordTypeNamesAreDcmtks) {
  const std::vector<E_DirRecType> types = namedRecordTypes();
  EXPECT_EQ(types.size(), 16u);
  for (const E_DirRecType type : types) EXPECT_EQ(directoryRecordTypeName(type), dcmtkRecordTypeName(type)) << type;
}

TEST_F(DicomdirStandard, EveryRecordKindIsNamedAsDcmtkNamesIt) {
  std::set<E_DirRecType> kinds;
  for (const RecordKind* kind : everyRecordKind()) {
    kinds.insert(kind->type);
    EXPECT_EQ(directoryRecordTypeName(kind->type), dcmtkRecordTypeName(kind->type)) << kind->name;
    EXPECT_STREQ(directoryRecordTypeName(kind->type), kind->name);
  }
  EXPECT_EQ(kinds.size(), 13u);  // every kind its own record type
  for (const E_DirRecType level : {ERT_Patient, ERT_Study, ERT_Series})
    EXPECT_EQ(directoryRecordTypeName(level), dcmtkRecordTypeName(level));
}

TEST_F(DicomdirStandard, AttributeVrsAreDcmtks) {
  const std::vector<std::uint32_t> tags = recordAttributeTags();
  EXPECT_GE(tags.size(), 40u);
  for (const std::uint32_t tag : tags) EXPECT_EQ(recordAttributeVr(tag), dcmtkVr(tag)) << std::hex << tag;
}

TEST_F(DicomdirStandard, EveryInstanceKeyHasAVr) {
  // The PATIENT, STUDY and SERIES keys and the Referenced*InFile attributes are written by every
  // DicomdirBytes test, which throws for an attribute of no known VR.
  for (const RecordKind* kind : everyRecordKind())
    for (const RecordKey& key : kind->keys) {
      EXPECT_NO_THROW(recordAttributeVr(key.tag)) << kind->name << " " << std::hex << key.tag;
      EXPECT_NE(dcmtkVr(key.tag), "UN") << std::hex << key.tag;  // a tag DCMTK knows too
    }
}

TEST_F(DicomdirStandard, AnythingElseIsRefused) {
  EXPECT_THROW(recordAttributeVr(0x00100030), Error);  // Patient's Birth Date: in no record here
  EXPECT_THROW(recordAttributeVr(0x00000000), Error);
  EXPECT_THROW(recordAttributeVr(0xFFFFFFFF), Error);
  EXPECT_THROW(directoryRecordTypeName(ERT_Overlay), Error);
}

}  // namespace
}  // namespace imaging
