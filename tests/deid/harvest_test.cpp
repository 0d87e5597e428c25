#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "fixtures.h"
#include "imaging/core/error.h"

using namespace deidtest;

namespace {
bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST(Harvest, CollectsNamesIdsDatesAddressesPhones) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_PatientMotherBirthName, "Li^Mei");
  ds.putAndInsertString(DCM_MilitaryRank, "Colonel");
  const auto dir = workDir("harvest");
  ASSERT_TRUE(mr->saveFile((dir / "a.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const auto ids = imaging::harvestIdentifiers(dir / "a.dcm");
  for (const char* expected : {"Doe^John", "Doe", "John", kPatientId, kBirthDate, kAccession, "OTHER-4711", "S777",
                               "House", "Gregory", "Smith", "Anna", "12 Elm Street, Springfield", "12 Elm Street",
                               "Springfield", "+1 555 0100 42", "1555010042", "Li", "Mei", "Colonel", "STELSE"})
    EXPECT_TRUE(contains(ids, expected)) << expected;
  // Institution values are added by the engine only when not retained.
  EXPECT_FALSE(contains(ids, "St Elsewhere Hospital"));
  // Deduplicated.
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "Doe^John"), 1);
  // Prefix/suffix name components are not identifiers.
  ds.putAndInsertString(DCM_PatientName, "Roe^Jane^^Dr^Jr");
  ASSERT_TRUE(mr->saveFile((dir / "b.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const auto ids2 = imaging::harvestIdentifiers(dir / "b.dcm");
  EXPECT_TRUE(contains(ids2, "Roe"));
  EXPECT_FALSE(contains(ids2, "Dr"));
  EXPECT_FALSE(contains(ids2, "Jr"));
}

// Red team C (C4): a postal code inside a longer address part is harvested in both spacings.
TEST(Harvest, PostalCodesInsideAddressPartsInBothSpacings) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.putAndInsertString(DCM_PatientAddress, "Wicklowstraat 42, 7811 KP Fennimore");
  ds.putAndInsertString(DCM_ReferringPhysicianAddress, "42 Wicklow Terrace, Fennimore ON K7L 3N6");
  const auto dir = workDir("harvest_postal_codes");
  ASSERT_TRUE(mr->saveFile((dir / "a.dcm").c_str(), EXS_LittleEndianExplicit).good());
  const auto ids = imaging::harvestIdentifiers(dir / "a.dcm");
  for (const char* expected : {"7811 KP", "7811KP", "K7L 3N6", "K7L3N6", "K7L", "3N6"})
    EXPECT_TRUE(contains(ids, expected)) << expected;
  EXPECT_FALSE(contains(ids, "ON K7L"));
}

TEST(Harvest, ThrowsForNonDicom) {
  const auto dir = workDir("harvest_bad");
  { std::ofstream(dir / "x.txt") << "not dicom"; }
  EXPECT_ANY_THROW(imaging::harvestIdentifiers(dir / "x.txt"));
}

// The per-file harvest is a library entry point any caller may use on any file: the structure
// check runs before DCMTK (fuzz_deidentify found gigabyte allocations; deep nesting overflows
// DCMTK's stack). 20000 nested sequences after the file meta: a clear Error, not a crash.
TEST(Harvest, RefusesDeeplyNestedSequencesWithAnError) {
  const auto dir = workDir("harvest_nested");
  auto mr = makeMr();
  ASSERT_TRUE(mr->saveFile((dir / "a.dcm").c_str(), EXS_LittleEndianExplicit).good());
  std::ifstream in(dir / "a.dcm", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 144u);
  const std::uint32_t meta_length = static_cast<unsigned char>(bytes[140]) | static_cast<unsigned char>(bytes[141]) << 8 |
                                    static_cast<unsigned char>(bytes[142]) << 16 |
                                    static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[143])) << 24;
  std::string nested = bytes.substr(0, 144 + meta_length);
  const std::string level("\x08\x00\x40\x11SQ\x00\x00\xff\xff\xff\xff\xfe\xff\x00\xe0\xff\xff\xff\xff", 20);
  for (int i = 0; i < 20000; ++i) nested += level;
  { std::ofstream(dir / "nested.dcm", std::ios::binary) << nested; }
  try {
    imaging::harvestIdentifiers(dir / "nested.dcm");
    ADD_FAILURE() << "a file nested 20000 levels deep was harvested";
  } catch (const imaging::Error& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper"), std::string::npos) << e.what();
  }
}

