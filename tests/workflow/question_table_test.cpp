// QuestionTable: the grouped cross-patient scrub holds each distinct text a chunk's files were
// asked about once, not once a file (a chunk of 16 384 files held some 75 MB of repeats).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "recording_scrubber.h"

using imaging::workflow::QuestionTable;
using imaging::workflow::ScrubberQuestion;

TEST(QuestionTable, HoldsEachTextOnceHoweverManyFilesAskIt) {
  constexpr std::size_t kFiles = 1000, kShared = 60;
  QuestionTable table;
  std::vector<std::vector<std::uint32_t>> files;
  for (std::size_t f = 0; f < kFiles; ++f) {
    std::vector<ScrubberQuestion> asked;
    for (std::size_t i = 0; i < kShared; ++i) asked.push_back({false, "Northfield text " + std::to_string(i)});
    asked.push_back({false, "Family" + std::to_string(f) + "^Given"});
    asked.push_back({false, "Family" + std::to_string(f) + "^Given"});  // asked twice (scrub, then contains)
    asked.push_back({true, "Northfield text 0"});  // the same text as a number question: another question
    files.push_back(table.add(std::move(asked)));
  }
  // What a list per file held: 63 000 texts.
  EXPECT_EQ(table.size(), kShared + kFiles + 1);
  for (std::size_t f = 0; f < kFiles; ++f) {
    ASSERT_EQ(files[f].size(), kShared + 2);
    std::vector<std::string> texts;
    bool number_seen = false;
    for (const std::uint32_t id : files[f]) {
      ASSERT_LT(id, table.size());
      if (table[id].number) number_seen = table[id].text == "Northfield text 0";
      else texts.push_back(table[id].text);
    }
    EXPECT_TRUE(number_seen);
    EXPECT_EQ(std::count(texts.begin(), texts.end(), "Family" + std::to_string(f) + "^Given"), 1);
    EXPECT_EQ(std::count(texts.begin(), texts.end(), "Northfield text 59"), 1);
  }
}
