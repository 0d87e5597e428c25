// End to end: the demo sample CD through `scanshare anonymize` and `scanshare verify`.
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <iconv.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "files.h"

namespace fs = std::filesystem;

namespace {

// One folder per test process: ctest runs the tests of this suite in parallel processes.
const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-anonymize-" + std::to_string(::getpid()));

using scanshare_test::readAll;

int run(const std::string& command, const fs::path& log) {
  const int rc = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::vector<fs::path> filesUnder(const fs::path& root) { return scanshare_test::regularFilesUnder(root); }

std::size_t treeHash(const fs::path& root) {
  std::size_t h = 0;
  for (const auto& f : filesUnder(root))
    h = h * 1000003u ^ std::hash<std::string>{}(f.lexically_relative(root).string() + '\0' + readAll(f));
  return h;
}

std::string encode(const std::string& utf8, const std::string& dicom_charset) {
  static const std::map<std::string, const char*> names = {
      {"ISO_IR 100", "ISO-8859-1"}, {"ISO_IR 101", "ISO-8859-2"}, {"ISO_IR 144", "ISO-8859-5"},
      {"ISO_IR 126", "ISO-8859-7"}, {"ISO_IR 127", "ISO-8859-6"}, {"ISO_IR 138", "ISO-8859-8"},
      {"ISO_IR 148", "ISO-8859-9"}, {"ISO_IR 166", "TIS-620"}, {"GB18030", "GB18030"}, {"GBK", "GBK"},
      {"ISO 2022 IR 149", "EUC-KR"}};
  std::string first = dicom_charset.substr(dicom_charset.rfind('\\') == std::string::npos ? 0 : dicom_charset.rfind('\\') + 1);
  const auto it = names.find(first);
  if (it == names.end()) return {};
  iconv_t cd = iconv_open(it->second, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string in = utf8, out(utf8.size() * 4 + 8, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  const size_t rc = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return {};
  out.resize(out.size() - ol);
  return out == utf8 ? std::string() : out;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// Error lines of dciodvfy with values and numbers removed: the kinds of error.
std::set<std::string> errorKinds(const fs::path& file, const fs::path& log) {
  run("dciodvfy '" + file.string() + "'", log);
  std::set<std::string> kinds;
  std::istringstream lines(readAll(log));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Error", 0) != 0) continue;
    line = std::regex_replace(line, std::regex("<[^>]*>|\"[^\"]*\"|[0-9]+"), "#");
    kinds.insert(line);
  }
  return kinds;
}

class AnonymizeE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    input_ = kWork / "cd";
    ASSERT_EQ(run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out '" + input_.string() + "' --manifest '" +
                      (kWork / "manifest.json").string() + "'", kWork / "make.log"), 0) << readAll(kWork / "make.log");
    manifest_ = nlohmann::json::parse(readAll(kWork / "manifest.json"));
    std::ofstream(kWork / "k1", std::ios::binary) << std::string(32, 'a');
    std::ofstream(kWork / "k2", std::ios::binary) << std::string(32, 'b');
    input_hash_ = treeHash(input_);
    rc1_ = anonymize("k1", "out1");
    rc2_ = anonymize("k1", "out2", " --no-flush");  // the same export, without waiting for the disk
    rc3_ = anonymize("k2", "out3");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
  static int anonymize(const std::string& key, const std::string& out, const std::string& extra = "") {
    return run(std::string(SCANSHARE_CLI) + " anonymize '" + input_.string() + "' -o '" + (kWork / out).string() +
                   "' --key '" + (kWork / key).string() + "'" + extra, kWork / (out + ".log"));
  }
  static inline fs::path input_;
  static inline nlohmann::json manifest_;
  static inline std::size_t input_hash_ = 0;
  static inline int rc1_ = -1, rc2_ = -1, rc3_ = -1;
};

TEST_F(AnonymizeE2E, RunsSucceedAndInputIsUnchanged) {
  EXPECT_EQ(rc1_, 0) << readAll(kWork / "out1.log");
  EXPECT_EQ(rc2_, 0);
  EXPECT_EQ(rc3_, 0);
  EXPECT_EQ(treeHash(input_), input_hash_);
  EXPECT_TRUE(fs::exists(kWork / "out1.report.json"));
}

TEST_F(AnonymizeE2E, NoPlantedValueSurvivesInBytesOrPaths) {
  for (const auto& file : filesUnder(kWork / "out1")) {
    const std::string bytes = readAll(file);
    const std::string path = upper(file.lexically_relative(kWork / "out1").string());
    for (const auto& p : manifest_["patients"]) {
      const std::string charset = p.value("charset", "");
      for (const auto& v : p["planted"]) {
        const std::string value = v.get<std::string>();
        if (value.size() < 4) continue;  // too short to tell from chance bytes in pixel data
        EXPECT_EQ(bytes.find(value), std::string::npos) << file << " holds a planted value (UTF-8)";
        const std::string encoded = encode(value, charset);
        if (!encoded.empty()) {
          EXPECT_EQ(bytes.find(encoded), std::string::npos) << file << " holds a planted value (" << charset << ")";
        }
        EXPECT_EQ(path.find(upper(value)), std::string::npos) << path;
      }
    }
  }
}

TEST_F(AnonymizeE2E, AllUidsAreNew) {
  std::string everything;
  for (const auto& file : filesUnder(kWork / "out1")) everything += readAll(file);
  for (const auto& uid : manifest_["uids"]) EXPECT_EQ(everything.find(uid.get<std::string>()), std::string::npos) << uid;
}

// out2 was written with --no-flush: skipping the flush changes nothing in what is written.
TEST_F(AnonymizeE2E, SameKeyIdenticalDifferentKeyDifferent) {
  const auto a = filesUnder(kWork / "out1");
  const auto b = filesUnder(kWork / "out2");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].lexically_relative(kWork / "out1"), b[i].lexically_relative(kWork / "out2"));
    EXPECT_EQ(readAll(a[i]), readAll(b[i])) << a[i];
  }
  EXPECT_NE(readAll(kWork / "out1" / "DICOMDIR"), readAll(kWork / "out3" / "DICOMDIR"));
}

TEST_F(AnonymizeE2E, PatientsStayApart) {
  std::size_t patient_folders = 0;
  for (const auto& e : fs::directory_iterator(kWork / "out1" / "DICOM")) patient_folders += e.is_directory() ? 1 : 0;
  EXPECT_EQ(patient_folders, manifest_["patients"].size());
}

TEST_F(AnonymizeE2E, BurnedInExcludedAndNonDicomNotCopied) {
  const auto report = nlohmann::json::parse(readAll(kWork / "out1.report.json"));
  std::size_t burned = 0;
  for (const auto& f : report["files"]) burned += f.value("burned_in", false) ? 1 : 0;
  EXPECT_EQ(burned, manifest_["burned_in_files"].size());
  std::set<std::string> names;
  for (const auto& f : filesUnder(kWork / "out1")) names.insert(upper(f.filename().string()));
  for (const auto& n : manifest_["non_dicom_files"]) EXPECT_EQ(names.count(upper(fs::path(n.get<std::string>()).filename().string())), 0u) << n;
  EXPECT_NE(readAll(kWork / "out1.log").find("burned-in"), std::string::npos) << "burned-in exclusions are warned about";
}

TEST_F(AnonymizeE2E, DicomdirReadableByDcmdump) {
  EXPECT_EQ(run("dcmdump '" + (kWork / "out1" / "DICOMDIR").string() + "'", kWork / "dcmdump.log"), 0);
  const std::string dump = readAll(kWork / "dcmdump.log");
  const auto files = filesUnder(kWork / "out1");
  for (const auto& f : files) {
    if (f.filename() == "DICOMDIR") continue;
    std::string id = f.lexically_relative(kWork / "out1").string();
    std::replace(id.begin(), id.end(), '/', '\\');
    EXPECT_NE(dump.find(id), std::string::npos) << id << " not in DICOMDIR";
  }
}

TEST_F(AnonymizeE2E, VerifyPassesOnOutputAndFailsOnInput) {
  const std::string verify = std::string(SCANSHARE_CLI) + " verify ";
  EXPECT_EQ(run(verify + "'" + (kWork / "out1").string() + "' --against '" + input_.string() + "' --key '" + (kWork / "k1").string() + "'",
                kWork / "verify-out.log"), 0) << readAll(kWork / "verify-out.log");
  EXPECT_EQ(run(verify + "'" + input_.string() + "' --against '" + input_.string() + "'", kWork / "verify-in.log"), 1)
      << readAll(kWork / "verify-in.log");
}

TEST_F(AnonymizeE2E, ValidatorFindsNoNewKindsOfError) {
  const auto report = nlohmann::json::parse(readAll(kWork / "out1.report.json"));
  int compared = 0;
  for (const auto& f : report["files"]) {
    if (compared >= 3 || !f.contains("output") || !f.contains("input")) continue;
    const auto before = errorKinds(input_ / f["input"].get<std::string>(), kWork / "dciodvfy-in.log");
    const auto after = errorKinds(kWork / "out1" / f["output"].get<std::string>(), kWork / "dciodvfy-out.log");
    for (const auto& kind : after) {
      EXPECT_TRUE(before.count(kind)) << f["output"] << ": " << kind;
    }
    ++compared;
  }
  EXPECT_GT(compared, 0);
}

}  // namespace

#endif  // SCANSHARE_MAKE_SAMPLE
