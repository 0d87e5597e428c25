// Regression tests for what fuzzing and the mutated corpus found (docs/hardening.md lists each
// finding). Every reproducer is made in code from the generated sample CD.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "files.h"
#include "mutations.h"
#include "sample_cache.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using scanshare_test::readAll;
using scanshare_test::writeAll;

fs::path freshCd(const std::string& name) {
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "robustness" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  sample_cache::copyTo(dir / "cd", "demo");
  writeAll(dir / "test.key", std::string(32, '\x21'));
  return dir;
}

child::Result cli(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {SCANSHARE_CLI};
  argv.insert(argv.end(), args.begin(), args.end());
  child::Options options;
  options.timeout = std::chrono::minutes(2);
  return child::run(argv, options);
}

// Found by fuzz_scan_dicomdir: a DICOMDIR record whose Directory Record Type (0004,1430) declares
// a value of 1024 bytes (running over the following elements) makes DCMTK 3.6.7 throw
// std::out_of_range from DcmByteString::verify (via DcmDirectoryRecord::lookForRecordType) inside
// DcmFileFormat::loadFile. The exception escaped imaging::scan, so one damaged DICOMDIR stopped the
// whole disk ("internal error", exit 2). Expected: the DICOMDIR is reported, every file is read.
TEST(FuzzRegression, DicomdirRecordTypeWithOverlongValueDoesNotStopTheScan) {
  const fs::path dir = freshCd("regression-dicomdir-record-type");
  const fs::path cd = dir / "cd";
  const child::Result clean = cli({"scan", "--json", cd.string()});
  ASSERT_TRUE(clean.exitedWithin({0, 1})) << clean.describe() << clean.err;
  const std::size_t instances = json::parse(clean.out).at("dicom_files").get<std::size_t>();

  std::string dicomdir = readAll(cd / "DICOMDIR");
  const std::string record_type = std::string("\x04\x00\x30\x14" "CS\x06\x00" "IMAGE ", 14);
  const std::size_t at = dicomdir.find(record_type);
  ASSERT_NE(at, std::string::npos) << "no IMAGE record in the sample DICOMDIR";
  dicomdir[at + 6] = '\x00';  // length 0x0400 instead of 6
  dicomdir[at + 7] = '\x04';
  writeAll(cd / "DICOMDIR", dicomdir);

  const child::Result r = cli({"scan", "--json", cd.string()});
  ASSERT_TRUE(r.exitedWithin({1})) << r.describe() << "\n" << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j.at("dicom_files").get<std::size_t>(), instances);
  bool dicomdir_reported = false;
  for (const json& p : j.at("problems")) dicomdir_reported |= p.at("path") == "DICOMDIR";
  EXPECT_TRUE(dicomdir_reported);

  const child::Result anonymized = cli({"anonymize", cd.string(), "-o", (dir / "OUT").string(), "--key",
                                        (dir / "test.key").string()});
  EXPECT_TRUE(anonymized.exitedWithin({0, 1})) << anonymized.describe() << "\n" << anonymized.err;
  EXPECT_TRUE(fs::is_directory(dir / "OUT"));
}

// Found by the mutated corpus: 20000 sequences nested inside each other (undefined lengths, 400 KB)
// overflow the stack in DCMTK's recursive parser (DcmItem::read -> DcmSequenceOfItems::read ->
// ...): scan, dump, render and anonymize died with SIGSEGV (so does DCMTK's own dcmdump; depth 4000
// still parses, 8000 does not, with 8 MB stacks). One such file on a disk killed the whole batch.
// Expected: the file is refused as corrupt and the rest of the disk is processed.
TEST(FuzzRegression, DeeplyNestedSequencesAreRefusedNotACrash) {
  const fs::path dir = freshCd("regression-nested-sequences");
  const fs::path cd = dir / "cd";
  const fs::path image = cd / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00001";
  const fs::path nested = cd / "NESTED.DCM";
  writeAll(nested, mutations::deeplyNestedSequences(readAll(image), 20000));

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"dump", nested.string()}, std::vector<std::string>{"scan", nested.string()},
        std::vector<std::string>{"render", nested.string(), "-o", (dir / "nested.png").string()}}) {
    const child::Result r = cli(args);
    EXPECT_TRUE(r.exitedWithin({1, 2})) << args.front() << ": " << r.describe();
    EXPECT_NE(r.err.find("NESTED.DCM"), std::string::npos) << args.front() << ": " << r.err;
  }
  const child::Result batch = cli({"scan", "--json", cd.string()});
  ASSERT_TRUE(batch.exitedWithin({1})) << batch.describe();
  const child::Result anonymized = cli({"anonymize", cd.string(), "-o", (dir / "OUT").string(), "--key",
                                        (dir / "test.key").string()});
  EXPECT_TRUE(anonymized.exitedWithin({1})) << anonymized.describe();
  EXPECT_TRUE(fs::is_directory(dir / "OUT"));
}

// Found in session 2 while moving the structure check into the engine: the check stopped at the
// top-level Pixel Data, but DCMTK parses what follows it, so 20000 nested sequences appended after
// the pixels still overflowed DCMTK's stack (scan and dump: SIGSEGV). Expected: refused, named, and
// the rest of the disk exported.
TEST(FuzzRegression, DeeplyNestedSequencesAfterPixelDataAreRefusedNotACrash) {
  const fs::path dir = freshCd("regression-nested-after-pixels");
  const fs::path cd = dir / "cd";
  const fs::path image = cd / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00001";
  const fs::path nested = cd / "TAIL.DCM";
  writeAll(nested, mutations::deeplyNestedAfterPixelData(readAll(image), 20000));

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"dump", nested.string()}, std::vector<std::string>{"scan", nested.string()},
        std::vector<std::string>{"render", nested.string(), "-o", (dir / "tail.png").string()}}) {
    const child::Result r = cli(args);
    EXPECT_TRUE(r.exitedWithin({1, 2})) << args.front() << ": " << r.describe();
    EXPECT_NE(r.err.find("TAIL.DCM"), std::string::npos) << args.front() << ": " << r.err;
  }
  const child::Result anonymized = cli({"anonymize", cd.string(), "-o", (dir / "OUT").string(), "--key",
                                        (dir / "test.key").string()});
  EXPECT_TRUE(anonymized.exitedWithin({1})) << anonymized.describe();
  EXPECT_TRUE(fs::is_directory(dir / "OUT"));
}

// Found by fuzz_decode_pixels (from an RLE image): an RLE frame whose segment offsets point past
// the fragment makes DCMTK 3.6.7's DcmRLEDecoder::decompress read out of bounds (SIGSEGV) when
// DicomImage decodes it (libimaging/pixels/decode.cpp). Reproduced from the sample CD: the image is
// RLE-encoded with DCMTK's dcmcrle, then the offset of segment 2 in the RLE header is set far past
// the end. Expected: render refuses the file (exit 1 or 2, file named); the intact RLE file renders.
TEST(FuzzRegression, RleSegmentOffsetPastTheFragmentIsRefused) {
  const fs::path dir = freshCd("regression-rle-offsets");
  const fs::path rle = dir / "rle.dcm";
  const child::Result encoded =
      child::run({DCMCRLE_PROGRAM, (dir / "cd" / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00001").string(), rle.string()});
  ASSERT_TRUE(encoded.exitedWithin({0})) << encoded.describe() << encoded.err;
  const child::Result intact = cli({"render", rle.string(), "-o", (dir / "intact.png").string()});
  ASSERT_TRUE(intact.exitedWithin({0})) << intact.describe() << intact.err;

  std::string bytes = readAll(rle);
  // Pixel Data (7FE0,0010) OB, undefined length; then the offset table item; then the first
  // fragment, which starts with the RLE header: segment count, then 15 segment offsets.
  const std::size_t pixel_data = bytes.find(std::string("\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff", 12));
  ASSERT_NE(pixel_data, std::string::npos);
  const std::size_t table = pixel_data + 12;
  auto le32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return v;
  };
  const std::size_t fragment = table + 8 + le32(table + 4);
  ASSERT_EQ(bytes.substr(fragment, 4), std::string("\xfe\xff\x00\xe0", 4));
  const std::size_t header = fragment + 8;
  ASSERT_EQ(le32(header), 2u) << "expected two RLE segments for a 16-bit monochrome image";
  const std::uint32_t past_end = 0x08010100u;
  for (int i = 0; i < 4; ++i) bytes[header + 8 + static_cast<std::size_t>(i)] = static_cast<char>((past_end >> (8 * i)) & 0xff);
  const fs::path damaged = dir / "RLEBAD.DCM";
  writeAll(damaged, bytes);

  const child::Result r = cli({"render", damaged.string(), "-o", (dir / "damaged.png").string()});
  EXPECT_TRUE(r.exitedWithin({1, 2})) << r.describe();
  EXPECT_NE(r.err.find("RLEBAD.DCM"), std::string::npos) << r.err;
}

}  // namespace
