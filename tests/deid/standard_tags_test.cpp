// The engine's table of standard tags (standard_tags.h, generated at build time) against DCMTK's data
// dictionary, which this test may load: the engine must call a tag unknown exactly when DCMTK's
// DcmTag(key).getTagName() does, without asking DCMTK.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcdicent.h>
#include <dcmtk/dcmdata/dctag.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "standard_tags.h"

namespace imaging::deid {
namespace {

using RangeKey = std::tuple<unsigned, unsigned, unsigned, unsigned, int, int>;

TagParity parityOf(DcmDictRangeRestriction restriction) {
  switch (restriction) {
    case DcmDictRange_Odd: return TagParity::Odd;
    case DcmDictRange_Even: return TagParity::Even;
    case DcmDictRange_Unspecified: break;
  }
  return TagParity::Any;
}

RangeKey keyOf(const StandardTagRange& r) {
  return {r.group, r.upper_group, r.element, r.upper_element, static_cast<int>(r.group_parity),
          static_cast<int>(r.element_parity)};
}

// The public entries DCMTK loaded, as the generator reads them.
struct DcmtkPublicEntries {
  std::set<std::uint32_t> exact;
  std::set<RangeKey> ranges;
};

DcmtkPublicEntries dcmtkPublicEntries() {
  DcmtkPublicEntries out;
  DcmDataDictionary& dict = dcmDataDict.wrlock();
  for (DcmHashDictIterator it = dict.normalBegin(); it != dict.normalEnd(); ++it)
    if ((*it)->getPrivateCreator() == nullptr)
      out.exact.insert(std::uint32_t{(*it)->getGroup()} << 16 | (*it)->getElement());
  for (DcmDictEntryListIterator it = dict.repeatingBegin(); it != dict.repeatingEnd(); ++it) {
    const DcmDictEntry& e = **it;
    if (e.getPrivateCreator() != nullptr) continue;
    out.ranges.insert({e.getGroup(), e.getUpperGroup(), e.getElement(), e.getUpperElement(),
                       static_cast<int>(parityOf(e.getGroupRangeRestriction())),
                       static_cast<int>(parityOf(e.getElementRangeRestriction()))});
  }
  dcmDataDict.wrunlock();
  return out;
}

bool dcmtkKnows(std::uint16_t group, std::uint16_t element) {
  DcmTag tag(DcmTagKey(group, element));
  return std::strcmp(tag.getTagName(), DcmTag_ERROR_TagName) != 0;
}

class StandardTags : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dcmDataDict.isDictionaryLoaded()) << "the comparison needs DCMTK's dictionary"; }
};

TEST_F(StandardTags, TableHoldsExactlyDcmtksPublicEntries) {
  const DcmtkPublicEntries dcmtk = dcmtkPublicEntries();
  const StandardTagTable& table = standardTagTable();
  // A few thousand attributes and a few dozen repeating groups: an empty or truncated table fails.
  EXPECT_GT(table.exact_count, 4000u);
  EXPECT_GT(table.range_count, 20u);

  const std::set<std::uint32_t> ours(table.exact, table.exact + table.exact_count);
  EXPECT_EQ(ours.size(), table.exact_count) << "duplicate tags in the table";
  for (const std::uint32_t tag : dcmtk.exact) {
    EXPECT_TRUE(ours.count(tag)) << std::hex << "DCMTK knows " << tag << ", the table does not";
    EXPECT_TRUE(isStandardTag(static_cast<std::uint16_t>(tag >> 16), static_cast<std::uint16_t>(tag)))
        << std::hex << tag;
  }
  for (const std::uint32_t tag : ours) EXPECT_TRUE(dcmtk.exact.count(tag)) << std::hex << "not DCMTK's: " << tag;

  std::set<RangeKey> our_ranges;
  for (std::size_t i = 0; i < table.range_count; ++i) our_ranges.insert(keyOf(table.ranges[i]));
  EXPECT_EQ(our_ranges, dcmtk.ranges);
  // Every range answers true at its own corners (where the parity lets them in).
  for (std::size_t i = 0; i < table.range_count; ++i) {
    const StandardTagRange& r = table.ranges[i];
    for (const std::uint16_t g : {r.group, r.upper_group})
      for (const std::uint16_t e : {r.element, r.upper_element})
        if (StandardTagRange::fits(r.group_parity, g) && StandardTagRange::fits(r.element_parity, e)) {
          EXPECT_TRUE(isStandardTag(g, e)) << std::hex << g << "," << e;
        }
  }
}

TEST_F(StandardTags, RangesKeepTheirParity) {
  // Overlay (60xx) and curve (50xx) groups are even-only in DCMTK's dictionary: an odd group in
  // the range is private, and must not be called standard. Held against DCMTK as well.
  const StandardTagTable& table = standardTagTable();
  std::size_t restricted = 0;
  for (std::size_t i = 0; i < table.range_count; ++i) {
    const StandardTagRange& r = table.ranges[i];
    if (r.group_parity == TagParity::Any || r.group == r.upper_group) continue;
    ++restricted;
    const auto wrong = static_cast<std::uint16_t>(r.group_parity == TagParity::Even ? (r.group | 1u) : (r.group & ~1u));
    if (wrong < r.group || wrong > r.upper_group) continue;
    EXPECT_FALSE(r.contains(wrong, r.element)) << std::hex << wrong << "," << r.element;
    EXPECT_EQ(isStandardTag(wrong, r.element), dcmtkKnows(wrong, r.element)) << std::hex << wrong << "," << r.element;
  }
  EXPECT_GT(restricted, 0u) << "no parity-restricted group range: the comparison below proves little";
  EXPECT_TRUE(isStandardTag(0x6002, 0x3000));  // Overlay Data of the second overlay
  EXPECT_FALSE(isStandardTag(0x6001, 0x3000));
}

TEST_F(StandardTags, AnswersAsDcmtkAtEveryRangeBoundary) {
  const StandardTagTable& table = standardTagTable();
  std::size_t compared = 0;
  const auto around = [](std::uint16_t lo, std::uint16_t hi) {
    std::vector<std::uint16_t> values;
    for (const int base : {int{lo}, int{hi}})
      for (int d = -2; d <= 2; ++d)  // +-1 and the neighbour of the other parity on each side
        if (base + d >= 0 && base + d <= 0xFFFF) values.push_back(static_cast<std::uint16_t>(base + d));
    return values;
  };
  for (std::size_t i = 0; i < table.range_count; ++i) {
    const StandardTagRange& r = table.ranges[i];
    for (const std::uint16_t g : around(r.group, r.upper_group))
      for (const std::uint16_t e : around(r.element, r.upper_element)) {
        EXPECT_EQ(isStandardTag(g, e), dcmtkKnows(g, e)) << std::hex << "(" << g << "," << e << ")";
        ++compared;
      }
  }
  // Exact entries and their element neighbours.
  for (std::size_t i = 0; i < table.exact_count; ++i) {
    const auto g = static_cast<std::uint16_t>(table.exact[i] >> 16);
    const auto e0 = static_cast<std::uint16_t>(table.exact[i]);
    for (int d = -1; d <= 1; ++d) {
      const int e = int{e0} + d;
      if (e < 0 || e > 0xFFFF) continue;
      EXPECT_EQ(isStandardTag(g, static_cast<std::uint16_t>(e)), dcmtkKnows(g, static_cast<std::uint16_t>(e)))
          << std::hex << "(" << g << "," << e << ")";
      ++compared;
    }
  }
  EXPECT_GT(compared, 10000u);
}

TEST_F(StandardTags, AnswersAsDcmtkForRandomEvenGroupTags) {
  // The engine asks only for even groups (odd ones are private and handled before). Half the tags
  // are uniform, which are mostly unknown; half are near a known tag, so both answers are common.
  const StandardTagTable& table = standardTagTable();
  std::mt19937 random(20261206u);
  std::uniform_int_distribution<std::uint32_t> any(0, 0xFFFFFFFFu);
  std::uniform_int_distribution<std::size_t> pick(0, table.exact_count - 1);
  std::uniform_int_distribution<int> near(-8, 8);
  std::size_t known = 0, unknown = 0, mismatches = 0;
  for (int i = 0; i < 200000; ++i) {
    std::uint16_t g, e;
    if (i % 2 == 0) {
      const std::uint32_t tag = any(random);
      g = static_cast<std::uint16_t>((tag >> 16) & ~1u);
      e = static_cast<std::uint16_t>(tag);
    } else {
      const std::uint32_t tag = table.exact[pick(random)];
      g = static_cast<std::uint16_t>((tag >> 16) & ~1u);
      e = static_cast<std::uint16_t>(static_cast<int>(tag & 0xFFFF) + near(random));
    }
    const bool ours = isStandardTag(g, e);
    if (ours != dcmtkKnows(g, e) && ++mismatches <= 20) ADD_FAILURE() << std::hex << "(" << g << "," << e << ")";
    ++(ours ? known : unknown);
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(known, 20000u);
  EXPECT_GT(unknown, 20000u);
}

}  // namespace
}  // namespace imaging::deid
