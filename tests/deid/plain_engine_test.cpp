// The plain engine (deid/plain_tree.h: our own tree and writer for plain files) against DCMTK's
// path: every corpus at hand is exported twice with the same key, once with the plain engine and
// once with DCMTK alone, and the two exports must be the same byte for byte (images, DICOMDIR) and
// say the same (report, timings aside). Damaged files too: thousands of mutants of plain files,
// where the plain engine must either give DCMTK's answer exactly or leave the file to DCMTK.
// And the plain engine really is the one writing the common files, or the comparison proves nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <string_view>

#include "../media/dicom_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "run.h"
#include "dicom_mutation.h"
#include "plain_tree.h"

namespace fs = std::filesystem;

namespace {

constexpr int kMutants = scanshare_test::mutantCount(1500, 200);

imaging::Key testKey() {
  std::vector<std::uint8_t> bytes(32);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return imaging::Key(bytes);
}

struct Export {
  std::map<std::string, std::string> files;  // relative path -> bytes
  nlohmann::json report;
  std::uint64_t plain_files = 0;
};

Export exportWith(const fs::path& in, const fs::path& out, bool plain) {
  imaging::deid::setPlainEngine(plain);
  const std::uint64_t before = imaging::deid::plainEngineUses();
  Export e;
  try {
    const imaging::Inventory inventory = imaging::scan(in);
    imaging::AnonymizeOptions options;
    options.deid = imaging::makeDeidConfig(testKey(), imaging::Profile::defaultProfile());
    options.flush_to_disk = false;
    const imaging::AnonymizeResult r = imaging::AnonymizeJob(inventory, options).run(out);
    std::ifstream report(r.report_json);
    e.report = nlohmann::json::parse(report);
    e.report.erase("timings");
    e.report.erase("output");
  } catch (const std::exception& ex) {
    e.report = std::string("threw: ") + ex.what();
  }
  imaging::deid::setPlainEngine(true);
  e.plain_files = imaging::deid::plainEngineUses() - before;
  if (fs::exists(out))
    for (const auto& entry : fs::recursive_directory_iterator(out))
      if (entry.is_regular_file())
        e.files[entry.path().lexically_relative(out).generic_string()] = fixtures::readBytes(entry.path());
  return e;
}

// Exports `in` both ways; returns how many files the plain engine wrote.
std::uint64_t expectSameExport(const fs::path& in, const fs::path& work, const std::string& label) {
  fs::create_directories(work);
  const Export plain = exportWith(in, work / "plain", true);
  const Export dcmtk = exportWith(in, work / "dcmtk", false);
  EXPECT_EQ(dcmtk.plain_files, 0u);
  EXPECT_TRUE(dcmtk.report.is_object()) << label << ": " << dcmtk.report.dump();
  if (std::getenv("PLAIN_ENGINE_VERBOSE"))
    std::fprintf(stderr, "%s: %zu files, %llu by the plain engine\n", label.c_str(), plain.files.size(),
                 static_cast<unsigned long long>(plain.plain_files));
  EXPECT_EQ(plain.report, dcmtk.report) << label;
  EXPECT_EQ(plain.files.size(), dcmtk.files.size()) << label;
  for (const auto& [name, bytes] : dcmtk.files) {
    const auto it = plain.files.find(name);
    if (it == plain.files.end()) {
      ADD_FAILURE() << label << ": " << name << " missing from the plain export";
      continue;
    }
    if (it->second != bytes) {
      const auto diff = std::mismatch(bytes.begin(), bytes.end(), it->second.begin(), it->second.end());
      ADD_FAILURE() << label << ": " << name << " differs at byte " << (diff.first - bytes.begin()) << " of "
                    << bytes.size() << " (plain " << it->second.size() << ")";
    }
  }
  return plain.plain_files;
}

void makeSample(const char* variant, const fs::path& out) {
  ASSERT_TRUE(scanshare_test::makeSample(SCANSHARE_MAKE_SAMPLE, variant, out.string())) << variant;
}

using scanshare_test::mutateDicom;

}  // namespace

TEST(PlainEngine, SampleCdsExportTheSameAndAreWrittenPlain) {
  const fs::path root = fixtures::freshWorkDir();
  for (const char* variant : {"demo", "multi-charset", "free-text"}) {
    makeSample(variant, root / variant / "in");
    const std::uint64_t plain = expectSameExport(root / variant / "in", root / variant, variant);
    if (std::string(variant) == "demo") {
      EXPECT_GE(plain, 80u) << "the demo CD is mostly plain files";
    }
    if (std::string(variant) == "multi-charset") {
      EXPECT_GE(plain, 20u) << "its ISO_IR 100 (Latin-1 text converted) and ISO_IR 192 files are plain";
    }
  }
}

// A preamble may hold anything (a TIFF header, a name): both paths write zeros, not the input's.
TEST(PlainEngine, PreambleIsNeverCopied) {
  const fs::path root = fixtures::freshWorkDir();
  makeSample("free-text", root / "cd");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root / "cd"))
    if (entry.is_regular_file() && entry.path().filename() != "DICOMDIR") files.push_back(entry.path());
  ASSERT_FALSE(files.empty());
  fs::create_directories(root / "in");
  std::string bytes = fixtures::readBytes(files.front());
  ASSERT_GT(bytes.size(), 132u);
  const std::string secret = "II*\0Preamble^Patient^Name 19610203";
  bytes.replace(0, secret.size(), secret);
  fixtures::writeBytes(root / "in" / "file", bytes);
  EXPECT_EQ(expectSameExport(root / "in", root, "preamble"), 1u);
  for (const char* way : {"plain", "dcmtk"}) {
    std::size_t images = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root / way)) {
      if (!entry.is_regular_file() || entry.path().filename() == "DICOMDIR") continue;
      ++images;
      const std::string out = fixtures::readBytes(entry.path());
      ASSERT_GT(out.size(), 132u);
      EXPECT_EQ(out.substr(0, 128), std::string(128, '\0')) << way;
      EXPECT_EQ(out.find("Preamble^Patient"), std::string::npos) << way;
    }
    EXPECT_EQ(images, 1u) << way;
  }
}

TEST(PlainEngine, PydicomCorporaExportTheSame) {
  const fs::path corpus = PYDICOM_TEST_FILES;
  ASSERT_TRUE(fs::is_directory(corpus)) << "install python3-pydicom";
  const fs::path root = fixtures::freshWorkDir();
  EXPECT_GT(expectSameExport(corpus, root / "test_files", "pydicom test_files"), 50u);
  const fs::path charsets = corpus.parent_path() / "charset_files";
  if (fs::is_directory(charsets)) expectSameExport(charsets, root / "charset_files", "pydicom charset_files");
}

TEST(PlainEngine, MutantsExportTheSameOrAreLeftToDcmtk) {
  const fs::path root = fixtures::freshWorkDir();
  makeSample("free-text", root / "seeds-free-text");
  makeSample("multi-charset", root / "seeds-multi-charset");
  std::vector<std::string> seeds;
  for (const fs::path& dir : {root / "seeds-free-text", root / "seeds-multi-charset"})
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file() && entry.file_size() > 300 && entry.file_size() < 60000 &&
          entry.path().filename() != "DICOMDIR")
        seeds.push_back(fixtures::readBytes(entry.path()));
  std::sort(seeds.begin(), seeds.end());  // directory order is not stable
  ASSERT_GE(seeds.size(), 5u);
  std::mt19937 random(20261205);
  std::uint64_t plain = 0;
  constexpr int kPerFolder = 25;  // one export per folder of mutants (the job's fixed cost)
  for (int batch = 0; batch < kMutants / kPerFolder; ++batch) {
    const fs::path work = root / ("batch" + std::to_string(batch));
    fs::create_directories(work / "in");
    for (int i = 0; i < kPerFolder; ++i) {
      std::string bytes = mutateDicom(seeds[random() % seeds.size()], random);
      if (random() % 3 == 0) bytes = mutateDicom(bytes, random);
      fixtures::writeBytes(work / "in" / ("m" + std::to_string(i)), bytes);
    }
    plain += expectSameExport(work / "in", work, "mutant batch " + std::to_string(batch));
    if (::testing::Test::HasFailure()) break;
    fs::remove_all(work);
  }
  EXPECT_GT(plain, static_cast<std::uint64_t>(kMutants / 10)) << "mutants the plain engine wrote";
}
