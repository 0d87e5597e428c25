// What reviewers need survives: real series, study and protocol descriptions that name nobody come
// out of the cleaner unchanged (at least 95% of the list; the rest are printed so they can be
// looked at), and the same descriptions with a name or a date planted in them lose it.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "imaging/text/free_text.h"

namespace imaging::text {
namespace {

std::vector<std::string> descriptions() {
  std::ifstream in(std::string(SCANSHARE_SOURCE_DIR) + "/tests/text/reviewer-descriptions.txt");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

TEST(ReviewerDescriptions, AtLeast95PercentSurviveUnchanged) {
  const auto list = descriptions();
  ASSERT_GE(list.size(), 150u);
  std::size_t kept = 0;
  for (const auto& d : list) {
    const std::string after = cleanText(d, TextCheck::WordsAndShapes);
    if (after == d) ++kept;
    else std::cout << "  changed: \"" << d << "\" -> \"" << after << "\"\n";
  }
  std::cout << kept << " of " << list.size() << " unchanged\n";
  EXPECT_GE(kept * 100, list.size() * 95);
}

TEST(ReviewerDescriptions, APlantedNameOrDateIsAlwaysRemoved) {
  for (const auto& d : descriptions()) {
    for (const std::string planted : {"Hollowmere", "Kowalczyk", "2024-09-02", "555-0142"}) {
      const std::string after = cleanText(d + " " + planted, TextCheck::WordsAndShapes);
      EXPECT_EQ(after.find(planted), std::string::npos) << d;
    }
  }
}

}  // namespace
}  // namespace imaging::text
