// The scan's own reader (bridge::PlainDataSet) against DCMTK's parse: for every file the scan can
// find here (the sample CDs, pydicom's odd files and character set files, and fixtures made to hit
// each rule of the plain reader), the inventory scanned with the plain reader equals the one
// scanned with DCMTK alone, field by field, the harvested identifying values and UIDs included.
// And the plain reader really is the one reading the common files (or the comparison proves
// nothing), while the files it must leave to DCMTK are left.
#include <gtest/gtest.h>

#include <dcmtk/dcmdata/dctk.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "dicom_fixtures.h"
#include "inventory_text.h"
#include "run.h"
#include "imaging/media/scan.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/plain_dataset.h"

namespace fs = std::filesystem;
using imaging::bridge::InputFile;
using imaging::bridge::PlainDataSet;

namespace {

using inventory_text::scanned;

bool readsPlain(const fs::path& file) {
  const InputFile input(file);
  return PlainDataSet::read(input).has_value();
}

std::size_t plainFilesUnder(const fs::path& folder) {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && readsPlain(entry.path())) ++count;
  return count;
}

void expectSameScan(const fs::path& folder) {
  const std::string with_plain = scanned(folder, true);
  const std::string with_dcmtk = scanned(folder, false);
  EXPECT_EQ(with_plain, with_dcmtk) << folder;
  EXPECT_NE(with_dcmtk.find("instance"), std::string::npos) << "nothing scanned in " << folder;
}

// The corner cases of the plain reader's getters, written by DCMTK explicit VR little endian.
void writeEdgeCases(const fs::path& path, const char* charset, E_EncodingType sequences, E_TransferSyntax syntax) {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  if (charset != nullptr) ds.putAndInsertString(DCM_SpecificCharacterSet, charset);
  ds.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.9.7777.71.1");
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.9.7777.71");
  ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.9.7777.71.2");
  ds.putAndInsertString(DCM_FrameOfReferenceUID, " 1.2.826.0.1.3680043.9.7777.71.3 ");  // spaces DCMTK strips
  ds.putAndInsertString(DCM_Modality, "MR ");
  ds.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY \\ M");
  ds.putAndInsertString(DCM_PatientName, "M\xfcller^J\xfcrgen^^Dr \\=");  // Latin-1 where the charset says so
  ds.putAndInsertString(DCM_PatientID, " PID-71 \\ OTHER-7 ");
  ds.putAndInsertString(DCM_PatientBirthDate, "19610203 ");
  ds.putAndInsertString(DCM_PatientAddress, " 12 Elm Street \\Hollowmere ,  Wexshire ");
  ds.putAndInsertString(DCM_InstitutionName, "Saint Agn\xe8s Clinic \\ East Wing");
  ds.putAndInsertString(DCM_InstitutionAddress, "  1 Harbour Road, Port Ellis  ");
  ds.putAndInsertString(DCM_PatientTelephoneNumbers, "+44 (0)20 7946 0018\\ 555-0199 ");
  ds.putAndInsertString(DCM_StationName, "MRI-3 ");
  ds.putAndInsertString(DCM_SeriesDescription, " Sag PD \\x");
  ds.putAndInsertString(DCM_InstanceNumber, " +7 ");
  ds.putAndInsertString(DCM_SeriesNumber, "4a");
  ds.putAndInsertString(DCM_NumberOfFrames, "");
  ds.putAndInsertString(DCM_ImagePositionPatient, " -12.5\\3e1\\+4 ");
  ds.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1");  // one value short
  ds.putAndInsertString(DCM_PixelSpacing, ".5\\0.50000000000000011 ");
  ds.putAndInsertString(DCM_SliceThickness, "abc");
  ds.putAndInsertString(DCM_Laterality, "");
  ds.putAndInsertString(DCM_ImageLaterality, "R ");
  ds.putAndInsertUint16(DCM_Rows, 4);
  ds.putAndInsertUint16(DCM_Columns, 4);
  // An issuer sequence (its entity IDs are harvested) holding a nested one (whose are not).
  DcmItem* issuer = nullptr;
  ds.findOrCreateSequenceItem(DCM_IssuerOfPatientIDQualifiersSequence, issuer, -2);
  issuer->putAndInsertString(DCM_UniversalEntityID, "CITY-RIS\\ 2.16.840.1.999 ");
  issuer->putAndInsertString(DcmTagKey(0x0040, 0x0031), "Local Namespace West ");
  DcmItem* nested = nullptr;
  issuer->findOrCreateSequenceItem(DCM_AssigningFacilitySequence, nested, -2);
  nested->putAndInsertString(DCM_UniversalEntityID, "FACILITY-9");
  DcmItem* referenced = nullptr;
  ds.findOrCreateSequenceItem(DCM_ReferencedStudySequence, referenced, -2);
  referenced->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.9.7777.9\\1.2.840.10008.5.1");
  referenced->putAndInsertString(DCM_ReferringPhysicianName, "Hartley^Ruth");
  referenced->putAndInsertString(DCM_PerformingPhysicianName, "Okafor^Ade  \\Nguyen^Lan");
  std::vector<Uint16> pixels(16, 7);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), pixels.size());
  ASSERT_TRUE(file.saveFile(path.c_str(), syntax, sequences).good()) << path;
}

// Explicit VR little endian, hand-assembled: what DCMTK will not write for us.
struct Bytes {
  std::string data;
  void u16(std::uint16_t v) { data += static_cast<char>(v & 0xFF); data += static_cast<char>(v >> 8); }
  void u32(std::uint32_t v) { u16(static_cast<std::uint16_t>(v & 0xFFFF)); u16(static_cast<std::uint16_t>(v >> 16)); }
  void element(std::uint16_t g, std::uint16_t e, const char* vr, const std::string& value) {
    u16(g); u16(e); data += vr;
    bool long_length = false;
    for (const char* v : {"OB", "OW", "SQ", "UN", "UT", "UC"}) long_length = long_length || std::string(vr) == v;
    if (long_length) { u16(0); u32(static_cast<std::uint32_t>(value.size())); }
    else u16(static_cast<std::uint16_t>(value.size()));
    data += value;
  }
};

// A UID value padded to even length with NUL, as PS3.5 asks.
std::string ui(std::string uid) {
  if (uid.size() % 2 != 0) uid += '\0';
  return uid;
}

std::string partTen(const std::string& syntax, const std::string& data_set) {
  Bytes meta;
  meta.element(0x0002, 0x0002, "UI", ui(UID_MRImageStorage));
  meta.element(0x0002, 0x0003, "UI", ui("1.2.826.0.1.3680043.9.7777.72.1"));
  meta.element(0x0002, 0x0010, "UI", ui(syntax));
  Bytes head;
  head.data = std::string(128, '\0') + "DICM";
  head.u16(0x0002); head.u16(0x0000); head.data += "UL"; head.u16(4);
  head.u32(static_cast<std::uint32_t>(meta.data.size()));
  return head.data + meta.data + data_set;
}

std::string basicDataSet() {
  Bytes ds;
  ds.element(0x0008, 0x0016, "UI", ui(UID_MRImageStorage));
  ds.element(0x0008, 0x0018, "UI", ui("1.2.826.0.1.3680043.9.7777.72.1"));
  ds.element(0x0008, 0x0060, "CS", "MR");
  ds.element(0x0010, 0x0010, "PN", "Rowe^Ivy");
  ds.element(0x0020, 0x000D, "UI", ui("1.2.826.0.1.3680043.9.7777.72"));
  ds.element(0x0020, 0x000E, "UI", ui("1.2.826.0.1.3680043.9.7777.72.2"));
  return ds.data;
}

}  // namespace

TEST(PlainScan, SampleCdsScanTheSameAndAreReadPlain) {
  const fs::path root = fixtures::freshWorkDir();
  for (const char* variant : {"demo", "multi-charset", "free-text"}) {
    const fs::path cd = root / variant;
    ASSERT_TRUE(scanshare_test::makeSample(SCANSHARE_MAKE_SAMPLE, variant, cd.string())) << variant;
    expectSameScan(cd);
  }
  // The demo CD is mostly plain files: the comparison above exercised the plain reader.
  EXPECT_GE(plainFilesUnder(root / "demo"), 80u);
}

TEST(PlainScan, PydicomCorporaScanTheSame) {
  const fs::path corpus = PYDICOM_TEST_FILES;
  ASSERT_TRUE(fs::is_directory(corpus)) << "install python3-pydicom";
  expectSameScan(corpus);
  expectSameScan(corpus.parent_path() / "charset_files");
  EXPECT_GE(plainFilesUnder(corpus), 10u);
}

TEST(PlainScan, GetterCornerCasesMatchDcmtk) {
  const fs::path dir = fixtures::freshWorkDir();
  struct Case {
    const char* name;
    const char* charset;
    E_EncodingType sequences;
    E_TransferSyntax syntax;
    bool plain;
  };
  const Case cases[] = {
      {"latin1-defined", "ISO_IR 100", EET_ExplicitLength, EXS_LittleEndianExplicit, true},
      {"latin1-undefined", "ISO_IR 100", EET_UndefinedLength, EXS_LittleEndianExplicit, true},
      {"no-charset", nullptr, EET_UndefinedLength, EXS_LittleEndianExplicit, true},
      {"utf8", "ISO_IR 192", EET_ExplicitLength, EXS_LittleEndianExplicit, true},
      // Latin-2 with Latin-1 bytes in it: not ASCII, so DCMTK converts it.
      {"latin2", "ISO_IR 101", EET_ExplicitLength, EXS_LittleEndianExplicit, false},
      {"japanese", "ISO_IR 13", EET_ExplicitLength, EXS_LittleEndianExplicit, false},
      {"implicit", "ISO_IR 100", EET_ExplicitLength, EXS_LittleEndianImplicit, false},
      {"big-endian", "ISO_IR 100", EET_ExplicitLength, EXS_BigEndianExplicit, false},
  };
  for (const Case& c : cases) {
    const fs::path folder = dir / c.name;
    fs::create_directories(folder);
    writeEdgeCases(folder / "image.dcm", c.charset, c.sequences, c.syntax);
    EXPECT_EQ(readsPlain(folder / "image.dcm"), c.plain) << c.name;
    expectSameScan(folder);
  }
}

TEST(PlainScan, LeavesWhatItDoesNotKnowToDcmtk) {
  const fs::path dir = fixtures::freshWorkDir();
  const std::string explicit_le = "1.2.840.10008.1.2.1";
  struct Case {
    const char* name;
    std::string bytes;
    bool plain;
  };
  Bytes fragments;  // JPEG baseline: an offset table and one fragment, then padding after the pixels
  fragments.data = basicDataSet();
  fragments.u16(0x7FE0); fragments.u16(0x0010); fragments.data += "OB"; fragments.u16(0); fragments.u32(0xFFFFFFFFu);
  fragments.u16(0xFFFE); fragments.u16(0xE000); fragments.u32(0);
  fragments.u16(0xFFFE); fragments.u16(0xE000); fragments.u32(4); fragments.data += "\xFF\xD8\xFF\xD9";
  fragments.u16(0xFFFE); fragments.u16(0xE0DD); fragments.u32(0);
  fragments.element(0xFFFC, 0xFFFC, "OB", std::string(6, '\0'));
  Bytes odd;
  odd.data = basicDataSet();
  odd.element(0x0020, 0x4000, "LT", "odd");
  Bytes unknown;
  unknown.data = basicDataSet();
  unknown.element(0x0029, 0x0010, "LO", "ACME 1.0");
  unknown.element(0x0029, 0x1001, "UN", "Rowe");
  Bytes out_of_order;
  out_of_order.element(0x0010, 0x0010, "PN", "Rowe^Ivy");
  out_of_order.data += basicDataSet();
  Bytes nested_charset;
  nested_charset.data = basicDataSet();
  Bytes item;
  item.element(0x0008, 0x0005, "CS", "ISO_IR 100");
  item.element(0x0010, 0x0010, "PN", "Rowe^Ivy");
  nested_charset.u16(0x0040); nested_charset.u16(0x0275); nested_charset.data += "SQ"; nested_charset.u16(0);
  nested_charset.u32(static_cast<std::uint32_t>(item.data.size() + 8));
  nested_charset.u16(0xFFFE); nested_charset.u16(0xE000); nested_charset.u32(static_cast<std::uint32_t>(item.data.size()));
  nested_charset.data += item.data;
  Bytes spaced_uids;  // DCMTK takes white space out of UIDs as it reads them (and would as it writes)
  spaced_uids.data = basicDataSet();
  spaced_uids.element(0x0020, 0x0052, "UI", ui(" 1.2.826.0.1.3680043.9.7777.72 .3 "));
  const Case cases[] = {
      {"basic", partTen(explicit_le, basicDataSet()), true},
      {"ui-spaces", partTen(explicit_le, spaced_uids.data), true},
      {"encapsulated", partTen("1.2.840.10008.1.2.4.50", fragments.data), true},
      {"deflated", partTen("1.2.840.10008.1.2.1.99", basicDataSet()), false},
      {"odd-length", partTen(explicit_le, odd.data), false},
      {"un-value", partTen(explicit_le, unknown.data), false},
      {"out-of-order", partTen(explicit_le, out_of_order.data), false},
      {"item-charset", partTen(explicit_le, nested_charset.data), false},
      {"truncated", partTen(explicit_le, basicDataSet()).substr(0, 300), false},
  };
  for (const Case& c : cases) {
    const fs::path folder = dir / c.name;
    fs::create_directories(folder);
    fixtures::writeBytes(folder / "file.dcm", c.bytes);
    EXPECT_EQ(readsPlain(folder / "file.dcm"), c.plain) << c.name;
    const std::string with_plain = scanned(folder, true);
    EXPECT_EQ(with_plain, scanned(folder, false)) << c.name;
  }
}
