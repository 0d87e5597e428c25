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

namespace {
// The documented rules, one identifier at a time: the reference for the one-pass check.
std::string squashed(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || static_cast<unsigned char>(c) >= 0x80) out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  }
  return out;
}
bool referencePathHolds(std::string_view path, const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    if (containsIdentifier(path, id)) return true;
  const std::string p = squashed(path);
  for (const auto& id : ids) {
    const std::string s = squashed(id);
    if (s.size() < 4) continue;
    std::vector<std::string> forms{s};
    if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos) {
      forms.push_back(s.substr(6, 2) + s.substr(4, 2) + s.substr(0, 4));
      forms.push_back(s.substr(4, 2) + s.substr(6, 2) + s.substr(0, 4));
    }
    for (const auto& f : forms)
      if (p.find(f) != std::string::npos) return true;
  }
  return false;
}
}  // namespace

TEST(IdentifierCheck, AgreesWithTheRulesOneIdentifierAtATime) {
  std::mt19937 random(77);
  const std::string alphabet = "aB1_-/ .\xc3\xa9";
  auto word = [&](std::size_t min, std::size_t max) {
    std::string w(std::uniform_int_distribution<std::size_t>(min, max)(random), ' ');
    for (char& c : w) c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    return w;
  };
  int holds = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> ids = {"19900101"};
    for (int i = 0; i < 6; ++i) ids.push_back(word(2, 7));
    const std::string path = round % 7 == 0 ? "scans/01-01-1990/x" : word(0, 40);
    const imaging::workflow::IdentifierCheck check(ids);
    const bool expected = referencePathHolds(path, ids);
    holds += expected;
    ASSERT_EQ(check.pathHolds(path), expected) << "round " << round << " path \"" << path << "\"";
    bool any = false;
    for (const auto& id : ids) any = any || containsIdentifier(path, id);
    ASSERT_EQ(check.anyIn(path), any) << "round " << round;
  }
  EXPECT_GT(holds, 100);  // the random cases exercise both answers
}
