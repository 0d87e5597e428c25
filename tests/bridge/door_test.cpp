// bridge::DicomFile, the one door into a file: hostile and damaged files come out as typed
// problems (never a crash), and each depth reads what it promises and no more.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "imaging/core/error.h"
#include "files.h"
#include "imaging_bridge/dicom_file.h"

namespace fs = std::filesystem;
using imaging::ErrorCode;
using imaging::ProblemKind;
using imaging::bridge::DicomFile;
using imaging::bridge::ReadDepth;

namespace {

fs::path workDir() {
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "bridge-door";
  fs::create_directories(dir);
  return dir;
}

using scanshare_test::readAll;
using scanshare_test::writeAll;

// A small MR image with 64x64 16-bit pixels and one value longer than the lazy limit.
fs::path writeImage(const std::string& name) {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.4");
  ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.9.7777.5.1");
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.9.7777.5");
  ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.9.7777.5.2");
  ds.putAndInsertString(DCM_Modality, "MR");
  ds.putAndInsertString(DCM_ImageComments, std::string(6000, 'c').c_str());
  ds.putAndInsertUint16(DCM_Rows, 64);
  ds.putAndInsertUint16(DCM_Columns, 64);
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, 12);
  ds.putAndInsertUint16(DCM_HighBit, 11);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  std::vector<Uint16> pixels(64 * 64, 100);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), pixels.size());
  const fs::path path = workDir() / name;
  EXPECT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  return path;
}

// Explicit VR little endian sequences nested `depth` deep, appended to a valid file's data set.
std::string nestedSequences(int depth) {
  std::string bytes;
  auto u16 = [&](std::uint16_t v) { bytes.push_back(char(v & 0xFF)), bytes.push_back(char(v >> 8)); };
  auto u32 = [&](std::uint32_t v) { u16(std::uint16_t(v & 0xFFFF)), u16(std::uint16_t(v >> 16)); };
  for (int i = 0; i < depth; ++i) {
    u16(0x0040), u16(0x0275), bytes += "SQ", u16(0), u32(0xFFFFFFFF);  // Request Attributes Sequence
    u16(0xFFFE), u16(0xE000), u32(0xFFFFFFFF);                         // item, undefined length
  }
  for (int i = 0; i < depth; ++i) {
    u16(0xFFFE), u16(0xE00D), u32(0);  // item delimiter
    u16(0xFFFE), u16(0xE0DD), u32(0);  // sequence delimiter
  }
  return bytes;
}

}  // namespace

TEST(Door, DeepNestingIsRefusedAsUnsafeStructureBeforeParsing) {
  const fs::path image = writeImage("nested-base.dcm");
  std::string bytes = readAll(image);
  // Insert before Pixel Data: a (0040,0275) sequence sorts after (0028,xxxx) and before (7FE0,0010).
  const std::string pixel_tag("\xE0\x7F\x10\x00", 4);
  const std::size_t at = bytes.rfind(pixel_tag);
  ASSERT_NE(at, std::string::npos);
  bytes.insert(at, nestedSequences(20000));
  const fs::path nested = workDir() / "nested.dcm";
  writeAll(nested, bytes);
  for (const ReadDepth depth : {ReadDepth::Keys, ReadDepth::Header, ReadDepth::LazyValues, ReadDepth::Everything}) {
    const DicomFile file = DicomFile::open(nested, depth);
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.problemKind(), ProblemKind::UnsafeStructure);
    EXPECT_EQ(file.errorCode(), ErrorCode::UnsafeStructure);
    try {
      file.throwIfFailed();
      ADD_FAILURE() << "no exception";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::UnsafeStructure);
      EXPECT_EQ(e.path(), nested.string());
    }
  }
  // The same nesting a few levels deep is an ordinary file.
  std::string shallow = readAll(image);
  shallow.insert(shallow.rfind(pixel_tag), nestedSequences(5));
  writeAll(workDir() / "shallow.dcm", shallow);
  EXPECT_TRUE(DicomFile::open(workDir() / "shallow.dcm", ReadDepth::LazyValues).ok());
}

TEST(Door, TruncatedFileIsTruncatedAtEveryDepthThatReadsThatFar) {
  const std::string bytes = readAll(writeImage("truncate-base.dcm"));
  const fs::path cut = workDir() / "cut.dcm";
  writeAll(cut, bytes.substr(0, bytes.size() - 100));  // inside the pixel data
  for (const ReadDepth depth : {ReadDepth::LazyValues, ReadDepth::Everything}) {
    const DicomFile file = DicomFile::open(cut, depth);
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.problemKind(), ProblemKind::Truncated);
    EXPECT_EQ(file.errorCode(), ErrorCode::Truncated);
  }
  writeAll(cut, bytes.substr(0, 140));  // inside the file meta
  EXPECT_EQ(DicomFile::open(cut, ReadDepth::Header).problemKind(), ProblemKind::Truncated);
  writeAll(cut, bytes.substr(0, 100));  // inside the preamble
  EXPECT_EQ(DicomFile::open(cut, ReadDepth::Header).errorCode(), ErrorCode::Truncated);
}

TEST(Door, NotDicomAndMissingFilesAreTypedToo) {
  const fs::path text = workDir() / "readme.txt";
  writeAll(text, "This CD contains images. Insert it into a computer.\n");
  const DicomFile not_dicom = DicomFile::open(text, ReadDepth::LazyValues);
  EXPECT_EQ(not_dicom.problemKind(), ProblemKind::NotDicom);
  EXPECT_EQ(not_dicom.errorCode(), ErrorCode::NotDicom);
  const DicomFile missing = DicomFile::open(workDir() / "no-such-file.dcm", ReadDepth::LazyValues);
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.errorCode(), ErrorCode::Io);
}

TEST(Door, EachDepthReadsWhatItPromises) {
  const fs::path image = writeImage("depths.dcm");
  DicomFile keys = DicomFile::open(image, ReadDepth::Keys);
  ASSERT_TRUE(keys.ok()) << keys.reason();
  EXPECT_TRUE(keys.dataset().tagExists(DCM_Modality));
  EXPECT_FALSE(keys.dataset().tagExists(DCM_Rows));  // group 0028 is not read

  DicomFile header = DicomFile::open(image, ReadDepth::Header);
  ASSERT_TRUE(header.ok());
  EXPECT_TRUE(header.dataset().tagExists(DCM_Rows));
  EXPECT_FALSE(header.dataset().tagExists(DCM_PixelData));
  // Stopped just past the Pixel Data element's tag, VR and length: its value lies from there.
  EXPECT_EQ(header.stoppedAt() + 64 * 64 * 2, header.fileSize());

  DicomFile lazy = DicomFile::open(image, ReadDepth::LazyValues);
  ASSERT_TRUE(lazy.ok());
  DcmElement* pixels = nullptr;
  ASSERT_TRUE(lazy.dataset().findAndGetElement(DCM_PixelData, pixels).good());
  EXPECT_FALSE(pixels->valueLoaded());  // left on disk until asked for

  DicomFile everything = DicomFile::open(image, ReadDepth::Everything);
  ASSERT_TRUE(everything.ok());
  ASSERT_TRUE(everything.dataset().findAndGetElement(DCM_PixelData, pixels).good());
  EXPECT_TRUE(pixels->valueLoaded());
  DcmElement* comments = nullptr;
  ASSERT_TRUE(everything.dataset().findAndGetElement(DCM_ImageComments, comments).good());
  EXPECT_TRUE(comments->valueLoaded());
}

TEST(Door, AnInMemoryImplicitLittleEndianValueParses) {
  // (0008,1140) Referenced Image Sequence holding one empty item, as a UN value would carry it.
  const unsigned char bytes[] = {0x08, 0x00, 0x40, 0x11, 0x08, 0x00, 0x00, 0x00,
                                 0xFE, 0xFF, 0x00, 0xE0, 0x00, 0x00, 0x00, 0x00};
  DcmDataset into;
  ASSERT_TRUE(imaging::bridge::parseImplicitLittleEndian(bytes, sizeof bytes, into));
  DcmSequenceOfItems* seq = nullptr;
  ASSERT_TRUE(into.findAndGetSequence(DCM_ReferencedImageSequence, seq).good());
  EXPECT_EQ(seq->card(), 1u);
}
