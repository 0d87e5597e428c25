// Red team D, D8 (2026-12-06): a site's private SOP class (under the hospital's UID root) was copied
// to the data set, the file meta and the DICOMDIR's Referenced SOP Class UID in File, and verify
// called the copy clean. All three now hold one mapped value, and verify reports the source's class
// where it survives (source-uid).
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <fstream>
#include <sstream>

#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/verify.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;

namespace {

constexpr const char* kSiteClass = "1.2.826.0.1.3680043.8.498.90417736";

std::string value(DcmItem& item, const DcmTagKey& tag) {
  OFString v;
  item.findAndGetOFString(tag, v);
  return v.c_str();
}

}  // namespace

TEST(PrivateClass, MetaDataSetAndDicomdirAgreeOnAMappedClassAndVerifyFindsTheSourcesClass) {
  const fs::path root = export_fixtures::freshDir("private_class");
  const fs::path in = root / "in";
  export_fixtures::Spec spec;
  spec.sop_class_uid = kSiteClass;
  export_fixtures::write(in / "img1", spec);
  const fs::path out = root / "out";
  imaging::AnonymizeOptions o;
  o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  const auto result = imaging::AnonymizeJob(imaging::scan(in), o).run(out);
  ASSERT_EQ(result.kept, 1u);

  const fs::path image = out / "DICOM/P0000001/S0000001/E0000001/I0000001";
  DcmFileFormat written;
  ASSERT_TRUE(written.loadFile(image.c_str()).good());
  const std::string mapped = value(*written.getDataset(), DCM_SOPClassUID);
  EXPECT_EQ(mapped.rfind("2.25.", 0), 0u) << mapped;
  EXPECT_EQ(value(*written.getMetaInfo(), DCM_MediaStorageSOPClassUID), mapped);
  DcmFileFormat dicomdir;
  ASSERT_TRUE(dicomdir.loadFile((out / "DICOMDIR").c_str()).good());
  DcmItem* record = nullptr;
  int images = 0;
  for (long i = 0; dicomdir.getDataset()->findAndGetSequenceItem(DCM_DirectoryRecordSequence, record, i).good(); ++i) {
    if (value(*record, DCM_DirectoryRecordType) != "IMAGE") continue;  // the input's class decides: an image
    ++images;
    EXPECT_EQ(value(*record, DCM_ReferencedSOPClassUIDInFile), mapped);
  }
  EXPECT_EQ(images, 1);
  std::stringstream bytes;
  bytes << std::ifstream(image, std::ios::binary).rdbuf() << std::ifstream(out / "DICOMDIR", std::ios::binary).rdbuf();
  EXPECT_EQ(bytes.str().find("498.90417736"), std::string::npos);

  imaging::VerifyOptions options;
  options.against = in;
  options.key = workflow_fixture::testKey();
  const auto clean = imaging::verify(out, options);
  for (const auto& f : clean.findings) ADD_FAILURE() << imaging::toString(f.kind) << " " << f.location;

  // The source's class planted back: verify must say so.
  written.loadAllDataIntoMemory();
  written.getDataset()->putAndInsertString(DCM_SOPClassUID, kSiteClass);
  ASSERT_TRUE(written.saveFile(image.c_str(), EXS_LittleEndianExplicit).good());
  const auto planted = imaging::verify(out, options);
  int source_class = 0;
  for (const auto& f : planted.findings)
    if (f.kind == imaging::FindingKind::SourceUid && f.location.find("(0008,0016)") != std::string::npos) ++source_class;
  EXPECT_GE(source_class, 1);
}
