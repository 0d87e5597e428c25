#include <gtest/gtest.h>

#include <fstream>

#include "export_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/writer/zip_archive.h"

namespace fs = std::filesystem;

TEST(ZipArchive, RoundTripsTreeAndIsReproducible) {
  const fs::path work = export_fixtures::freshDir("zip_roundtrip");
  fs::create_directories(work / "tree" / "DICOM" / "P0000001");
  std::ofstream(work / "tree" / "DICOMDIR") << "dir";
  std::string big(200000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
  std::ofstream(work / "tree" / "DICOM" / "P0000001" / "I0000001", std::ios::binary) << big;
  imaging::writeZip(work / "tree", work / "a.zip");
  fs::last_write_time(work / "tree" / "DICOMDIR", fs::file_time_type::clock::now() - std::chrono::hours(5));
  imaging::writeZip(work / "tree", work / "b.zip");
  EXPECT_EQ(export_fixtures::readAll(work / "a.zip"), export_fixtures::readAll(work / "b.zip"));
  EXPECT_THROW(imaging::writeZip(work / "tree", work / "a.zip"), imaging::Error);  // never overwrites

  fs::create_directories(work / "x");
  imaging::extractZip(work / "a.zip", work / "x");
  EXPECT_EQ(export_fixtures::readAll(work / "x" / "DICOMDIR"), "dir");
  EXPECT_EQ(export_fixtures::readAll(work / "x" / "DICOM" / "P0000001" / "I0000001"), big);
}
