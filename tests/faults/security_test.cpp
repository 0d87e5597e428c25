// Security of an export (issue 8): output never escapes OUT, hostile DICOMDIR and zip entry names
// are never followed outside the input, the per-user key is created 0600 and never printed,
// logged, reported or exported.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "fault_support.h"
#include "files.h"
#include "sample_cache.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using faults::freshDir;

child::Result cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv = {SCANSHARE_CLI};
  argv.insert(argv.end(), args.begin(), args.end());
  child::Options options;
  options.timeout = std::chrono::minutes(3);
  options.environment = env;
  return child::run(argv, options);
}

std::set<std::string> seriesUids(const json& scan) {
  std::set<std::string> uids;
  for (const json& p : scan.at("patients"))
    for (const json& st : p.at("studies"))
      for (const json& se : st.at("series")) uids.insert(se.at("series_instance_uid").get<std::string>());
  return uids;
}

std::string dicomPath(const std::string& path) {  // "a/b/c" -> "a\\b\\c" (ReferencedFileID form)
  std::string out = path;
  for (char& c : out)
    if (c == '/') c = '\\';
  return out;
}

TEST(OutputConfinement, EverythingWrittenStaysInsideOutWithMediaNames) {
  const fs::path dir = freshDir("confinement");
  sample_cache::copyTo(dir / "cd", "demo");
  scanshare_test::writeAll(dir / "test.key", std::string(32, '\x55'));
  fs::create_directories(dir / "target");
  const child::Result r = cli({"anonymize", (dir / "cd").string(), "-o", (dir / "target" / "OUT").string(), "--key",
                               (dir / "test.key").string()});
  ASSERT_TRUE(r.exitedWithin({0, 1})) << r.describe() << r.err;
  // Beside OUT: only OUT and its two reports.
  std::set<std::string> beside;
  for (const auto& e : fs::directory_iterator(dir / "target")) beside.insert(e.path().filename().string());
  EXPECT_EQ(beside, (std::set<std::string>{"OUT", "OUT.report.json", "OUT.report.txt"}));
  // Inside OUT: plain files and folders, PS3.10 names (at most 8 of A-Z 0-9 _), nothing else.
  const fs::path out = fs::canonical(dir / "target" / "OUT");
  const std::regex media_name("[A-Z0-9_]{1,8}");
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    EXPECT_FALSE(e.is_symlink()) << e.path();
    const fs::path canonical = fs::canonical(e.path());
    EXPECT_EQ(canonical.string().rfind(out.string() + "/", 0), 0u) << canonical;
    for (const auto& part : e.path().lexically_relative(out))
      EXPECT_TRUE(std::regex_match(part.string(), media_name)) << e.path();
    files += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_GT(files, 50u);
}

TEST(HostileDicomdir, ReferencesOutsideTheInputAreNotFollowed) {
  const fs::path dir = freshDir("hostile-dicomdir");
  sample_cache::copyTo(dir / "cd", "demo");
  scanshare_test::writeAll(dir / "test.key", std::string(32, '\x66'));
  const fs::path input = dir / "input";
  const fs::path outside = dir / "OUTSIDE" / "IMG1";
  fs::create_directories(input);
  fs::create_directories(outside.parent_path());
  fs::copy_file(dir / "cd" / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00001", input / "IMG1");
  fs::copy_file(dir / "cd" / "DICOM" / "PAT1" / "STUDY1" / "SER2" / "IMG00001", outside);
  const child::Result outside_scan = cli({"scan", "--json", outside.string()});
  ASSERT_TRUE(outside_scan.exitedWithin({0})) << outside_scan.err;
  const std::set<std::string> outside_series = seriesUids(json::parse(outside_scan.out));
  ASSERT_EQ(outside_series.size(), 1u);

  faults::writeDicomdir(input / "DICOMDIR", {"IMG1", "..\\OUTSIDE\\IMG1", "SUB\\..\\..\\OUTSIDE\\IMG1",
                                             dicomPath(outside.string())});
  const child::Result scan = cli({"scan", "--json", input.string()});
  ASSERT_TRUE(scan.exitedWithin({0, 1})) << scan.describe() << scan.err;
  const json inventory = json::parse(scan.out);
  EXPECT_EQ(inventory.at("dicom_files").get<int>(), 1);
  for (const std::string& uid : seriesUids(inventory)) EXPECT_EQ(outside_series.count(uid), 0u) << "followed a reference out of the input";

  const child::Result anonymized = cli({"anonymize", input.string(), "-o", (dir / "OUT").string(), "--key",
                                        (dir / "test.key").string()});
  ASSERT_TRUE(anonymized.exitedWithin({0, 1})) << anonymized.describe() << anonymized.err;
  const json report = json::parse(scanshare_test::readAll(dir / "OUT.report.json"));
  EXPECT_EQ(report.at("summary").at("kept").get<int>(), 1);
  EXPECT_EQ(scanshare_test::readAll(dir / "OUT.report.json").find("OUTSIDE"), std::string::npos);
}

TEST(HostileZip, TraversalEntriesAreRefusedAndNothingEscapes) {
  const fs::path dir = freshDir("hostile-zip");
  sample_cache::copyTo(dir / "cd", "demo");
  scanshare_test::writeAll(dir / "test.key", std::string(32, '\x77'));
  const fs::path tmp = dir / "tmp";
  fs::create_directories(tmp);
  const std::string image = scanshare_test::readAll(dir / "cd" / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00001");
  const std::string other = scanshare_test::readAll(dir / "cd" / "DICOM" / "PAT1" / "STUDY1" / "SER1" / "IMG00002");
  const fs::path absolute_target = dir / "ABSOLUTE.DCM";
  faults::writeZip(dir / "evil.zip", {{"DICOM/IMG1", image},
                                      {"../ESCAPED1.DCM", other},
                                      {"DICOM/../../ESCAPED2.DCM", other},
                                      {"../../../../../../../../" + (dir / "ESCAPED3.DCM").relative_path().string(), other},
                                      {absolute_target.string(), other}});
  const std::map<std::string, std::string> env = {{"TMPDIR", tmp.string()}};

  const child::Result scan = cli({"scan", "--json", (dir / "evil.zip").string()}, env);
  ASSERT_TRUE(scan.exitedWithin({1})) << scan.describe() << scan.out << scan.err;  // refused entries are problems
  const json inventory = json::parse(scan.out);
  EXPECT_EQ(inventory.at("dicom_files").get<int>(), 1);
  EXPECT_GE(inventory.at("problems").size(), 4u);

  const child::Result anonymized = cli({"anonymize", (dir / "evil.zip").string(), "-o", (dir / "OUT").string(),
                                        "--key", (dir / "test.key").string()}, env);
  ASSERT_TRUE(anonymized.exitedWithin({0, 1})) << anonymized.describe() << anonymized.err;
  EXPECT_EQ(json::parse(scanshare_test::readAll(dir / "OUT.report.json")).at("summary").at("kept").get<int>(), 1);

  // Nothing was extracted outside the private temporary folder, which is gone afterwards.
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(name.find("ESCAPED") == std::string::npos && name != "ABSOLUTE.DCM") << "escaped: " << e.path();
  }
  EXPECT_TRUE(fs::is_empty(tmp)) << "extraction folder left behind in TMPDIR";
}

TEST(KeyFile, CreatedPrivateAndNeverPrinted) {
  const fs::path dir = freshDir("key-file");
  sample_cache::copyTo(dir / "cd", "demo");
  const std::map<std::string, std::string> env = {{"XDG_CONFIG_HOME", (dir / "config").string()},
                                                  {"HOME", (dir / "home").string()}};
  const child::Result r = cli({"--log-level", "trace", "anonymize", (dir / "cd").string(), "-o", (dir / "OUT").string()}, env);
  ASSERT_TRUE(r.exitedWithin({0, 1})) << r.describe() << r.err;
  const fs::path key_file = dir / "config" / "scanshare" / "key";
  ASSERT_TRUE(fs::is_regular_file(key_file));
  struct stat st {};
  ASSERT_EQ(::stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The key as stored (hex text), decoded to bytes, and both spellings of its hex.
  std::string stored = scanshare_test::readAll(key_file);
  while (!stored.empty() && (stored.back() == '\n' || stored.back() == '\r')) stored.pop_back();
  ASSERT_EQ(stored.size(), 64u) << "expected a 32-byte key stored as hex";
  std::string bytes;
  for (std::size_t i = 0; i < stored.size(); i += 2) bytes += static_cast<char>(std::stoi(stored.substr(i, 2), nullptr, 16));
  const std::vector<std::string> needles = {bytes.substr(0, 8), faults::hexLower(bytes).substr(0, 16),
                                            faults::hexUpper(bytes).substr(0, 16), faults::hexLower(bytes).substr(32, 16),
                                            faults::hexUpper(bytes).substr(32, 16)};

  const child::Result dry = cli({"--log-level", "trace", "anonymize", (dir / "cd").string(), "--dry-run"}, env);
  ASSERT_TRUE(dry.exitedWithin({0, 1})) << dry.describe() << dry.err;
  std::vector<std::pair<std::string, std::string>> texts = {
      {"stdout", r.out}, {"stderr", r.err}, {"dry-run stdout", dry.out}, {"dry-run stderr", dry.err},
      {"report.json", scanshare_test::readAll(dir / "OUT.report.json")}, {"report.txt", scanshare_test::readAll(dir / "OUT.report.txt")}};
  for (const auto& e : fs::recursive_directory_iterator(dir / "OUT"))
    if (e.is_regular_file()) texts.emplace_back(e.path().string(), scanshare_test::readAll(e.path()));
  ASSERT_GT(texts.size(), 50u);
  for (const auto& [where, text] : texts)
    for (const std::string& needle : needles) EXPECT_EQ(text.find(needle), std::string::npos) << "key material in " << where;
}

}  // namespace
