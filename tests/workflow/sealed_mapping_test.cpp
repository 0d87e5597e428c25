// The sealed re-identification mapping (issue 16, docs/mapping.md): round trip, no plaintext in the
// file, wrong key and tampering refused, and the file kept out of OUT and the input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "imaging/core/error.h"
#include "imaging/workflow/sealed_mapping.h"

namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::temp_directory_path() / ("scanshare-mapping-" + std::to_string(::getpid()));

std::string bytesOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

imaging::ErrorCode openError(const fs::path& file, const imaging::Key& key) {
  try {
    imaging::openSealedMapping(file, key);
  } catch (const imaging::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "opened";
  return imaging::ErrorCode::Internal;
}

class SealedMapping : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(kDir); }
  void TearDown() override { fs::remove_all(kDir); }
  imaging::Key key{std::vector<std::uint8_t>(32, 7)};
  const std::string plain = "{\"name\":\"Doe^Jane\",\"id\":\"MRN-0042\"}";
};

TEST_F(SealedMapping, RoundTripWithoutPlaintextInTheFile) {
  const fs::path f = kDir / "m.map";
  imaging::writeSealedMapping(f, key, plain);
  EXPECT_EQ(imaging::openSealedMapping(f, key), plain);
  const std::string bytes = bytesOf(f);
  EXPECT_EQ(bytes.find("Doe"), std::string::npos);
  EXPECT_EQ(bytes.find("MRN-0042"), std::string::npos);
  EXPECT_EQ(fs::status(f).permissions() & fs::perms::group_all, fs::perms::none);
  // A fresh salt and nonce per file: the same content never gives the same bytes.
  imaging::writeSealedMapping(kDir / "n.map", key, plain);
  EXPECT_NE(bytes, bytesOf(kDir / "n.map"));
}

TEST_F(SealedMapping, WrongKeyAndTamperingAreRefused) {
  const fs::path f = kDir / "m.map";
  imaging::writeSealedMapping(f, key, plain);
  EXPECT_EQ(openError(f, imaging::Key(std::vector<std::uint8_t>(32, 8))), imaging::ErrorCode::InvalidArgument);
  const std::string good = bytesOf(f);
  for (std::size_t at : {std::size_t{70}, good.size() - 1, std::size_t{60}}) {  // ciphertext, tag, nonce
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    std::ofstream(f, std::ios::binary | std::ios::trunc) << bad;
    EXPECT_EQ(openError(f, key), imaging::ErrorCode::Corrupt) << at;
  }
  std::ofstream(f, std::ios::binary | std::ios::trunc) << good.substr(0, 40);
  EXPECT_EQ(openError(f, key), imaging::ErrorCode::Corrupt);
}

TEST_F(SealedMapping, TargetMustLieOutsideOutAndInput) {
  EXPECT_THROW(imaging::checkMappingTarget(kDir / "out" / "m.map", kDir / "out", kDir / "in"), imaging::Error);
  EXPECT_THROW(imaging::checkMappingTarget(kDir / "in" / "m.map", kDir / "out", kDir / "in"), imaging::Error);
  EXPECT_THROW(imaging::checkMappingTarget(kDir / "out", kDir / "out", kDir / "in"), imaging::Error);
  EXPECT_NO_THROW(imaging::checkMappingTarget(kDir / "m.map", kDir / "out", kDir / "in"));
  EXPECT_NO_THROW(imaging::checkMappingTarget(kDir / "out-m.map", kDir / "out", kDir / "in"));
}

}  // namespace
