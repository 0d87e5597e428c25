// The committed action table, checked on its own (no standard extract needed): row count, edition
// stamp, pattern rows, and a handful of rows whose actions are fixed by PS3.15 2024b Table E.1-1.
#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>

#include "action_table.h"

using imaging::deid::ActionTable;
using imaging::deid::TagMatch;

TEST(ActionTableShape, HasAllRowsOfEdition2024b) {
  EXPECT_EQ(ActionTable::size(), 621u);
  EXPECT_STREQ(ActionTable::edition(), "2024b");
  EXPECT_EQ(std::strlen(ActionTable::sourceSha256()), 64u);
}

TEST(ActionTableShape, TagsAreUnique) {
  std::set<std::string> tags;
  for (std::size_t i = 0; i < ActionTable::size(); ++i) tags.insert(ActionTable::rows()[i].tag_text);
  EXPECT_EQ(tags.size(), ActionTable::size());
}

TEST(ActionTableShape, PatternsResolveCurvesOverlaysAndOddGroups) {
  const auto* curve = ActionTable::find(0x5002, 0x0010);
  ASSERT_NE(curve, nullptr);
  EXPECT_EQ(curve->match, TagMatch::Masked);
  const auto* overlay_comment = ActionTable::find(0x6004, 0x4000);
  ASSERT_NE(overlay_comment, nullptr);
  EXPECT_EQ(overlay_comment->match, TagMatch::Masked);
  const auto* private_row = ActionTable::find(0x0029, 0x1010);
  ASSERT_NE(private_row, nullptr);
  EXPECT_EQ(private_row->match, TagMatch::PrivateGroups);
  EXPECT_EQ(ActionTable::find(0x0028, 0x0010), nullptr);  // Rows: not in the table
}

TEST(ActionTableShape, KnownRowsCarryTheStandardsActions) {
  struct Known { std::uint16_t g, e; const char* basic; };
  const Known known[] = {
      {0x0010, 0x0010, "Z"},      // Patient's Name
      {0x0008, 0x0050, "Z"},      // Accession Number
      {0x0008, 0x0018, "U"},      // SOP Instance UID
      {0x0010, 0x1040, "X"},      // Patient's Address
      {0x0008, 0x002A, "X/Z/D"},  // Acquisition DateTime
  };
  for (const auto& k : known) {
    const auto* row = ActionTable::find(k.g, k.e);
    ASSERT_NE(row, nullptr) << std::hex << k.g << "," << k.e;
    EXPECT_STREQ(row->basic, k.basic) << row->name;
  }
}
