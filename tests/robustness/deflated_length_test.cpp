// Finding F4 (docs/hardening.md): in a Deflated Explicit VR Little Endian file DCMTK cannot skip a
// value on disk, so it allocates each declared length before reading it; a length of a few GB in a
// small file made every command reserve that much memory. The structure check now inflates the
// data set first and refuses a length that runs past the data. Fixtures: a sample CD image written
// deflated by DCMTK's dcmconv, then inflated here, patched and deflated again with zlib.
#include <gtest/gtest.h>

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "files.h"
#include "sample_cache.h"

namespace fs = std::filesystem;

namespace {

using scanshare_test::readAll;
using scanshare_test::writeAll;

std::string le32(std::uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

// Preamble + file meta end where the File Meta Information Group Length (0002,0000; UL, right after
// "DICM") says; what follows in a deflated file is a raw deflate stream.
std::size_t dataSetOffset(const std::string& file) {
  std::uint32_t group_length = 0;
  for (int i = 3; i >= 0; --i) group_length = (group_length << 8) | static_cast<unsigned char>(file[140 + static_cast<std::size_t>(i)]);
  return 144 + group_length;
}

std::string inflateRaw(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, -MAX_WBITS), Z_OK);
  std::string out;
  std::vector<char> chunk(1 << 16);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

std::string deflateRaw(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

child::Result cli(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {SCANSHARE_CLI};
  argv.insert(argv.end(), args.begin(), args.end());
  child::Options options;
  options.timeout = std::chrono::minutes(1);
#if !defined(__SANITIZE_ADDRESS__)
  // 1 GB of address space: an allocation of the declared 3-4 GB would fail (under ASan the shadow
  // memory needs terabytes of address space, so there only the refusal itself is checked).
  options.max_address_space_bytes = 1ull << 30;
#endif
  return child::run(argv, options);
}

class DeflatedLength : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: ctest runs these tests in parallel processes.
    dir_ = fs::path(SCANSHARE_TEST_WORK_DIR) / "robustness" / "deflated-length" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const fs::path image = sample_cache::shared("demo") / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00001";
    const child::Result converted = child::run({DCMCONV_PROGRAM, "+td", image.string(), (dir_ / "DEFLATED").string()});
    ASSERT_TRUE(converted.exitedWithin({0})) << converted.describe() << converted.err;
    const std::string file = readAll(dir_ / "DEFLATED");
    ASSERT_NE(file.find("1.2.840.10008.1.2.1.99"), std::string::npos) << "dcmconv did not write a deflated file";
    meta_ = file.substr(0, dataSetOffset(file));
    data_set_ = inflateRaw(file.substr(meta_.size()));
    pixel_data_ = data_set_.find(std::string("\xe0\x7f\x10\x00OW\x00\x00", 8));
    ASSERT_NE(pixel_data_, std::string::npos) << "no OW Pixel Data in the inflated data set";
  }

  fs::path writeDeflated(const std::string& name, const std::string& data_set) {
    writeAll(dir_ / name, meta_ + deflateRaw(data_set));
    return dir_ / name;
  }

  // dump, scan and render each refuse the file: exit 1 or 2, at most one line on stderr, naming the
  // file, the reason on stderr or (scan's problem list) stdout, and no allocation of the declared length (it would fail under the 1 GB limit with
  // DCMTK's own, different message).
  void expectRefusedEverywhere(const fs::path& file, const std::string& reason = "deflated data") {
    const std::string name = file.filename().string();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"dump", file.string()}, std::vector<std::string>{"scan", file.string()},
          std::vector<std::string>{"render", file.string(), "-o", (dir_ / (name + ".png")).string()}}) {
      const child::Result r = cli(args);
      EXPECT_TRUE(r.exitedWithin({1, 2})) << args.front() << ": " << r.describe() << "\n" << r.err;
      EXPECT_NE(r.err.find(name), std::string::npos) << args.front() << ": " << r.err;
      EXPECT_NE((r.out + r.err).find(reason), std::string::npos) << args.front() << ": " << r.out << r.err;
      EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args.front() << ": " << r.err;
    }
    const child::Result scanned = cli({"scan", "--json", file.string()});
    ASSERT_TRUE(scanned.exitedWithin({1, 2})) << scanned.describe() << scanned.err;
    const nlohmann::json j = nlohmann::json::parse(scanned.out);
    EXPECT_EQ(j.at("dicom_files").get<int>(), 0);
    ASSERT_EQ(j.at("problems").size(), 1u);
    EXPECT_NE(j.at("problems")[0].dump().find(reason), std::string::npos) << j.dump();
  }

  fs::path dir_;
  std::string meta_, data_set_;
  std::size_t pixel_data_ = 0;
};

TEST_F(DeflatedLength, IntactDeflatedFileIsReadUnderTheMemoryLimit) {
  const fs::path file = writeDeflated("INTACT", data_set_);
  const child::Result dumped = cli({"dump", file.string()});
  ASSERT_TRUE(dumped.exitedWithin({0})) << dumped.describe() << dumped.err;
  const child::Result rendered = cli({"render", file.string(), "-o", (dir_ / "intact.png").string()});
  ASSERT_TRUE(rendered.exitedWithin({0})) << rendered.describe() << rendered.err;
  EXPECT_GT(fs::file_size(dir_ / "intact.png"), 0u);
}

TEST_F(DeflatedLength, HugePixelDataLengthIsRefused) {
  std::string patched = data_set_;
  // 768 MB declared, 128 KB present: under the check's 1 GB limit, so the inflated data must end first.
  patched.replace(pixel_data_ + 8, 4, le32(0x30000000u));
  expectRefusedEverywhere(writeDeflated("HUGEPIX", patched));
}

TEST_F(DeflatedLength, HugeHeaderElementLengthIsRefused) {
  // A private UN element declaring 3 GB, with 64 bytes of value, just before the Pixel Data.
  const std::string element = std::string("\xdf\x7f\x00\x10UN\x00\x00", 8) + le32(0xC0000000u) + std::string(64, '\x5a');
  std::string patched = data_set_;
  patched.insert(pixel_data_, element);
  expectRefusedEverywhere(writeDeflated("HUGEHDR", patched));
}

// Found by fuzz_deidentify in session 2: the check stopped at the Pixel Data, so a huge length
// declared by an element after it (DCMTK parses on) was still allocated up front.
TEST_F(DeflatedLength, HugeElementAfterPixelDataIsRefused) {
  const std::string element = std::string("\x41\x41\x41\x41UN\x00\x00", 8) + le32(0xC0000000u) + std::string(64, '\x5a');
  expectRefusedEverywhere(writeDeflated("HUGETAIL", data_set_ + element));
}

// Found by fuzz_scan_file in session 2: DCMTK takes a VR of two upper-case letters it does not
// know ("ZZ") as a future VR with a 4-byte length; the check read a 2-byte length there, walked
// different bytes than DCMTK parsed, and DCMTK then allocated the gigabyte the 4-byte length said.
TEST_F(DeflatedLength, UnknownUpperCaseVrIsWalkedWithAFourByteLength) {
  // Read with a 2-byte length (0), the bytes after "ZZ" look like small valid elements up to the
  // Pixel Data: (4444,4444) LO of length 0, then seven empty (0009,0010) LO. Read as DCMTK does,
  // it is one element of 0x44444444 bytes (1.1 GB).
  std::string value = std::string("LO\x00\x00", 4);
  for (int i = 0; i < 7; ++i) value += std::string("\x09\x00\x10\x00LO\x00\x00", 8);
  const std::string element = std::string("\x5a\x5a\x5a\x5aZZ\x00\x00", 8) + le32(0x44444444u) + value;
  std::string patched = data_set_;
  patched.insert(pixel_data_, element);
  expectRefusedEverywhere(writeDeflated("FUTUREVR", patched));
}

// Found by fuzz_scan_file in session 2: an element of another group inside the file meta (within
// its group length). DCMTK reads the meta up to the group length and inflates from there; the check
// stopped at the odd element, inflated from the wrong byte, found no deflate stream and let DCMTK
// go ahead and allocate. Now such a meta is refused before DCMTK reads anything.
TEST_F(DeflatedLength, ForeignElementInsideTheFileMetaDoesNotHideTheDataSet) {
  const std::size_t implementation_uid = meta_.find(std::string("\x02\x00\x12\x00UI", 6));
  ASSERT_NE(implementation_uid, std::string::npos) << "no (0002,0012) in dcmconv's meta";
  std::string meta = meta_;
  meta[implementation_uid + 1] = '\x67';  // (6702,0012): DCMTK warns and reads on
  const std::string element = std::string("\xdf\x7f\x00\x10UN\x00\x00", 8) + le32(0xC0000000u) + std::string(64, '\x5a');
  std::string patched = data_set_;
  patched.insert(pixel_data_, element);
  writeAll(dir_ / "FOREIGNMETA", meta + deflateRaw(patched));
  expectRefusedEverywhere(dir_ / "FOREIGNMETA", "damaged file meta information");
}

}  // namespace
