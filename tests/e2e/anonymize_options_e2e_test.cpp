// `scanshare anonymize` options on the demo CD: --series names one series or is a usage error
// listing the candidates by position, contradictory options are refused naming both, a chosen
// pseudonym must not carry the patient's identity, the output is checked before the scan, damaged
// files are named by their path in the input, and --help shows the defaults.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "files.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

using scanshare_test::quoted;
using scanshare_test::readAll;
using scanshare_test::RunResult;

RunResult run(const std::string& command) { return scanshare_test::run(command, true); }

class AnonymizeOptionsE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-anonymize-options-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    const RunResult made = run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out " + quoted((work_ / "cd").string()) +
                               " --manifest " + quoted((work_ / "manifest.json").string()));
    ASSERT_EQ(made.exit_code, 0) << made.out;
    manifest_ = nlohmann::json::parse(readAll(work_ / "manifest.json"));
    std::ofstream(work_ / "key", std::ios::binary) << std::string(32, 'o');
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(work_, ignored);
  }
  static RunResult anonymize(const std::string& out, const std::string& extra, const fs::path& input = {}) {
    return run(std::string(SCANSHARE_CLI) + " anonymize " + quoted((input.empty() ? work_ / "cd" : input).string()) + " -o " +
               quoted((work_ / out).string()) + " --key " + quoted((work_ / "key").string()) + " " + extra);
  }
  static void expectNoIdentity(const std::string& text) {
    for (const auto& p : manifest_["patients"])
      for (const auto& v : p["planted"]) {
        const std::string value = v.get<std::string>();
        if (value.size() < 4) continue;  // too short to tell from chance
        EXPECT_EQ(text.find(value), std::string::npos) << "planted value in: " << text;
      }
  }
  static inline fs::path work_;
  static inline nlohmann::json manifest_;
};

}  // namespace

TEST_F(AnonymizeOptionsE2E, SeriesNumberInTwoPatientsIsAUsageErrorListingPositions) {
  // The old user guide's example: patient 2 (CT) has a series 2 too.
  const RunResult r = anonymize("ambiguous", "--series 2 --series 3");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("patient 1/study 1/series 1 (MR, number 2, 24 images)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("patient 2/study 1/series 2 (CT, number 2, 16 images)"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(work_ / "ambiguous"));
  expectNoIdentity(r.out);
}

TEST_F(AnonymizeOptionsE2E, BlackoutSeriesNumberInTwoPatientsIsAUsageError) {
  const RunResult r = anonymize("blackout-ambiguous", "--blackout 0,0,10,10@2");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--blackout @SERIES 2 matches 2 series"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(work_ / "blackout-ambiguous"));
  const RunResult qualified = anonymize("blackout-qualified", "--blackout 0,0,10,10@1/1/4 --series 1/1/1");
  EXPECT_EQ(qualified.exit_code, 0) << qualified.out;
}

TEST_F(AnonymizeOptionsE2E, UnmatchedSeriesNumberIsAUsageError) {
  const RunResult r = anonymize("unmatched", "--series 3 --series 42");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--series 42 matches no series"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(work_ / "unmatched"));
}

TEST_F(AnonymizeOptionsE2E, QualifiedSelectorsExportExactlyThoseSeries) {
  // Series numbers 2 and 3 of patient 1 (MR) are its first two series.
  std::vector<std::set<std::string>> kept;
  for (const std::string& selection : {std::string("--patient 1 --series 2 --series 3"), std::string("--series 1/1/1 --series 1/1/2")}) {
    const std::string out = selection[2] == 'p' ? "by-patient" : "by-position";
    const RunResult r = anonymize(out, selection);
    ASSERT_EQ(r.exit_code, 0) << selection << "\n" << r.out;
    const auto report = nlohmann::json::parse(readAll(work_ / (out + ".report.json")));
    EXPECT_EQ(report["summary"]["kept"].get<int>(), 48) << selection;  // two MR series of 24
    std::size_t patients = 0;
    for (const auto& e : fs::directory_iterator(work_ / out / "DICOM")) patients += e.is_directory() ? 1 : 0;
    EXPECT_EQ(patients, 1u) << selection;
    kept.emplace_back();
    for (const auto& f : report["files"])
      if (f["status"] == "kept") kept.back().insert(f["description"].get<std::string>());
  }
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].size(), 48u);
  EXPECT_EQ(kept[0], kept[1]);
}

TEST_F(AnonymizeOptionsE2E, ContradictoryOptionsAreUsageErrorsNamingBoth) {
  struct Case {
    std::string options, first, second;
  };
  const Case cases[] = {
      {"--option retain-longitudinal-full-dates --option retain-longitudinal-modified-dates", "retain-longitudinal-full-dates",
       "retain-longitudinal-modified-dates"},
      {"--dates remove --option retain-longitudinal-full-dates", "--dates", "retain-longitudinal-full-dates"},
      {"--include-burned-in --redact-burned-in", "--include-burned-in", "--redact-burned-in"},
      {"--jobs 0", "--jobs", "0"},
  };
  for (const Case& c : cases) {
    const RunResult r = anonymize("conflict", c.options);
    EXPECT_EQ(r.exit_code, 2) << c.options << "\n" << r.out;
    EXPECT_NE(r.out.find(c.first), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(c.second), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(work_ / "conflict"));
  }
  const RunResult zip = anonymize("share.zip", "");
  EXPECT_EQ(zip.exit_code, 2) << zip.out;
  EXPECT_NE(zip.out.find("--zip"), std::string::npos) << zip.out;
  EXPECT_NE(zip.out.find("share.zip"), std::string::npos) << zip.out;
  EXPECT_FALSE(fs::exists(work_ / "share.zip"));
}

TEST_F(AnonymizeOptionsE2E, OneLongitudinalOptionReplacesTheProfileDateMode) {
  // The default profile shifts dates; asking to keep full dates must keep them, not silently shift.
  const RunResult r = anonymize("full-dates", "--series 1/1/1 --option retain-longitudinal-full-dates");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto report = nlohmann::json::parse(readAll(work_ / "full-dates.report.json"));
  EXPECT_EQ(report["options"]["dates"], "keep") << report["options"].dump();
}

TEST_F(AnonymizeOptionsE2E, PseudonymHoldingThePatientsNameIsRefused) {
  const RunResult scan = run(std::string(SCANSHARE_CLI) + " scan --json " + quoted((work_ / "cd").string()));
  const auto inventory = nlohmann::json::parse(scan.out.substr(scan.out.find('{')));
  const std::string name = inventory["patients"][0]["name"].get<std::string>();
  const std::string family = name.substr(0, name.find('^'));
  const RunResult r = anonymize("pseudonym", "--series 1/1/1 --patient-name " + quoted("ANON^" + family) + " --patient-id X-1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("patient name"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(work_ / "pseudonym"));
  expectNoIdentity(r.out);
  const RunResult fine = anonymize("pseudonym", "--series 1/1/1 --patient-name ANON^ONE --patient-id SS-1");
  EXPECT_EQ(fine.exit_code, 0) << fine.out;
  const RunResult exact = anonymize("pseudonym2", "--series 1/1/1 --patient-name ANON^ONE --patient-id " +
                                                      quoted(inventory["patients"][0]["id"].get<std::string>()));
  EXPECT_EQ(exact.exit_code, 2) << exact.out;
}

TEST_F(AnonymizeOptionsE2E, OutputIsCheckedBeforeTheScan) {
  fs::create_directories(work_ / "full");
  std::ofstream(work_ / "full" / "mine.txt") << "keep";
  // The input does not exist: an output check after the scan would report the input instead.
  const RunResult r = anonymize("full", "", work_ / "no-such-input");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("not an empty folder"), std::string::npos) << r.out;
  const RunResult inside = run(std::string(SCANSHARE_CLI) + " anonymize " + quoted((work_ / "cd").string()) + " -o " +
                               quoted((work_ / "cd" / "out").string()) + " --key " + quoted((work_ / "key").string()));
  EXPECT_EQ(inside.exit_code, 2) << inside.out;
  EXPECT_NE(inside.out.find("inside the input"), std::string::npos) << inside.out;
}

TEST_F(AnonymizeOptionsE2E, DamagedFileIsNamedByItsPathInTheInput) {
  const fs::path copy = work_ / "damaged-cd";
  fs::copy(work_ / "cd", copy, fs::copy_options::recursive);
  fs::path victim;
  for (const auto& e : fs::recursive_directory_iterator(copy))
    if (e.is_regular_file() && e.path().filename() == "IMG00003" && victim.empty()) victim = e.path();
  ASSERT_FALSE(victim.empty());
  const std::string bytes = readAll(victim);
  scanshare_test::writeAll(victim, bytes.substr(0, 600));
  const std::string relative = victim.lexically_relative(copy).generic_string();
  const RunResult r = anonymize("damaged", "", copy);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("scanshare: " + relative + ": "), std::string::npos) << relative << "\n" << r.out;
  EXPECT_NE(readAll(work_ / "damaged.report.json").find("\"" + relative + "\""), std::string::npos);
}

TEST_F(AnonymizeOptionsE2E, HelpShowsDefaults) {
  const RunResult r = run(std::string(SCANSHARE_CLI) + " anonymize --help");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  for (const char* expected : {"TEXT=default", "UINT=2", "TEXT=SCANSHARE", "default: every series", "default: off"})
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
}

// --bounded-memory writes the same medium as the ordinary export, with no identity in what it
// prints, and is refused (usage error, exit 2) with what needs the whole inventory at once.
TEST_F(AnonymizeOptionsE2E, BoundedMemoryWritesTheSameMediumAndRefusesWholeInventoryOptions) {
  const RunResult whole = anonymize("bounded-whole", "");
  const RunResult bounded = anonymize("bounded-b", "--bounded-memory");
  ASSERT_EQ(bounded.exit_code, whole.exit_code) << bounded.out;
  expectNoIdentity(bounded.out);
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(work_ / "bounded-whole")) {
    if (!e.is_regular_file()) continue;
    const fs::path rel = e.path().lexically_relative(work_ / "bounded-whole");
    names.insert(rel.generic_string());
    EXPECT_EQ(readAll(e.path()), readAll(work_ / "bounded-b" / rel)) << rel;
  }
  EXPECT_GT(names.size(), 10u);
  std::size_t bounded_files = 0;
  for (const auto& e : fs::recursive_directory_iterator(work_ / "bounded-b")) bounded_files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(bounded_files, names.size());
  for (const char* extra : {"--series 1", "--patient-name A^B --patient-id X1", "--shard 0/2", "--dry-run"}) {
    const RunResult refused = anonymize(std::string("bounded-refused-") + std::to_string(names.size()), std::string("--bounded-memory ") + extra);
    EXPECT_EQ(refused.exit_code, 2) << extra << ": " << refused.out;
    EXPECT_NE(refused.out.find("--bounded-memory cannot be combined"), std::string::npos) << refused.out;
  }
}
