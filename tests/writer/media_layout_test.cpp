#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "imaging/core/error.h"
#include "imaging/writer/media_layout.h"

using imaging::mediaName;

TEST(MediaLayout, NamesAreEightUpperCaseCharacters) {
  for (std::size_t n : {1u, 42u, 9999999u}) {
    const std::string name = mediaName('I', n);
    ASSERT_EQ(name.size(), 8u) << name;
    EXPECT_EQ(name[0], 'I');
    for (char c : name) EXPECT_TRUE(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c))) << name;
  }
  EXPECT_EQ(mediaName('P', 1), "P0000001");
}

TEST(MediaLayout, DistinctNumbersGiveDistinctNames) {
  std::set<std::string> names;
  for (std::size_t n = 1; n <= 2000; ++n) names.insert(mediaName('E', n));
  EXPECT_EQ(names.size(), 2000u);
}

TEST(MediaLayout, RejectsNumbersThatDoNotFit) {
  EXPECT_THROW(mediaName('I', 0), imaging::Error);
  EXPECT_THROW(mediaName('I', 10000000), imaging::Error);
  EXPECT_THROW(mediaName('i', 1), imaging::Error);
}

TEST(MediaLayout, InstancePathHasPatientStudySeriesImageLevels) {
  EXPECT_EQ(imaging::mediaInstancePath(2, 3, 4, 5).generic_string(), "DICOM/P0000002/S0000003/E0000004/I0000005");
}
