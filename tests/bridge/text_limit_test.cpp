// The door refuses a text value over kMaxTextValueBytes before anything allocates it (red team B
// F12: a 4 GiB UT made anonymize use 23.7 GB and get killed). Files are sparse: no disk is used.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/structure_check.h"

namespace fs = std::filesystem;
using imaging::ProblemKind;
using imaging::bridge::DicomFile;
using imaging::bridge::ReadDepth;

namespace {

std::string le16(std::uint16_t v) { return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string le32(std::uint32_t v) { return le16(static_cast<std::uint16_t>(v & 0xFFFF)) + le16(static_cast<std::uint16_t>(v >> 16)); }

// A small explicit VR little endian image, then one element (tag, VR, long length) whose value is
// a hole of `length` bytes at the end of the file.
fs::path withHugeValue(const std::string& name, std::uint16_t group, std::uint16_t element, const char* vr,
                       std::uint32_t length) {
  imaging::bridge::ensureDcmtkReady();
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "bridge-text-limit";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.4");
  ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.9.7777.6.1");
  ds.putAndInsertString(DCM_Modality, "MR");
  EXPECT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  const std::string header = le16(group) + le16(element) + vr + std::string(2, '\0') + le32(length);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::write(fd, header.data(), header.size()), static_cast<ssize_t>(header.size()));
  const off_t end = ::lseek(fd, 0, SEEK_END);
  EXPECT_EQ(::ftruncate(fd, end + static_cast<off_t>(length)), 0);
  ::close(fd);
  return path;
}

constexpr std::uint32_t kOver = imaging::bridge::kMaxTextValueBytes + 2;

}  // namespace

TEST(TextLimit, OversizedTextValueIsRefusedAtTheDoor) {
  for (const char* vr : {"UT", "UC", "UN", "OB"}) {
    const fs::path path = withHugeValue(std::string("comments_") + vr, 0x0020, 0x4000, vr, kOver);
    for (const ReadDepth depth : {ReadDepth::Header, ReadDepth::LazyValues}) {
      const DicomFile file = DicomFile::open(path, depth);
      ASSERT_FALSE(file.ok()) << vr;
      EXPECT_EQ(file.problemKind(), ProblemKind::UnsafeStructure) << vr;
      EXPECT_NE(file.reason().find("(0020,4000)"), std::string::npos) << file.reason();
      EXPECT_NE(file.reason().find("64 MiB"), std::string::npos) << file.reason();
    }
  }
}

TEST(TextLimit, LargeBinaryValuesAndTextAtTheLimitPass) {
  // A private OB and an unknown public OB are binary: the engine removes them without reading.
  EXPECT_FALSE(imaging::bridge::refuseUnsafeStructure(withHugeValue("private_ob", 0x0029, 0x1010, "OB", kOver)));
  EXPECT_FALSE(imaging::bridge::refuseUnsafeStructure(withHugeValue("unknown_ob", 0x0018, 0xEEE6, "OB", kOver)));
  EXPECT_FALSE(imaging::bridge::refuseUnsafeStructure(
      withHugeValue("at_limit", 0x0020, 0x4000, "UT", imaging::bridge::kMaxTextValueBytes)));
}
