#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <fstream>

#include "export_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/media_layout.h"

namespace fs = std::filesystem;

namespace {

// Three images in two series: plain, RLE compressed, and one missing Type 1 directory attributes.
fs::path makeTree(const std::string& name) {
  const fs::path root = export_fixtures::freshDir(name);
  export_fixtures::Spec a;
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 1), a);
  export_fixtures::Spec b = a;
  b.sop_uid += ".2";
  b.instance_number = 2;
  b.rle = true;
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 1, 2), b);
  export_fixtures::Spec c = a;
  c.series_uid += ".9";
  c.sop_uid += ".3";
  c.missing_type1 = true;
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 2, 1), c);
  return root;
}

}  // namespace

TEST(Dicomdir, ListsEveryFileIncludingCompressedAndIncomplete) {
  const fs::path root = makeTree("dicomdir_complete");
  imaging::writeDicomdir(root);
  const imaging::DicomdirCheck check = imaging::checkDicomdir(root);
  EXPECT_TRUE(check.readable);
  EXPECT_EQ(check.records, 3u);
  EXPECT_TRUE(check.complete());

  // Read independently: the record for the RLE file names its transfer syntax.
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile((root / "DICOMDIR").c_str()).good());
  DcmSequenceOfItems* seq = nullptr;
  ASSERT_TRUE(file.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, seq).good());
  bool saw_rle = false;
  for (unsigned long i = 0; i < seq->card(); ++i) {
    OFString ts;
    if (seq->getItem(i)->findAndGetOFString(DCM_ReferencedTransferSyntaxUIDInFile, ts).good() && ts == UID_RLELosslessTransferSyntax)
      saw_rle = true;
  }
  EXPECT_TRUE(saw_rle);
}

TEST(Dicomdir, SameFilesGiveByteIdenticalDicomdir) {
  const fs::path a = makeTree("dicomdir_same_a");
  const fs::path b = makeTree("dicomdir_same_b");
  imaging::writeDicomdir(a);
  imaging::writeDicomdir(b);
  EXPECT_EQ(export_fixtures::readAll(a / "DICOMDIR"), export_fixtures::readAll(b / "DICOMDIR"));
}

TEST(Dicomdir, CheckFindsMissingAndUnlistedFiles) {
  const fs::path root = makeTree("dicomdir_check");
  imaging::writeDicomdir(root);
  fs::remove(root / imaging::mediaInstancePath(1, 1, 1, 2));
  export_fixtures::Spec extra;
  extra.sop_uid += ".77";
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 3, 1), extra);
  // In memory, and with its lists allowed to spill beside the tree (the export's way): the same.
  for (const fs::path& spill : {fs::path(), root.parent_path()}) {
    const imaging::DicomdirCheck check = imaging::checkDicomdir(root, spill);
    EXPECT_FALSE(check.complete());
    EXPECT_GE(check.records, 2u);
    ASSERT_EQ(check.missing_files.size(), 1u);
    EXPECT_EQ(check.missing_files[0], imaging::mediaInstancePath(1, 1, 1, 2).generic_string());
    ASSERT_EQ(check.unlisted_files.size(), 1u);
    EXPECT_EQ(check.unlisted_files[0], imaging::mediaInstancePath(1, 1, 3, 1).generic_string());
  }
}

TEST(Dicomdir, FailsClearlyOnAFileItCannotList) {
  const fs::path root = makeTree("dicomdir_bad");
  std::ofstream(root / "DICOM" / "P0000001" / "NOTDICOM") << "plain text";
  EXPECT_THROW(imaging::writeDicomdir(root), imaging::Error);
}

TEST(Dicomdir, FileWithoutModalityIsListedAsOther) {
  const fs::path root = makeTree("dicomdir_nomodality");
  export_fixtures::Spec sc;
  sc.sop_uid += ".66";
  sc.series_uid += ".66";
  sc.no_modality = true;
  export_fixtures::write(root / imaging::mediaInstancePath(1, 1, 3, 1), sc);
  EXPECT_TRUE(imaging::writeDicomdir(root).empty());
  const auto check = imaging::checkDicomdir(root);
  EXPECT_TRUE(check.complete());
  EXPECT_EQ(check.records, 4u);
  EXPECT_NE(export_fixtures::readAll(root / "DICOMDIR").find("OT"), std::string::npos);
}

TEST(Dicomdir, UnlistableFileFailsOrIsRemovedAndReported) {
  const fs::path root = makeTree("dicomdir_unlistable");
  export_fixtures::Spec bad;
  bad.sop_uid += ".66";
  bad.series_uid += ".66";
  const fs::path bad_file = root / imaging::mediaInstancePath(1, 1, 3, 1);
  export_fixtures::write(bad_file, bad);
  {  // no Series Instance UID: no series record can hold it
    DcmFileFormat f;
    ASSERT_TRUE(f.loadFile(bad_file.c_str()).good());
    f.loadAllDataIntoMemory();
    f.getDataset()->findAndDeleteElement(DCM_SeriesInstanceUID);
    ASSERT_TRUE(f.saveFile(bad_file.c_str(), EXS_LittleEndianExplicit).good());
  }
  try {
    imaging::writeDicomdir(root);
    FAIL() << "an unlistable file was accepted";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.path(), imaging::mediaInstancePath(1, 1, 3, 1).generic_string());
  }
  fs::remove(root / "DICOMDIR");
  const auto removed = imaging::writeDicomdir(root, imaging::UnlistablePolicy::Remove);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].file, imaging::mediaInstancePath(1, 1, 3, 1).generic_string());
  EXPECT_FALSE(fs::exists(bad_file));
  const auto check = imaging::checkDicomdir(root);
  EXPECT_TRUE(check.complete());
  EXPECT_EQ(check.records, 3u);
}

TEST(Dicomdir, NothingListableNamesTheFileNotTheFolder) {
  const fs::path root = export_fixtures::freshDir("dicomdir_nothing") / ".staging-hidden";
  fs::create_directories(root / "DICOM");
  std::ofstream(root / "DICOM" / "I0000001") << "plain text";
  try {
    imaging::writeDicomdir(root, imaging::UnlistablePolicy::Remove);
    FAIL() << "nothing listable was accepted";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.path(), "DICOM/I0000001");
    EXPECT_EQ(std::string(e.what()).find(".staging-hidden"), std::string::npos) << e.what();
  }
}

TEST(Dicomdir, MissingDicomdirIsNotReadable) {
  const fs::path root = makeTree("dicomdir_none");
  EXPECT_FALSE(imaging::checkDicomdir(root).readable);
}
