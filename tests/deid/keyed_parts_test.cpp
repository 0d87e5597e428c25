#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include <regex>
#include <set>

#include "fixtures.h"
#include "imaging/deid/parts.h"

using namespace imaging;

namespace {

__extension__ typedef unsigned __int128 u128;

std::string decimal(u128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v) { s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10))); v /= 10; }
  return s;
}

// Known answer from the definition: "2.25." + decimal(first 16 bytes of HMAC-SHA256(key, "uid\0" + uid)).
std::string expectedUid(const Key& key, const std::string& uid) {
  const std::string message = std::string("uid") + '\0' + uid;
  unsigned char mac[32];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.bytes().data(), static_cast<int>(key.bytes().size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  u128 v = 0;
  for (int i = 0; i < 16; ++i) v = (v << 8) | mac[i];
  return "2.25." + decimal(v);
}

}  // namespace

TEST(UidMapper, MatchesTheHmacDefinition) {
  const Key key = deidtest::testKey('q');
  const auto mapper = makeHmacUidMapper(key);
  for (const char* uid : {"1.2.3", "1.2.826.0.1.3680043.9.7777.1", "2.25.1234567890"})
    EXPECT_EQ(mapper->map(uid), expectedUid(key, uid));
  // Enough values that some have zeros at the head of a 19-digit piece of their decimal form.
  for (int i = 0; i < 400; ++i) {
    const std::string uid = "1.2.40.0." + std::to_string(i);
    EXPECT_EQ(mapper->map(uid), expectedUid(key, uid)) << uid;
  }
}

TEST(UidMapper, IsDeterministicKeyDependentAndValid) {
  const auto a = makeHmacUidMapper(deidtest::testKey('a'));
  const auto a2 = makeHmacUidMapper(deidtest::testKey('a'));
  const auto b = makeHmacUidMapper(deidtest::testKey('b'));
  const std::regex valid(R"(2\.25\.(0|[1-9][0-9]*))");
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    const std::string uid = "1.2.826.0.1." + std::to_string(i);
    const std::string mapped = a->map(uid);
    EXPECT_EQ(mapped, a2->map(uid));
    EXPECT_NE(mapped, b->map(uid));
    EXPECT_LE(mapped.size(), 64u);
    EXPECT_TRUE(std::regex_match(mapped, valid)) << mapped;
    seen.insert(mapped);
  }
  EXPECT_EQ(seen.size(), 500u);
}

TEST(DateShifter, OffsetsAreNonZeroInRangeAndPerPatient) {
  const auto shifter = makeHmacDateShifter(deidtest::testKey());
  std::set<int> offsets;
  for (int i = 0; i < 300; ++i) {
    const int d = shifter->offsetDays("patient-" + std::to_string(i));
    EXPECT_NE(d, 0);
    EXPECT_GE(d, -3650);
    EXPECT_LE(d, -1);
    offsets.insert(d);
  }
  EXPECT_GT(offsets.size(), 250u);  // distinct patients get (almost always) distinct offsets
  EXPECT_EQ(shifter->offsetDays("p"), makeHmacDateShifter(deidtest::testKey())->offsetDays("p"));
  EXPECT_NE(shifter->offsetDays("p"), makeHmacDateShifter(deidtest::testKey('z'))->offsetDays("p"));
}

TEST(DateShifter, KeepWeekdayShiftsByWholeWeeks) {
  const auto shifter = makeHmacDateShifter(deidtest::testKey(), true);
  for (int i = 0; i < 200; ++i) {
    const int d = shifter->offsetDays("patient-" + std::to_string(i));
    EXPECT_EQ(d % 7, 0);
    EXPECT_LE(d, -7);
    EXPECT_GE(d, -3650);
  }
}

TEST(Pseudonyms, DistinctStableNeverEmpty) {
  const auto p = makeHmacPseudonyms(deidtest::testKey());
  std::set<std::string> names, ids;
  for (int i = 0; i < 500; ++i) {
    const Pseudonym s = p->forPatient("id" + std::to_string(i) + "\x1f\x1fname");
    EXPECT_FALSE(s.name.empty());
    EXPECT_FALSE(s.id.empty());
    EXPECT_LE(s.id.size(), 64u);
    names.insert(s.name);
    ids.insert(s.id);
  }
  EXPECT_EQ(names.size(), 500u);
  EXPECT_EQ(ids.size(), 500u);
  const Pseudonym x = p->forPatient("same");
  const Pseudonym y = makeHmacPseudonyms(deidtest::testKey())->forPatient("same");
  EXPECT_EQ(x.name, y.name);
  EXPECT_EQ(x.id, y.id);
  EXPECT_NE(x.id, makeHmacPseudonyms(deidtest::testKey('o'))->forPatient("same").id);
  EXPECT_NE(p->forPatient("").id, "");
}

TEST(Pseudonyms, FixedPseudonymIsUsedAsGivenAndNeverEmpty) {
  const auto fixed = makeFixedPseudonym({"CASE^ONE", "CASE-1"});
  EXPECT_EQ(fixed->forPatient("a").name, "CASE^ONE");
  EXPECT_EQ(fixed->forPatient("b").id, "CASE-1");
  const auto blank = makeFixedPseudonym({"", ""});
  EXPECT_FALSE(blank->forPatient("a").name.empty());
  EXPECT_FALSE(blank->forPatient("a").id.empty());
}
