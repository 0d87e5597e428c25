#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

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
  const imaging::DicomdirCheck check = imaging::checkDicomdir(root);
  EXPECT_FALSE(check.complete());
  ASSERT_EQ(check.missing_files.size(), 1u);
  EXPECT_EQ(check.missing_files[0], imaging::mediaInstancePath(1, 1, 1, 2).generic_string());
  ASSERT_EQ(check.unlisted_files.size(), 1u);
  EXPECT_EQ(check.unlisted_files[0], imaging::mediaInstancePath(1, 1, 3, 1).generic_string());
}

TEST(Dicomdir, FailsClearlyOnAFileItCannotList) {
  const fs::path root = makeTree("dicomdir_bad");
  std::ofstream(root / "DICOM" / "P0000001" / "NOTDICOM") << "plain text";
  EXPECT_THROW(imaging::writeDicomdir(root), imaging::Error);
}

TEST(Dicomdir, FileWithoutModalityFailsOrIsRemovedAndReported) {
  const fs::path root = makeTree("dicomdir_nomodality");
  export_fixtures::Spec bad;
  bad.sop_uid += ".66";
  bad.series_uid += ".66";
  bad.no_modality = true;
  const fs::path bad_file = root / imaging::mediaInstancePath(1, 1, 3, 1);
  export_fixtures::write(bad_file, bad);
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

TEST(Dicomdir, MissingDicomdirIsNotReadable) {
  const fs::path root = makeTree("dicomdir_none");
  EXPECT_FALSE(imaging::checkDicomdir(root).readable);
}
