// Recipes (issue 16, docs/recipes.md): each rule kind, and validation errors naming the JSON path.
#include <gtest/gtest.h>

#include <filesystem>

#include "imaging/core/error.h"
#include "imaging/workflow/recipe.h"

namespace {

using imaging::parseRecipe;

// The message of the Error parseRecipe throws, or "" when it accepts the text.
std::string refusal(const std::string& json) {
  try {
    parseRecipe(json);
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::InvalidArgument);
    return e.what();
  }
  return {};
}

TEST(Recipe, ShippedRecipesLoad) {
  for (const char* name : {"patient-sharing", "research-safe-private", "teaching-no-dates"}) {
    const imaging::Recipe r = imaging::loadRecipe(std::filesystem::path(SCANSHARE_RECIPES_DIR) / (std::string(name) + ".json"));
    EXPECT_EQ(r.name, name);
    EXPECT_TRUE(r.unsafe.empty()) << name;
  }
  const auto sharing = imaging::loadRecipe(std::filesystem::path(SCANSHARE_RECIPES_DIR) / "patient-sharing.json");
  EXPECT_EQ(sharing.makeProfile("basic").options, imaging::Profile::defaultProfile().options);
  const auto teaching = imaging::loadRecipe(std::filesystem::path(SCANSHARE_RECIPES_DIR) / "teaching-no-dates.json");
  EXPECT_EQ(teaching.makeProfile("default").dateMode(), imaging::DateMode::Remove);
  const auto research = imaging::loadRecipe(std::filesystem::path(SCANSHARE_RECIPES_DIR) / "research-safe-private.json");
  EXPECT_TRUE(research.makeProfile("default").has(imaging::DeidOption::RetainSafePrivate));
  EXPECT_FALSE(research.keep_private.empty());
}

TEST(Recipe, ProfileOptionsAndDates) {
  const auto r = parseRecipe(R"j({"profile":"basic","options":["retain-uids"],"dates":"keep"})j");
  const imaging::Profile p = r.makeProfile("default");
  EXPECT_TRUE(p.has(imaging::DeidOption::RetainUids));
  EXPECT_EQ(p.dateMode(), imaging::DateMode::Keep);
  EXPECT_FALSE(p.has(imaging::DeidOption::CleanDescriptors));  // basic, not default
}

TEST(Recipe, KeepTextMapsToVerbatimAndUnsafeIsReported) {
  const auto r = parseRecipe(R"j({"attributes":[{"attribute":"StudyDescription","action":"keep-text"},
      {"attribute":"(0010,0010)","action":"keep-text","unsafe":true}]})j");
  imaging::AnonymizeOptions o;
  r.applyTo(o);
  ASSERT_EQ(o.deid.keep_text_verbatim.size(), 1u);
  EXPECT_EQ(o.deid.keep_text_verbatim[0], (imaging::AttributeKey{0x0008, 0x1030}));
  EXPECT_EQ(o.unsafe_rules, std::vector<std::string>{"PatientName"});
  // An unsafe keep-text of an identity attribute is effective: the engine keeps the value as it is.
  ASSERT_EQ(o.deid.overrides.size(), 1u);
  EXPECT_EQ(o.deid.overrides[0].key, (imaging::AttributeKey{0x0010, 0x0010}));
  EXPECT_EQ(o.deid.overrides[0].action, imaging::OverrideAction::Keep);
}

TEST(Recipe, PrivateSeriesBurnedIn) {
  const auto r = parseRecipe(R"j({"options":["retain-safe-private"],
      "private":[{"group":"0029","creator":"SIEMENS CSA HEADER","element":"10"}],
      "series":{"modality":["mr"],"description":"^t1"},"burned_in":"redact","exclude_sr":true})j");
  imaging::AnonymizeOptions o;
  r.applyTo(o);
  ASSERT_EQ(o.deid.keep_private.size(), 1u);
  EXPECT_EQ(o.deid.keep_private[0].group, 0x0029);
  EXPECT_EQ(o.deid.keep_private[0].element, 0x10);
  EXPECT_TRUE(o.redact_burned_in);
  EXPECT_FALSE(o.deid.include_burned_in);
  EXPECT_TRUE(o.deid.exclude_sr);

  imaging::Inventory inv;
  inv.patients.resize(1);
  inv.patients[0].studies.resize(1);
  auto& series = inv.patients[0].studies[0].series;
  series.resize(3);
  series[0] = {"1.1", "MR", 1, "T1 axial", {}, {}, {}, {}};
  series[1] = {"1.2", "MR", 2, "dwi", {}, {}, {}, {}};
  series[2] = {"1.3", "CT", 3, "T1 lookalike", {}, {}, {}, {}};
  EXPECT_EQ(imaging::selectSeries(inv, r.series), std::vector<std::string>{"1.1"});
}

TEST(Recipe, ValidationNamesTheJsonPath) {
  EXPECT_NE(refusal(R"j({"profil":"basic"})j").find("recipe /profil: unknown field"), std::string::npos);
  EXPECT_NE(refusal(R"j({"attributes":[{"attribute":"NoSuchKeyword","action":"keep-text"}]})j").find("/attributes/0/attribute"),
            std::string::npos);
  EXPECT_NE(refusal(R"j({"attributes":[{"attribute":"PatientID","action":"keep-text"}]})j").find("unsafe"), std::string::npos);
  EXPECT_NE(refusal(R"j({"attributes":[{"attribute":"StudyDescription","action":"keep-text","unsafe":true}]})j")
                .find("/attributes/0/unsafe"),
            std::string::npos);
  EXPECT_NE(refusal(R"j({"attributes":[{"attribute":"StudyDescription","action":"keep-text"},
      {"attribute":"(0008,1030)","action":"keep-text"}]})j").find("/attributes/1: a second rule"),
            std::string::npos);
  EXPECT_NE(refusal(R"j({"attributes":[{"attribute":"StudyDescription","action":"x","bogus":1}]})j").find("/attributes/0/bogus"),
            std::string::npos);
  EXPECT_NE(refusal(R"j({"private":[{"group":"0029","creator":"X","element":"10"}]})j").find("retain-safe-private"),
            std::string::npos);
  EXPECT_NE(refusal(R"j({"options":["retain-safe-private"],"private":[{"group":"0028","creator":"X","element":"10"}]})j")
                .find("/private/0/group"),
            std::string::npos);
  EXPECT_NE(refusal(R"j({"options":["retain-longitudinal-full-dates"]})j").find("/options/0"), std::string::npos);
  EXPECT_NE(refusal(R"j({"options":["nope"]})j").find("/options/0"), std::string::npos);
  EXPECT_NE(refusal(R"j({"dates":"sometimes"})j").find("/dates"), std::string::npos);
  EXPECT_NE(refusal(R"j({"series":{"description":"("}})j").find("/series/description"), std::string::npos);
  EXPECT_NE(refusal(R"j({"burned_in":"maybe"})j").find("/burned_in"), std::string::npos);
  EXPECT_NE(refusal("{\n\"dates\": \"shift\",,\n}").find("line 2"), std::string::npos);
  EXPECT_NE(refusal(R"j({"dates":"remove","attributes":[{"attribute":"StudyDate","action":"keep-text"}]})j")
                .find("give one of them"),
            std::string::npos);
}

TEST(Recipe, OverrideRulesFillTheEngineTable) {
  const auto r = parseRecipe(R"j({"attributes":[
      {"attribute":"Manufacturer","action":"remove"},
      {"attribute":"(0008,0090)","action":"empty"},
      {"attribute":"InstitutionName","action":"replace","value":"Research Site 7"},
      {"attribute":"StudyDescription","action":"keep","why":"vetted"},
      {"attribute":"PatientName","action":"keep","unsafe":true},
      {"attribute":"PatientBirthDate","action":"replace","value":"19000101"}]})j");
  imaging::AnonymizeOptions o;
  r.applyTo(o);
  ASSERT_EQ(o.deid.overrides.size(), 6u);
  EXPECT_EQ(o.deid.overrides[0].action, imaging::OverrideAction::Remove);
  EXPECT_EQ(o.deid.overrides[1].key, (imaging::AttributeKey{0x0008, 0x0090}));
  EXPECT_EQ(o.deid.overrides[1].action, imaging::OverrideAction::Empty);
  EXPECT_EQ(o.deid.overrides[2].action, imaging::OverrideAction::Replace);
  EXPECT_EQ(o.deid.overrides[2].value, "Research Site 7");
  EXPECT_EQ(o.deid.overrides[3].action, imaging::OverrideAction::Keep);
  EXPECT_EQ(o.deid.overrides[4].action, imaging::OverrideAction::Keep);
  EXPECT_TRUE(o.deid.keep_text_verbatim.empty());
  // Only the keep of a patient's identity is an unsafe rule; replacing one keeps nothing of it.
  EXPECT_EQ(o.unsafe_rules, std::vector<std::string>{"PatientName"});
}

TEST(Recipe, OverrideValidationNamesTheJsonPath) {
  auto refused = [](const std::string& rules) { return refusal(R"j({"attributes":[)j" + rules + "]}"); };
  const std::string bad_date = refused(R"j({"attribute":"StudyDate","action":"replace","value":"20241341"})j");
  EXPECT_NE(bad_date.find("recipe /attributes/0/value"), std::string::npos) << bad_date;
  EXPECT_NE(bad_date.find("DA"), std::string::npos) << bad_date;
  EXPECT_NE(refused(R"j({"attribute":"StationName","action":"replace","value":"THIS-NAME-IS-TOO-LONG"})j")
                .find("/attributes/0/value"),
            std::string::npos);
  EXPECT_NE(refused(R"j({"attribute":"InstitutionName","action":"replace"})j").find("/attributes/0: \"replace\" needs a \"value\""),
            std::string::npos);
  EXPECT_NE(refused(R"j({"attribute":"InstitutionName","action":"remove","value":"x"})j").find("/attributes/0/value"),
            std::string::npos);
  const std::string uid = refused(R"j({"attribute":"Manufacturer","action":"remove"},
      {"attribute":"StudyInstanceUID","action":"keep"})j");
  EXPECT_NE(uid.find("recipe /attributes/1:"), std::string::npos) << uid;
  EXPECT_NE(uid.find("UID"), std::string::npos) << uid;
  const std::string uid2 = refused(R"j({"attribute":"ReferencedSOPInstanceUID","action":"keep"})j");
  EXPECT_NE(uid2.find("UIDs are replaced by ScanShare"), std::string::npos) << uid2;
  const std::string identity = refused(R"j({"attribute":"PatientBirthDate","action":"keep"})j");
  EXPECT_NE(identity.find("recipe /attributes/0: keeps the patient's PatientBirthDate"), std::string::npos) << identity;
  EXPECT_NE(identity.find("\"unsafe\": true"), std::string::npos) << identity;
  const std::string twice = refused(R"j({"attribute":"InstitutionName","action":"remove"},
      {"attribute":"(0008,0080)","action":"replace","value":"Site"})j");
  EXPECT_NE(twice.find("recipe /attributes/1: a second rule"), std::string::npos) << twice;
  EXPECT_NE(twice.find("/attributes/0"), std::string::npos) << twice;
  EXPECT_NE(refused(R"j({"attribute":"PatientName","action":"replace","value":"X","unsafe":true})j").find("/attributes/0/unsafe"),
            std::string::npos);
  EXPECT_NE(refused(R"j({"attribute":"PatientIdentityRemoved","action":"replace","value":"NO"})j").find("/attributes/0"),
            std::string::npos);
  EXPECT_NE(refused(R"j({"attribute":"StudyDescription","action":"scramble"})j").find("/attributes/0/action"),
            std::string::npos);
}

}  // namespace
