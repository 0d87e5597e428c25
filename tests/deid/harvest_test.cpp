#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "fixtures.h"

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

TEST(Harvest, ThrowsForNonDicom) {
  const auto dir = workDir("harvest_bad");
  { std::ofstream(dir / "x.txt") << "not dicom"; }
  EXPECT_ANY_THROW(imaging::harvestIdentifiers(dir / "x.txt"));
}
