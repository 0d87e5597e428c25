// --shard I/N parsing and the keyed patient shard (docs/scale-out.md).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "imaging/core/error.h"
#include "imaging/workflow/anonymize.h"

namespace {

TEST(Shard, ParsesIndexOfCount) {
  const imaging::ShardSpec s = imaging::parseShard("2/5");
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 5u);
  EXPECT_TRUE(s.active());
  EXPECT_EQ(imaging::shardName(2, 5), "shard-2-of-5");
  EXPECT_EQ(imaging::parseShard("0/1").count, 1u);
}

TEST(Shard, RefusesWhatIsNotIndexOfCount) {
  for (const char* bad : {"", "3", "3/3", "4/3", "-1/3", "1/-3", "+1/3", "a/3", "1/b", "0/0", "/", "1/2/3", " 1/3",
                          "1 /3", "0x1/3", "0/100001", "0/9999999"})
    EXPECT_THROW(imaging::parseShard(bad), imaging::Error) << bad;
}

TEST(Shard, PatientShardIsKeyedStableAndSpread) {
  const imaging::Key k1(std::vector<std::uint8_t>(32, 1)), k2(std::vector<std::uint8_t>(32, 2));
  std::map<unsigned, int> histogram;
  int moved = 0;
  for (int p = 0; p < 400; ++p) {
    const std::string identity = "ID" + std::to_string(p) + "\x1f" "\x1f" "DOE^JANE" + std::to_string(p);
    const unsigned s = imaging::patientShard(k1, identity, 4);
    ASSERT_LT(s, 4u);
    EXPECT_EQ(s, imaging::patientShard(k1, identity, 4));  // the same patient, the same shard
    ++histogram[s];
    moved += s != imaging::patientShard(k2, identity, 4);
    EXPECT_EQ(imaging::patientShard(k1, identity, 1), 0u);
  }
  for (unsigned s = 0; s < 4; ++s) EXPECT_GT(histogram[s], 60) << "shard " << s;  // ~100 each
  EXPECT_GT(moved, 200);  // another key, another assignment (3/4 expected)
  EXPECT_THROW(imaging::patientShard(k1, "x", 0), imaging::Error);
}

}  // namespace
