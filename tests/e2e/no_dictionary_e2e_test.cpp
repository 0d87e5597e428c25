// DCMTK's data dictionary (dicom.dic, a text file parsed on first use) is loaded only where DCMTK
// really parses a file or builds an object: the programs run here with DCMDICTPATH naming a file
// that does not exist. A plain input (explicit VR little endian, our own reader) must then work
// without a word about the dictionary (DCMTK prints "DcmDataDictionary: Cannot open file" when
// something loads it behind ensureDcmtkReady's back); an input DCMTK must parse must still fail
// with ensureDcmtkReady's clear error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "run.h"

namespace fs = std::filesystem;

namespace {

using scanshare_test::quoted;
using scanshare_test::RunResult;

const std::string kMissingDictionary = "DICOM data dictionary not loaded";

fs::path workDir(const std::string& name) {
  fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "e2e" / "no-dicom-dic" / name;  // no "dictionary" in paths the output names
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The CLI with no dictionary to load; standard error merged into the output.
RunResult runWithoutDictionary(const std::string& arguments, const fs::path& work) {
  const std::string env = "DCMDICTPATH=" + quoted((work / "no-such-folder" / "dicom.dic").string());
  return scanshare_test::run(env + " " + quoted(SCANSHARE_CLI) + " " + arguments, true);
}

// DCMTK's warning or ScanShare's error (or any other word of it).
bool mentionsTheDictionary(const std::string& output) { return output.find("ictionary") != std::string::npos; }

// One implicit VR little endian file (pydicom's), which only DCMTK reads.
fs::path implicitInput(const fs::path& work) {
  const fs::path input = work / "implicit";
  fs::create_directories(input);
  fs::copy_file(fs::path(PYDICOM_TEST_FILES) / "MR_small_implicit.dcm", input / "MR_small_implicit.dcm");
  return input;
}

#ifdef SCANSHARE_MAKE_SAMPLE
// A few plain files (explicit VR little endian, as the bench sample writes them).
fs::path plainInput(const fs::path& work) {
  const fs::path input = work / "plain";
  const std::string command = quoted(SCANSHARE_MAKE_SAMPLE) + " --variant bench-small --count 12 --out " + quoted(input.string());
  if (scanshare_test::run(command, false).exit_code != 0) return {};
  return input;
}

TEST(NoDictionary, ScanOfPlainFilesNeedsNone) {
  const fs::path work = workDir("scan-plain");
  const fs::path input = plainInput(work);
  ASSERT_FALSE(input.empty());
  const RunResult r = runWithoutDictionary("scan " + quoted(input.string()), work);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("12 DICOM instances"), std::string::npos) << r.out;
  EXPECT_FALSE(mentionsTheDictionary(r.out)) << r.out;
}

// The engine's plain path asks nothing of the dictionary either: whether a tag is standard comes
// from the table generated from it at build time (deid/standard_tags.h).
TEST(NoDictionary, AnonymizeOfPlainFilesNeedsNone) {
  const fs::path work = workDir("anonymize-plain");
  const fs::path input = plainInput(work);
  ASSERT_FALSE(input.empty());
  const fs::path key = work / "key";
  std::ofstream(key) << std::string(32, 'k');
  const RunResult r = runWithoutDictionary("anonymize " + quoted(input.string()) + " -o " + quoted((work / "out").string()) +
                                               " --key " + quoted(key.string()),
                                           work);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(fs::exists(work / "out" / "DICOMDIR"));
  EXPECT_FALSE(mentionsTheDictionary(r.out)) << r.out;
}
#endif  // SCANSHARE_MAKE_SAMPLE

TEST(NoDictionary, ScanOfAFileOnlyDcmtkReadsSaysSo) {
  const fs::path work = workDir("scan-implicit");
  const RunResult r = runWithoutDictionary("scan " + quoted(implicitInput(work).string()), work);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(kMissingDictionary), std::string::npos) << r.out;
}

TEST(NoDictionary, AnonymizeOfAFileOnlyDcmtkReadsSaysSo) {
  const fs::path work = workDir("anonymize-implicit");
  const fs::path key = work / "key";
  std::ofstream(key) << std::string(32, 'k');
  const fs::path out = work / "out";
  const RunResult r = runWithoutDictionary(
      "anonymize " + quoted(implicitInput(work).string()) + " -o " + quoted(out.string()) + " --key " + quoted(key.string()), work);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(kMissingDictionary), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out / "DICOMDIR"));
}

}  // namespace
