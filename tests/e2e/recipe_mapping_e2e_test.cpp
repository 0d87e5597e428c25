// End to end (issue 16): the shipped recipes run on the sample CD, recipe errors and conflicts are
// usage errors, and --mapping writes a sealed file outside OUT that `mapping show` opens with the
// key only, while neither OUT nor the report holds anything of it.
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "files.h"

namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-recipe-" + std::to_string(::getpid()));
const fs::path kRecipes = fs::path(SCANSHARE_SOURCE_DIR) / "recipes";

using scanshare_test::readAll;

int run(const std::string& command, const fs::path& log) {
  const int rc = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class RecipeMappingE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    ASSERT_EQ(run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out '" + (kWork / "cd").string() + "'",
                  kWork / "make.log"),
              0);
    std::ofstream(kWork / "key", std::ios::binary) << std::string(32, 'k');
    std::ofstream(kWork / "other-key", std::ios::binary) << std::string(32, 'o');
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
};

TEST_F(RecipeMappingE2E, ShippedRecipesRun) {
  for (const char* name : {"patient-sharing", "research-safe-private", "teaching-no-dates"}) {
    const std::string log = std::string(name) + ".log";
    EXPECT_EQ(cli(anonymize(std::string("out-") + name) + " --recipe '" + (kRecipes / name).string() + ".json'", log), 0)
        << readAll(kWork / log);
    const auto report = nlohmann::json::parse(readAll(kWork / (std::string("out-") + name + ".report.json")));
    EXPECT_NE(report.dump().find(std::string("\"recipe\":\"") + name + "\""), std::string::npos) << name;
  }
}

TEST_F(RecipeMappingE2E, RecipeErrorsAndConflictsAreUsageErrors) {
  std::ofstream(kWork / "bad.json") << R"j({"attributes":[{"attribute":"PatientName","action":"keep-text"}]})j";
  EXPECT_EQ(cli(anonymize("never") + " --recipe '" + (kWork / "bad.json").string() + "'", "bad.log"), 2);
  EXPECT_NE(readAll(kWork / "bad.log").find("recipe /attributes/0"), std::string::npos) << readAll(kWork / "bad.log");
  EXPECT_EQ(cli(anonymize("never") + " --recipe '" + (kRecipes / "teaching-no-dates.json").string() + "' --dates shift",
                "conflict.log"),
            2);
  EXPECT_NE(readAll(kWork / "conflict.log").find("--dates conflicts with the recipe"), std::string::npos);
  EXPECT_FALSE(fs::exists(kWork / "never"));
}

TEST_F(RecipeMappingE2E, SealedMappingRoundTripOutsideOutAndReport) {
  const fs::path map = kWork / "clinic.map";
  ASSERT_EQ(cli(anonymize("out-map") + " --mapping '" + map.string() + "'", "map.log"), 0) << readAll(kWork / "map.log");
  ASSERT_TRUE(fs::exists(map));
  ASSERT_EQ(cli("mapping show '" + map.string() + "' --key '" + (kWork / "key").string() + "'", "show.log"), 0);
  const auto shown = nlohmann::json::parse(readAll(kWork / "show.log"));
  ASSERT_FALSE(shown["patients"].empty());
  const std::string bytes = readAll(map);
  const std::string report = readAll(kWork / "out-map.report.json") + readAll(kWork / "out-map.report.txt");
  for (const auto& p : shown["patients"]) {
    for (const char* field : {"name", "id"}) {
      const std::string value = p[field].get<std::string>();
      EXPECT_EQ(bytes.find(value), std::string::npos) << field;   // sealed: no plaintext identifier
      EXPECT_EQ(report.find(value), std::string::npos) << field;
    }
    for (const auto& s : p["studies"]) EXPECT_EQ(report.find(s["source_uid"].get<std::string>()), std::string::npos);
  }
  EXPECT_EQ(report.find("clinic.map"), std::string::npos);
  for (const auto& f : scanshare_test::regularFilesUnder(kWork / "out-map"))
    EXPECT_NE(readAll(f).substr(0, 5), "SSMAP") << f;
  // Wrong key and a tampered file: one clear line, exit 2.
  EXPECT_EQ(cli("mapping show '" + map.string() + "' --key '" + (kWork / "other-key").string() + "'", "wrong.log"), 2);
  EXPECT_NE(readAll(kWork / "wrong.log").find("wrong key"), std::string::npos);
  std::string bad = bytes;
  bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x20);
  std::ofstream(kWork / "tampered.map", std::ios::binary) << bad;
  EXPECT_EQ(cli("mapping show '" + (kWork / "tampered.map").string() + "' --key '" + (kWork / "key").string() + "'",
                "tampered.log"),
            2);
  const std::string tampered = readAll(kWork / "tampered.log");
  EXPECT_NE(tampered.find("altered or damaged"), std::string::npos) << tampered;
  EXPECT_EQ(std::count(tampered.begin(), tampered.end(), '\n'), 1);
  // Inside OUT is refused before anything is written.
  EXPECT_EQ(cli(anonymize("out-inside") + " --mapping '" + (kWork / "out-inside" / "m.map").string() + "'", "inside.log"), 2);
  EXPECT_FALSE(fs::exists(kWork / "out-inside"));
}

}  // namespace

#endif
