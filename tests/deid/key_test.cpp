#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "fixtures.h"
#include "imaging/core/error.h"
#include "imaging/deid/key.h"

using namespace imaging;

namespace {

// HMAC-SHA256 written out from RFC 2104 on top of plain SHA-256: independent of the HMAC() the
// library calls.
std::vector<std::uint8_t> referenceHmac(const std::vector<std::uint8_t>& key, const std::string& message) {
  std::vector<std::uint8_t> k = key;
  if (k.size() > 64) {
    k.assign(SHA256_DIGEST_LENGTH, 0);
    SHA256(key.data(), key.size(), k.data());
  }
  k.resize(64, 0);
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  inner += message;
  unsigned char inner_digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(inner.data()), inner.size(), inner_digest);
  outer.append(reinterpret_cast<const char*>(inner_digest), SHA256_DIGEST_LENGTH);
  std::vector<std::uint8_t> out(SHA256_DIGEST_LENGTH);
  SHA256(reinterpret_cast<const unsigned char*>(outer.data()), outer.size(), out.data());
  return out;
}

}  // namespace

TEST(Key, RejectsShortKeys) {
  EXPECT_THROW(Key(std::vector<std::uint8_t>(15, 1)), Error);
  EXPECT_NO_THROW(Key(std::vector<std::uint8_t>(16, 1)));
}

TEST(Key, LoadsHexTextAndRawBytes) {
  const auto dir = deidtest::workDir("key_load");
  {
    std::ofstream(dir / "hex") << "00112233445566778899aabbccddeeff\n0102\n";
  }
  const Key hex = Key::load(dir / "hex");
  ASSERT_EQ(hex.bytes().size(), 18u);
  EXPECT_EQ(hex.bytes()[0], 0x00);
  EXPECT_EQ(hex.bytes()[15], 0xff);
  EXPECT_EQ(hex.bytes()[17], 0x02);
  {
    std::ofstream(dir / "raw", std::ios::binary) << "this is not hex at all!";
  }
  EXPECT_EQ(Key::load(dir / "raw").bytes().size(), 23u);
  {
    std::ofstream(dir / "short") << "abcd";
  }
  EXPECT_THROW(Key::load(dir / "short"), Error);
  EXPECT_THROW(Key::load(dir / "missing"), Error);
}

TEST(Key, LoadOrCreateMakesAPrivateFileAndReusesIt) {
  const auto dir = deidtest::workDir("key_create");
  const auto file = dir / "config" / "scanshare" / "key";
  const Key first = Key::loadOrCreate(file);
  EXPECT_EQ(first.bytes().size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const Key again = Key::loadOrCreate(file);
  EXPECT_EQ(again.bytes(), first.bytes());
  const Key other = Key::loadOrCreate(dir / "other");
  EXPECT_NE(other.bytes(), first.bytes());
}

TEST(Key, DefaultLocationFollowsXdgThenHome) {
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string saved_xdg = old_xdg ? old_xdg : "";
  ::setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
  EXPECT_EQ(Key::defaultLocation(), std::filesystem::path("/tmp/xdg-test/scanshare/key"));
  ::unsetenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (home && *home) {
    EXPECT_EQ(Key::defaultLocation(), std::filesystem::path(home) / ".config/scanshare/key");
  }
  if (old_xdg) ::setenv("XDG_CONFIG_HOME", saved_xdg.c_str(), 1);
}

TEST(Key, KeyedHashIsHmacSha256OfDomainNulMessage) {
  const Key key = deidtest::testKey('a');
  const std::string message = std::string("uid") + '\0' + "1.2.3.4";
  EXPECT_EQ(keyedHash(key, "uid", "1.2.3.4"), referenceHmac(key.bytes(), message));
  EXPECT_NE(keyedHash(key, "uid", "1.2.3.4"), keyedHash(key, "date", "1.2.3.4"));
  EXPECT_NE(keyedHash(key, "uid", "1.2.3.4"), keyedHash(deidtest::testKey('b'), "uid", "1.2.3.4"));
  // A long key is hashed first (RFC 2104); both paths must agree.
  const Key long_key(std::vector<std::uint8_t>(100, 7));
  EXPECT_EQ(keyedHash(long_key, "x", "y"), referenceHmac(long_key.bytes(), std::string("x") + '\0' + "y"));
}
