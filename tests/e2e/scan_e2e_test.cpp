// `scanshare scan` and `scanshare dump` run as programs: exit codes and JSON, on pydicom's corpus
// and on the CDs written by scanshare-make-sample (checked against the generator's manifest).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "run.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using scanshare_test::quoted;
using scanshare_test::RunResult;

// Standard error is left out: the tests parse standard output.
RunResult run(const std::string& command) { return scanshare_test::run(command, false); }

std::string cli() { return quoted(SCANSHARE_CLI); }

fs::path workDir(const std::string& name) {
  fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "e2e" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(ScanCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run(cli() + " scan").exit_code, 2);
  EXPECT_EQ(run(cli() + " scan " + quoted((workDir("usage") / "missing").string())).exit_code, 2);
  const fs::path empty = workDir("empty");
  std::ofstream(empty / "readme.txt") << "no images here\n";
  EXPECT_EQ(run(cli() + " scan " + quoted(empty.string())).exit_code, 2);  // nothing usable
}

TEST(ScanCli, CorpusJsonHasTheDocumentedShape) {
  const RunResult r = run(cli() + " scan --json " + quoted(PYDICOM_TEST_FILES));
  EXPECT_EQ(r.exit_code, 1);  // the corpus has junk and truncated files
  const json j = json::parse(r.out);
  ASSERT_TRUE(j.at("patients").is_array());
  EXPECT_GT(j.at("files_scanned").get<int>(), 50);
  EXPECT_GT(j.at("dicom_files").get<int>(), 50);
  EXPECT_TRUE(j.at("used_dicomdir").get<bool>());
  const json& series = j.at("patients").at(0).at("studies").at(0).at("series").at(0);
  for (const char* key : {"series_instance_uid", "modality", "number", "description", "body_part", "laterality",
                          "instances", "rows", "columns", "sop_class_uid", "transfer_syntax_uid"})
    EXPECT_TRUE(series.contains(key)) << key;
  bool truncated = false;
  for (const json& problem : j.at("problems")) {
    EXPECT_TRUE(problem.contains("kind"));
    EXPECT_FALSE(fs::path(problem.at("path").get<std::string>()).is_absolute());
    if (problem.at("path") == "MR_truncated.dcm") truncated = problem.at("kind") == "truncated";
  }
  EXPECT_TRUE(truncated);

  const RunResult text = run(cli() + " scan " + quoted(PYDICOM_TEST_FILES));
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find(" files scanned, "), std::string::npos);
  EXPECT_NE(text.out.find("MR_truncated.dcm: truncated"), std::string::npos);
}

TEST(DumpCli, TextAndJson) {
  const std::string file = std::string(PYDICOM_TEST_FILES) + "/CT_small.dcm";
  const RunResult text = run(cli() + " dump " + quoted(file));
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("(0010,0010) PN PatientName"), std::string::npos);
  EXPECT_NE(text.out.find("<pixel data, 32768 bytes>"), std::string::npos);
  const RunResult js = run(cli() + " dump --json " + quoted(file));
  EXPECT_EQ(js.exit_code, 0);
  const json j = json::parse(js.out);
  EXPECT_EQ(j.at("00100010").at("vr"), "PN");
  EXPECT_TRUE(j.at("00100010").at("Value").at(0).contains("Alphabetic"));
  EXPECT_EQ(run(cli() + " dump " + quoted(std::string(PYDICOM_TEST_FILES) + "/README.txt")).exit_code, 2);
}

// Every file of pydicom's corpus, one at a time, through scan, dump and anonymize: the programs
// finish with 0, 1 or 2 (never a signal or an abort), and --json output is JSON.
TEST(CorpusCli, EveryPydicomFileScansDumpsAndAnonymizesWithoutCrashing) {
  const fs::path corpus(PYDICOM_TEST_FILES);
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "pydicom test files not installed: " << corpus;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  const fs::path work = workDir("corpus_each");
  std::ofstream(work / "key") << std::string(64, 'a') << "\n";
  const auto expectJson = [](const RunResult& r, const std::string& what) {
    if (r.exit_code == 2 && r.out.empty()) return;  // nothing could be done: the reason is on stderr
    bool valid = true;
    try {
      const json parsed = json::parse(r.out);
      valid = !parsed.is_discarded();
    } catch (const json::exception&) {
      valid = false;
    }
    EXPECT_TRUE(valid) << what;
  };
  std::size_t n = 0;
  for (const fs::path& file : files) {
    const std::string name = file.lexically_relative(corpus).generic_string();
    const RunResult scan = run(cli() + " scan --json " + quoted(file.string()));
    EXPECT_TRUE(scan.exit_code >= 0 && scan.exit_code <= 2) << "scan " << name << " exit " << scan.exit_code;
    expectJson(scan, "scan " + name);
    const RunResult dump = run(cli() + " dump --json " + quoted(file.string()));
    EXPECT_TRUE(dump.exit_code >= 0 && dump.exit_code <= 2) << "dump " << name << " exit " << dump.exit_code;
    expectJson(dump, "dump " + name);
    const RunResult text = run(cli() + " dump " + quoted(file.string()));
    EXPECT_TRUE(text.exit_code >= 0 && text.exit_code <= 2) << "dump (text) " << name << " exit " << text.exit_code;
    const fs::path out = work / ("out" + std::to_string(++n));
    const RunResult anonymize = run(cli() + " anonymize " + quoted(file.string()) + " -o " + quoted(out.string()) +
                                    " --key " + quoted((work / "key").string()) + " --report " +
                                    quoted((work / ("report" + std::to_string(n) + ".json")).string()));
    EXPECT_TRUE(anonymize.exit_code >= 0 && anonymize.exit_code <= 2)
        << "anonymize " << name << " exit " << anonymize.exit_code;
  }
}

#ifdef SCANSHARE_MAKE_SAMPLE
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Manifest entries listing files may be paths (strings), objects with "path", or a count.
std::vector<std::string> listedPaths(const json& manifest, const char* key) {
  std::vector<std::string> paths;
  if (!manifest.contains(key) || !manifest.at(key).is_array()) return paths;
  for (const json& entry : manifest.at(key))
    paths.push_back(entry.is_string() ? entry.get<std::string>() : entry.value("path", std::string()));
  return paths;
}

std::size_t listedCount(const json& manifest, const char* key) {
  if (!manifest.contains(key)) return 0;
  const json& value = manifest.at(key);
  return value.is_number() ? value.get<std::size_t>() : value.size();
}

std::multiset<std::string> problemPaths(const json& scan, const std::string& kind) {
  std::multiset<std::string> paths;
  for (const json& problem : scan.at("problems"))
    if (problem.at("kind") == kind) paths.insert(lower(problem.at("path").get<std::string>()));
  return paths;
}

void checkVariantAgainstManifest(const std::string& variant) {
  const fs::path dir = workDir("sample-" + variant);
  const fs::path cd = dir / "cd";
  const fs::path manifest_path = dir / "manifest.json";
  const RunResult made = run(quoted(SCANSHARE_MAKE_SAMPLE) + " --variant " + variant + " --out " + quoted(cd.string()) +
                             " --manifest " + quoted(manifest_path.string()));
  ASSERT_EQ(made.exit_code, 0) << "scanshare-make-sample failed";
  std::ifstream manifest_file(manifest_path);
  const json manifest = json::parse(manifest_file);

  const RunResult scanned = run(cli() + " scan --json " + quoted(cd.string()));
  const json scan = json::parse(scanned.out);
  EXPECT_EQ(scanned.exit_code, scan.at("problems").empty() ? 0 : 1);
  EXPECT_TRUE(scan.at("used_dicomdir").get<bool>());

  // Patients: each manifest patient found by ID, with its name decoded to the same UTF-8.
  std::map<std::string, json> patients_by_id;
  std::map<std::string, int> series_instances;
  for (const json& patient : scan.at("patients")) {
    patients_by_id[patient.at("id").get<std::string>()] = patient;
    for (const json& study : patient.at("studies"))
      for (const json& series : study.at("series"))
        series_instances[series.at("series_instance_uid").get<std::string>()] += series.at("instances").get<int>();
  }
  EXPECT_EQ(scan.at("patients").size(), manifest.at("patients").size());
  for (const json& expected : manifest.at("patients")) {
    const std::string id = expected.at("id").get<std::string>();
    ASSERT_TRUE(patients_by_id.count(id)) << "patient " << id << " (" << expected.value("charset", "") << ") missing";
    EXPECT_EQ(patients_by_id[id].at("name"), expected.at("name")) << expected.value("charset", "");
  }
  // Series: each found once (cross-referenced series are not split or doubled), with its count.
  int expected_instances = 0;
  for (const json& expected : manifest.at("series")) {
    const std::string uid = expected.at("series_instance_uid").get<std::string>();
    ASSERT_TRUE(series_instances.count(uid)) << "series " << uid << " missing";
    EXPECT_EQ(series_instances[uid], expected.at("instances").get<int>()) << uid;
    expected_instances += expected.at("instances").get<int>();
  }
  EXPECT_EQ(scan.at("dicom_files").get<int>(), expected_instances);

  // Problems: junk, truncated and corrupt files, and DICOMDIR entries without a file.
  const auto not_dicom = problemPaths(scan, "not-dicom");
  EXPECT_EQ(not_dicom.size(), listedCount(manifest, "non_dicom_files"));
  for (const std::string& path : listedPaths(manifest, "non_dicom_files")) EXPECT_EQ(not_dicom.count(lower(path)), 1u) << path;
  const auto truncated = problemPaths(scan, "truncated");
  // A corrupt file may also be reported as truncated (its damage gives a length past the end).
  EXPECT_GE(truncated.size(), listedCount(manifest, "truncated_files"));
  EXPECT_LE(truncated.size(), listedCount(manifest, "truncated_files") + listedCount(manifest, "corrupt_files"));
  for (const std::string& path : listedPaths(manifest, "truncated_files")) EXPECT_EQ(truncated.count(lower(path)), 1u) << path;
  // Corrupt files may be reported as unreadable, truncated or not DICOM, but each must be reported.
  std::multiset<std::string> any_problem;
  for (const json& problem : scan.at("problems")) any_problem.insert(lower(problem.at("path").get<std::string>()));
  for (const std::string& path : listedPaths(manifest, "corrupt_files")) EXPECT_GE(any_problem.count(lower(path)), 1u) << path;
  EXPECT_GE(problemPaths(scan, "unreadable").size() + truncated.size() + not_dicom.size(),
            listedCount(manifest, "corrupt_files") + listedCount(manifest, "truncated_files"));
  const auto missing = problemPaths(scan, "missing-referenced-file");
  EXPECT_EQ(missing.size(), listedCount(manifest, "missing_dicomdir_references"));
  for (const std::string& path : listedPaths(manifest, "missing_dicomdir_references"))
    EXPECT_EQ(missing.count(lower(path)), 1u) << path;
}

}  // namespace

TEST(ScanSample, DemoCdMatchesManifest) { checkVariantAgainstManifest("demo"); }
TEST(ScanSample, MultiCharsetCdMatchesManifest) { checkVariantAgainstManifest("multi-charset"); }
#endif
