// The generated action table against the standard's JSON extract, read at test time.
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "action_table.h"

using imaging::DeidOption;
using imaging::deid::Action;
using imaging::deid::ActionTable;

namespace {

std::string readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  std::string hex;
  char buf[3];
  for (unsigned char b : digest) { std::snprintf(buf, sizeof buf, "%02x", b); hex += buf; }
  return hex;
}

nlohmann::json standard() {
  const std::string text = readFile(SCANSHARE_STANDARD_JSON);
  if (text.empty()) throw std::runtime_error(std::string("cannot read ") + SCANSHARE_STANDARD_JSON +
                                             " (set -DSCANSHARE_STANDARD_JSON=...)");
  return nlohmann::json::parse(text);
}

std::string column(const nlohmann::json& row, const char* name) {
  return row.contains(name) ? row[name].get<std::string>() : std::string();
}

}  // namespace

TEST(ActionTable, HasEveryRowOfTheStandardExtract) {
  const auto json = standard();
  ASSERT_EQ(json.size(), 621u);
  EXPECT_EQ(ActionTable::size(), json.size());
}

TEST(ActionTable, IsStampedWithEditionAndSourceDigest) {
  EXPECT_STREQ(ActionTable::edition(), "2024b");
  EXPECT_EQ(ActionTable::sourceSha256(), sha256Hex(readFile(SCANSHARE_STANDARD_JSON)));
}

TEST(ActionTable, EveryRowMatchesTheJsonColumnForColumn) {
  const auto json = standard();
  ASSERT_EQ(ActionTable::size(), json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto& j = json[i];
    const auto& row = ActionTable::rows()[i];
    SCOPED_TRACE(j["tag"].get<std::string>());
    EXPECT_EQ(row.tag_text, j["tag"].get<std::string>());
    EXPECT_EQ(row.name, j["name"].get<std::string>());
    EXPECT_EQ(row.basic, j["basicProfile"].get<std::string>());
    EXPECT_EQ(row.retain_safe_private, column(j, "rtnSafePrivOpt"));
    EXPECT_EQ(row.retain_uids, column(j, "rtnUIDsOpt"));
    EXPECT_EQ(row.retain_device_identity, column(j, "rtnDevIdOpt"));
    EXPECT_EQ(row.retain_institution_identity, column(j, "rtnInstIdOpt"));
    EXPECT_EQ(row.retain_patient_characteristics, column(j, "rtnPatCharsOpt"));
    EXPECT_EQ(row.retain_long_full_dates, column(j, "rtnLongFullDatesOpt"));
    EXPECT_EQ(row.retain_long_modified_dates, column(j, "rtnLongModifDatesOpt"));
    EXPECT_EQ(row.clean_descriptors, column(j, "cleanDescOpt"));
    EXPECT_EQ(row.clean_structured_content, column(j, "cleanStructContOpt"));
    EXPECT_EQ(row.clean_graphics, column(j, "cleanGraphOpt"));
    // An exact tag row is found by its own tag.
    const std::string id = j["id"].get<std::string>();
    if (row.match == imaging::deid::TagMatch::Exact) {
      const auto g = static_cast<std::uint16_t>(std::stoul(id.substr(0, 4), nullptr, 16));
      const auto e = static_cast<std::uint16_t>(std::stoul(id.substr(4, 4), nullptr, 16));
      EXPECT_EQ(ActionTable::find(g, e), &row);
    }
  }
}

TEST(ActionTable, KnownRowsHaveTheirStandardActions) {
  const auto* name = ActionTable::find(0x0010, 0x0010);
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(name->basic, "Z");
  const auto* sop = ActionTable::find(0x0008, 0x0018);
  ASSERT_NE(sop, nullptr);
  EXPECT_STREQ(sop->basic, "U");
  EXPECT_STREQ(sop->retain_uids, "K");
  const auto* refimg = ActionTable::find(0x0008, 0x1140);
  ASSERT_NE(refimg, nullptr);
  EXPECT_STREQ(refimg->basic, "X/Z/U*");
}

TEST(ActionTable, PatternsMatchCurvesOverlaysAndOddGroups) {
  const auto* curve = ActionTable::find(0x5002, 0x3000);
  ASSERT_NE(curve, nullptr);
  EXPECT_STREQ(curve->tag_text, "(50XX,XXXX)");
  const auto* overlay_comments = ActionTable::find(0x6004, 0x4000);
  ASSERT_NE(overlay_comments, nullptr);
  EXPECT_STREQ(overlay_comments->name, "Overlay Comments");
  const auto* overlay_data = ActionTable::find(0x601E, 0x3000);
  ASSERT_NE(overlay_data, nullptr);
  EXPECT_STREQ(overlay_data->name, "Overlay Data");
  EXPECT_EQ(ActionTable::find(0x6000, 0x0010), nullptr);  // overlay rows: not in the table
  const auto* priv = ActionTable::find(0x0009, 0x1001);
  ASSERT_NE(priv, nullptr);
  EXPECT_EQ(priv->match, imaging::deid::TagMatch::PrivateGroups);
  EXPECT_EQ(ActionTable::find(0x0028, 0x0010), nullptr);  // Rows: kept, not listed
}

TEST(ActionTable, OptionsOverrideTheBasicAction) {
  using imaging::deid::effectiveActions;
  const auto& study_date = *ActionTable::find(0x0008, 0x0020);
  imaging::Profile basic = imaging::Profile::basic();
  EXPECT_EQ(effectiveActions(study_date, basic), static_cast<std::uint8_t>(Action::Empty));
  basic.setDateMode(imaging::DateMode::Shift);
  EXPECT_EQ(effectiveActions(study_date, basic), static_cast<std::uint8_t>(Action::Clean));
  basic.setDateMode(imaging::DateMode::Keep);
  EXPECT_EQ(effectiveActions(study_date, basic), static_cast<std::uint8_t>(Action::Keep));
  const auto& institution = *ActionTable::find(0x0008, 0x0080);
  imaging::Profile p;
  EXPECT_EQ(effectiveActions(institution, p), imaging::deid::parseActions("X/Z/D"));
  p.options.insert(DeidOption::RetainInstitutionIdentity);
  EXPECT_EQ(effectiveActions(institution, p), static_cast<std::uint8_t>(Action::Keep));
  // Two options on one row: clean wins over keep.
  const auto& calibration = *ActionTable::find(0x0018, 0x700C);
  imaging::Profile both;
  both.options = {DeidOption::RetainDeviceIdentity, DeidOption::RetainLongitudinalModifiedDates};
  EXPECT_EQ(effectiveActions(calibration, both), static_cast<std::uint8_t>(Action::Clean));
}

TEST(ActionTable, ParsesCompoundActions) {
  using imaging::deid::parseActions;
  EXPECT_EQ(parseActions("X/Z/U*"), static_cast<std::uint8_t>(Action::Remove) |
                                        static_cast<std::uint8_t>(Action::Empty) |
                                        static_cast<std::uint8_t>(Action::Uid));
  EXPECT_EQ(parseActions("Z/D"), static_cast<std::uint8_t>(Action::Empty) | static_cast<std::uint8_t>(Action::Dummy));
}
