// The share flow's options step for clinics (issue 16): a recipe chosen there is shown in plain
// words and decides the export; the sealed re-identification mapping is saved outside the export
// and opens with the viewer's key; a bad recipe is one red line and nothing is exported.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "imaging/pixels/png.h"
#include "viewer_share_fixture.h"

namespace fs = std::filesystem;
using namespace share_test;

namespace {

// Pixels drawn in the error colour (#b00020) of the recipe line.
std::size_t redPixels(const fs::path& png) {
  const imaging::Rgb8Image image = imaging::readPng(png);
  if (image.channels < 3) return 0;
  std::size_t red = 0;
  for (std::size_t i = 0; i + 2 < image.pixels.size(); i += static_cast<std::size_t>(image.channels))
    red += image.pixels[i] > 140 && image.pixels[i + 1] < 60 && image.pixels[i + 2] < 80;
  return red;
}

}  // namespace

TEST(ViewerShareClinic, RecipeAndMappingChosenInTheOptionsStepDecideTheExport) {
  ASSERT_TRUE(fixture().made);
  const fs::path recipe = outPath("clinic-recipe.json");
  std::ofstream(recipe) << R"({"recipe": "clinic-test", "dates": "remove",
    "attributes": [{"attribute": "InstitutionName", "action": "replace", "value": "Research Site 7"}]})";
  const fs::path out = outPath("out-clinic"), mapping = outPath("clinic.map"), shots = outPath("clinic-shots");
  fs::create_directories(shots);
  const ProgramRun run = share(out.string(), "--share-series 1 --share-dates shift --share-recipe '" + recipe.string() +
                                                 "' --share-mapping '" + mapping.string() + "' --share-screenshots '" +
                                                 shots.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The rules in plain words, as the options step shows them.
  EXPECT_NE(run.output.find("share-recipe Recipe \"clinic-test\""), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("share-recipe Dates: removed"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("share-recipe InstitutionName: replaced with \"Research Site 7\""), std::string::npos) << run.output;
  // The recipe decided: dates removed although the person chose "shift", the site name written.
  const std::string bytes = allBytes(out);
  EXPECT_NE(bytes.find("Research Site 7"), std::string::npos);
  const auto scan = scanJson(out);
  ASSERT_TRUE(scan.is_object());
  EXPECT_EQ(scan.dump().find("\"date\":\"2"), std::string::npos) << "a study date survived dates: remove";
  // The mapping: outside the export, sealed (no planted value in its bytes), opened with the key.
  ASSERT_TRUE(fs::is_regular_file(mapping));
  EXPECT_TRUE(plantedFoundIn(allBytes(mapping)).empty());
  const std::string show = "XDG_CONFIG_HOME='" + (fixture().root / "config").string() + "' '" + SCANSHARE_CLI +
                           "' mapping show '" + mapping.string() + "' > '" + outPath("clinic-show.json").string() + "'";
  ASSERT_EQ(std::system(show.c_str()), 0);
  std::ifstream shown_file(outPath("clinic-show.json"));
  const auto shown = nlohmann::json::parse(shown_file);
  EXPECT_EQ(shown["date_mode"], "remove");
  ASSERT_EQ(shown["patients"].size(), 1u);
  std::size_t instances = 0;
  for (const auto& st : shown["patients"][0]["studies"])
    for (const auto& se : st["series"]) instances += se["instances"].size();
  EXPECT_EQ(static_cast<int>(instances), seriesOf(scan).at(0).instances);
  // A screenshot of the options step with the recipe's lines on it (no error colour).
  const PageLook look = lookOf(shots / "share-step2.png");
  EXPECT_GT(look.width, 400);
  EXPECT_GT(look.levels, 20u);
  EXPECT_EQ(redPixels(shots / "share-step2.png"), 0u);
}

TEST(ViewerShareClinic, BadRecipeIsOneRedLineAndNothingIsExported) {
  ASSERT_TRUE(fixture().made);
  const fs::path recipe = outPath("bad-recipe.json");
  std::ofstream(recipe) << R"({"profil": "basic"})";
  const fs::path out = outPath("out-bad-recipe"), shots = outPath("bad-recipe-shots");
  fs::create_directories(shots);
  const ProgramRun run = share(out.string(), "--share-series 1 --share-recipe '" + recipe.string() + "' --share-screenshots '" +
                                                 shots.string() + "'");
  EXPECT_EQ(run.exit_code, 4) << run.output;
  EXPECT_NE(run.output.find("share-recipe-error "), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("recipe /profil: unknown field"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_GT(redPixels(shots / "share-step2.png"), 50u) << "the refusal is not shown in the options step";
}
