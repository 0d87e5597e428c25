// What the viewer's share flow calls for its clinic options (issue 16): a recipe in plain words,
// the recipe over the person's choices, and the sealed mapping saved after an export.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/recipe.h"
#include "imaging/workflow/sealed_mapping.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;

namespace {

bool holds(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(ShareOptions, RecipeRulesInPlainWords) {
  const imaging::Recipe r = imaging::parseRecipe(R"({"recipe": "site", "dates": "remove", "options": ["retain-safe-private"],
    "attributes": [{"attribute": "InstitutionName", "action": "replace", "value": "Research Site 7"},
                   {"attribute": "OperatorsName", "action": "remove"},
                   {"attribute": "PatientName", "action": "keep", "unsafe": true},
                   {"attribute": "ProtocolName", "action": "keep-text"}],
    "private": [{"group": "0019", "creator": "SIEMENS MR HEADER", "element": "08"}],
    "series": {"modality": ["MR"]}, "burned_in": "redact", "exclude_sr": true})");
  const auto lines = imaging::describeRecipe(r);
  EXPECT_EQ(lines.front(), "Recipe \"site\"");
  EXPECT_TRUE(holds(lines, "Dates: removed"));
  EXPECT_TRUE(holds(lines, "InstitutionName: replaced with \"Research Site 7\""));
  EXPECT_TRUE(holds(lines, "OperatorsName: removed"));
  EXPECT_TRUE(holds(lines, "UNSAFE: keeps the patient's PatientName"));
  EXPECT_TRUE(holds(lines, "ProtocolName: text kept word for word"));
  EXPECT_TRUE(holds(lines, "group 0019, element 08 of \"SIEMENS MR HEADER\""));
  EXPECT_TRUE(holds(lines, "Only series of modality MR"));
  EXPECT_TRUE(holds(lines, "text found is blacked out"));
  EXPECT_TRUE(holds(lines, "Written reports: left out"));
  for (const char* name : {"patient-sharing", "research-safe-private", "teaching-no-dates"})
    EXPECT_GE(imaging::describeRecipe(imaging::loadRecipe(fs::path(SCANSHARE_RECIPES_DIR) / (std::string(name) + ".json"))).size(), 2u);
}

TEST(ShareOptions, RecipeDecidesWhatItSetsAndThePersonTheRest) {
  const fs::path in = workflow_fixture::makeInput("share-options-recipe");
  const imaging::Inventory inventory = imaging::scan(in);
  const imaging::Key key = workflow_fixture::testKey();
  imaging::Profile chosen = imaging::Profile::defaultProfile();
  chosen.setDateMode(imaging::DateMode::Keep);
  imaging::AnonymizeOptions options;
  options.deid = imaging::makeDeidConfig(key, chosen);
  std::vector<std::string> all;
  inventory.forEachInstance([&](const imaging::Patient&, const imaging::Study&, const imaging::Series& se, const imaging::Instance&) {
    if (std::find(all.begin(), all.end(), se.series_instance_uid) == all.end()) all.push_back(se.series_instance_uid);
  });
  options.series = all;
  // Silent about dates: the person's "keep" stays; its replace rule is added.
  imaging::applyRecipeOverChoices(
      imaging::parseRecipe(R"({"attributes": [{"attribute": "InstitutionName", "action": "replace", "value": "X"}]})"), options,
      inventory);
  EXPECT_EQ(options.deid.profile.dateMode(), imaging::DateMode::Keep);
  EXPECT_EQ(options.deid.overrides.size(), 1u);
  EXPECT_EQ(options.series, all);
  // Dates and a series rule: the recipe's dates, only the matching series.
  imaging::applyRecipeOverChoices(imaging::parseRecipe(R"({"dates": "remove", "series": {"description": "t1"}})"), options,
                                  inventory);
  EXPECT_EQ(options.deid.profile.dateMode(), imaging::DateMode::Remove);
  ASSERT_EQ(options.series.size(), 1u);
  EXPECT_NE(options.series[0], all[0]);
}

TEST(ShareOptions, MappingSavedAfterTheExportHoldsEveryWrittenInstance) {
  const fs::path in = workflow_fixture::makeInput("share-options-mapping");
  const imaging::Inventory inventory = imaging::scan(in);
  const imaging::Key key = workflow_fixture::testKey();
  imaging::AnonymizeOptions options;
  options.deid = imaging::makeDeidConfig(key, imaging::Profile::defaultProfile());
  options.keep_written_uids = true;
  const fs::path out = in.parent_path() / "out", map = in.parent_path() / "clinic.map";
  EXPECT_THROW(imaging::checkMappingTarget(out / "m.map", out, in), imaging::Error);
  EXPECT_NO_THROW(imaging::checkMappingTarget(map, out, in));
  const imaging::AnonymizeResult result = imaging::AnonymizeJob(inventory, options).run(out);
  imaging::saveSealedMapping(map, key, inventory, options, result);
  std::ifstream file(map, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (const char* planted : {workflow_fixture::kNameA, workflow_fixture::kIdA, workflow_fixture::kIdB, "Fixture", "Alice"})
    EXPECT_EQ(bytes.find(planted), std::string::npos) << planted;
  const imaging::ReidMapping m = imaging::parseMappingJson(imaging::openSealedMapping(map, key));
  std::size_t instances = 0;
  for (const auto& p : m.patients)
    for (const auto& st : p.studies) {
      EXPECT_EQ(st.new_uid.rfind("2.25.", 0), 0u);
      for (const auto& se : st.series) {
        EXPECT_EQ(se.new_uid.rfind("2.25.", 0), 0u);
        for (const auto& i : se.instances) {
          EXPECT_EQ(i.new_uid.rfind("2.25.", 0), 0u);
          EXPECT_NE(i.source_uid, i.new_uid);
          ++instances;
        }
      }
    }
  EXPECT_EQ(instances, result.kept);
  EXPECT_GT(instances, 0u);
}

}  // namespace
