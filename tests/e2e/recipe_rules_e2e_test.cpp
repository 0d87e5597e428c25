// End to end (issue 16): a recipe's attribute rules on the demo CD. An unsafe keep of PatientName
// puts the patient's name into the copy, the report and the De-identification Method say so, and
// verify --against the source lists it as a note, not a leak; the same copy without the method's
// mark is flagged. A bad replace value is a usage error naming the JSON path.
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "files.h"

namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-recipe-rules-" + std::to_string(::getpid()));

using scanshare_test::readAll;

int run(const std::string& command, const fs::path& log) {
  const int rc = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::vector<fs::path> exportedImages(const fs::path& out) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(out))
    if (e.is_regular_file() && e.path().filename() != "DICOMDIR") files.push_back(e.path());
  return files;
}

class RecipeRulesE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    ASSERT_EQ(run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out '" + (kWork / "cd").string() +
                      "' --manifest '" + (kWork / "manifest.json").string() + "'",
                  kWork / "make.log"),
              0);
    std::ofstream(kWork / "key", std::ios::binary) << std::string(32, 'k');
    std::ofstream(kWork / "unsafe.json") << R"j({"recipe":"keep-names","attributes":[
        {"attribute":"PatientName","action":"keep","unsafe":true,"why":"the clinic's own copy"},
        {"attribute":"InstitutionName","action":"replace","value":"Research Site 7"},
        {"attribute":"OperatorsName","action":"remove"}]})j";
    rc_ = cli(anonymize("out") + " --recipe '" + (kWork / "unsafe.json").string() + "'", "out.log");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
  static int cli(const std::string& args, const std::string& log) {
    return run(std::string(SCANSHARE_CLI) + " " + args, kWork / log);
  }
  static std::string anonymize(const std::string& out) {
    return "anonymize '" + (kWork / "cd").string() + "' --key '" + (kWork / "key").string() + "' -o '" +
           (kWork / out).string() + "'";
  }
  static std::string verify(const std::string& out) {
    return "verify '" + (kWork / out).string() + "' --against '" + (kWork / "cd").string() + "' --key '" +
           (kWork / "key").string() + "' --json";
  }
  static inline int rc_ = -1;
};

TEST_F(RecipeRulesE2E, UnsafeKeepPutsTheNameIntoTheCopyAndSaysSo) {
  ASSERT_EQ(rc_, 0) << readAll(kWork / "out.log");
  const auto manifest = nlohmann::json::parse(readAll(kWork / "manifest.json"));
  std::size_t with_name = 0, images = 0;
  for (const fs::path& f : exportedImages(kWork / "out")) {
    ++images;
    ASSERT_EQ(cli("dump '" + f.string() + "'", "dump.log"), 0);
    const std::string dump = readAll(kWork / "dump.log");
    for (const auto& p : manifest["patients"])
      if (dump.find(p["name"].get<std::string>()) != std::string::npos) {
        ++with_name;
        break;
      }
    EXPECT_NE(dump.find("Unsafe keep PatientName"), std::string::npos) << f;
    EXPECT_NE(dump.find("Research Site 7"), std::string::npos) << f;
  }
  EXPECT_GT(images, 0u);
  EXPECT_GT(with_name, 0u);
  const auto report = nlohmann::json::parse(readAll(kWork / "out.report.json"));
  EXPECT_NE(report.dump().find("\"recipe_unsafe_rules\":[\"PatientName\"]"), std::string::npos);
  EXPECT_NE(readAll(kWork / "out.report.txt").find("UNSAFE recipe rule: keeps the patient's PatientName"),
            std::string::npos);
}

TEST_F(RecipeRulesE2E, VerifyNotesTheKeepInsteadOfCallingItALeak) {
  ASSERT_EQ(rc_, 0) << readAll(kWork / "out.log");
  const int rc = cli(verify("out"), "verify.log");
  const auto j = nlohmann::json::parse(readAll(kWork / "verify.log"));
  EXPECT_EQ(rc, 0) << j.dump(2);
  EXPECT_TRUE(j["findings"].empty()) << j["findings"].dump(2);
  EXPECT_NE(j["notes"].dump().find("kept on purpose by recipe: PatientName"), std::string::npos) << j["notes"].dump(2);
}

TEST_F(RecipeRulesE2E, WithoutTheRecipesMarkTheSameVerifyFlagsTheName) {
  ASSERT_EQ(rc_, 0) << readAll(kWork / "out.log");
  fs::copy(kWork / "out", kWork / "unmarked", fs::copy_options::recursive);
  for (const fs::path& f : exportedImages(kWork / "unmarked"))
    ASSERT_EQ(run("dcmodify -nb -m '(0012,0063)=ScanShare' '" + f.string() + "'", kWork / "dcmodify.log"), 0)
        << readAll(kWork / "dcmodify.log");
  const int rc = cli(verify("unmarked"), "verify-unmarked.log");
  const auto j = nlohmann::json::parse(readAll(kWork / "verify-unmarked.log"));
  EXPECT_EQ(rc, 1) << j.dump(2);
  EXPECT_NE(j["findings"].dump().find("identifier-in-value"), std::string::npos) << j["findings"].dump(2);
  EXPECT_EQ(j["notes"].dump().find("kept on purpose by recipe"), std::string::npos);
}

TEST_F(RecipeRulesE2E, NonAsciiReplaceIsWrittenAsUtf8InEveryCharacterSetAndVerifiesClean) {
  // "Études Clinique" into the ASCII patient's files and the Latin-1 patient's files alike.
  const std::string value = "\xC3\x89tudes Clinique";
  std::ofstream(kWork / "utf8.json") << R"j({"recipe":"site-fr","attributes":[
      {"attribute":"InstitutionName","action":"replace","value":")j" << value << R"j("}]})j";
  ASSERT_EQ(cli(anonymize("out-utf8") + " --recipe '" + (kWork / "utf8.json").string() + "'", "utf8.log"), 0)
      << readAll(kWork / "utf8.log");
  std::size_t images = 0;
  for (const fs::path& f : exportedImages(kWork / "out-utf8")) {
    ASSERT_EQ(cli("dump --json '" + f.string() + "'", "dump-utf8.log"), 0);
    const auto ds = nlohmann::json::parse(readAll(kWork / "dump-utf8.log"));
    if (!ds.contains("00080080")) continue;  // the SR and others without the attribute
    ++images;
    EXPECT_EQ(ds["00080080"]["Value"][0].get<std::string>(), value) << f;
    EXPECT_EQ(ds["00080005"]["Value"][0].get<std::string>(), "ISO_IR 192") << f;
    // The value's bytes are UTF-8 in the file itself, not Latin-1.
    EXPECT_NE(readAll(f).find(value), std::string::npos) << f;
  }
  EXPECT_GT(images, 10u);
  const int rc = cli(verify("out-utf8"), "verify-utf8.log");
  EXPECT_EQ(rc, 0) << readAll(kWork / "verify-utf8.log");
  // Outside the VRs that allow it, a usage error before anything is read.
  std::ofstream(kWork / "cs.json") << R"j({"attributes":[{"attribute":"BodyPartExamined","action":"replace","value":")j"
                                   << "GENOU\xC3\x89" << R"j("}]})j";
  EXPECT_EQ(cli(anonymize("never") + " --recipe '" + (kWork / "cs.json").string() + "'", "cs.log"), 2);
  EXPECT_NE(readAll(kWork / "cs.log").find("ASCII only"), std::string::npos) << readAll(kWork / "cs.log");
}

TEST_F(RecipeRulesE2E, BadRulesAreUsageErrorsNamingTheJsonPath) {
  std::ofstream(kWork / "bad-date.json") << R"j({"attributes":[{"attribute":"StudyDate","action":"replace","value":"20240231"}]})j";
  EXPECT_EQ(cli(anonymize("never") + " --recipe '" + (kWork / "bad-date.json").string() + "'", "bad-date.log"), 2);
  EXPECT_NE(readAll(kWork / "bad-date.log").find("recipe /attributes/0/value"), std::string::npos)
      << readAll(kWork / "bad-date.log");
  std::ofstream(kWork / "uid.json") << R"j({"attributes":[{"attribute":"SeriesInstanceUID","action":"keep"}]})j";
  EXPECT_EQ(cli(anonymize("never") + " --recipe '" + (kWork / "uid.json").string() + "'", "uid.log"), 2);
  EXPECT_NE(readAll(kWork / "uid.log").find("recipe /attributes/0"), std::string::npos) << readAll(kWork / "uid.log");
  EXPECT_FALSE(fs::exists(kWork / "never"));
}

}  // namespace

#endif
