#include <gtest/gtest.h>

#include <random>

#include "identifier_match.h"

using imaging::workflow::containsIdentifier;

TEST(IdentifierMatch, FindsWholeWordsCaseInsensitively) {
  EXPECT_TRUE(containsIdentifier("Knee of doe, left", "DOE"));
  EXPECT_TRUE(containsIdentifier("DOE^JANE", "Jane"));
  EXPECT_TRUE(containsIdentifier("id FIX-4711 seen", "FIX-4711"));
  EXPECT_FALSE(containsIdentifier("DOES NOT APPLY", "DOE"));
  EXPECT_FALSE(containsIdentifier("ANECDOTE", "DOE"));
}

TEST(IdentifierMatch, IgnoresIdentifiersTooShortToMeanAnything) {
  EXPECT_FALSE(containsIdentifier("A", "A"));
  EXPECT_FALSE(containsIdentifier("image 12", "12"));
  EXPECT_TRUE(containsIdentifier("MRN 123456", "123456"));
}

TEST(IdentifierMatch, MatchesNonAsciiBytesExactly) {
  EXPECT_TRUE(containsIdentifier("Patient M\xC3\xBCller knee", "M\xC3\xBCller"));
  EXPECT_TRUE(containsIdentifier("\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E", "\xE5\xB1\xB1\xE7\x94\xB0"));
  EXPECT_FALSE(containsIdentifier("Patient Muller", "M\xC3\xBCller"));
}

TEST(IdentifierMatch, NormalizeDropsUnusableAndDuplicates) {
  const auto ids = imaging::workflow::normalizeIdentifiers({"DOE", "", "7", "DOE", "12", "123456"});
  EXPECT_EQ(ids, (std::vector<std::string>{"123456", "DOE"}));
}

// Report paths: identity hides in folder names in many spellings (issue: "ErnaOnboarding").
TEST(IdentifierMatch, PathsHoldIdentifiersWithAnySeparatorOrNone) {
  const std::vector<std::string> ids = {"Erna", "Onboarding", "19900101", "Li"};
  for (const char* path : {"ErnaOnboarding/IMG1", "erna_onboarding/x", "ONBOARDING.ERNA/x", "1990-01-01/x",
                           "scans 01.01.1990/x", "01-01-1990/x", "li/x"})
    EXPECT_TRUE(imaging::workflow::pathHoldsIdentifier(path, ids)) << path;
  for (const char* path : {"DICOM/IMG00001", "clinical/SER1", "2024-05-06/x"})
    EXPECT_FALSE(imaging::workflow::pathHoldsIdentifier(path, ids)) << path;
}

// verify's one-pass byte search finds exactly the identifiers containsIdentifier finds one by one,
// long ones anywhere, short ones only in the header part.
TEST(IdentifierByteSearch, AgreesWithTheOneByOneSearch) {
  std::mt19937 random(5121);
  const std::string alphabet = "aAbB1-2 .";
  auto word = [&](std::size_t min, std::size_t max) {
    std::string w(std::uniform_int_distribution<std::size_t>(min, max)(random), ' ');
    for (char& c : w) c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    return w;
  };
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> ids;
    for (int i = 0; i < 8; ++i) ids.push_back(word(1, 9));
    const std::string bytes = word(0, 60);
    const std::size_t header = std::uniform_int_distribution<std::size_t>(0, bytes.size())(random);
    const std::size_t long_from = 5;
    std::vector<std::size_t> expected;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::string_view where =
          ids[i].size() >= long_from ? std::string_view(bytes) : std::string_view(bytes).substr(0, header);
      if (imaging::workflow::containsIdentifier(where, ids[i])) expected.push_back(i);
    }
    const imaging::workflow::IdentifierByteSearch search(ids);
    ASSERT_EQ(search.find(bytes, header, long_from), expected) << "round " << round << " bytes \"" << bytes << "\"";
  }
}
