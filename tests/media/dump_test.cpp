// dumpFile(): the attribute tree and its text and DICOM JSON renderings.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dicom_fixtures.h"
#include "imaging/core/error.h"
#include "imaging/media/dump.h"

namespace fs = std::filesystem;

namespace {

const imaging::AttributeNode* find(const std::vector<imaging::AttributeNode>& nodes, const std::string& tag) {
  for (const auto& node : nodes)
    if (node.tag == tag) return &node;
  return nullptr;
}

}  // namespace

TEST(Dump, TreeHasKeywordsNestedItemsAndSummaries) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.charset = "ISO_IR 100";
  spec.patient_name = "M\xFCller^J\xF6rg";
  spec.rows = 8;
  spec.columns = 4;
  spec.with_sequence = true;
  spec.with_small_ob = true;
  fixtures::writeInstance(dir / "a.dcm", spec);

  const imaging::DumpedFile dumped = imaging::dumpFile(dir / "a.dcm");
  EXPECT_NE(find(dumped.meta, "(0002,0010)"), nullptr);
  const auto* name = find(dumped.dataset, "(0010,0010)");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->keyword, "PatientName");
  EXPECT_EQ(name->vr, "PN");
  EXPECT_EQ(name->value, "M\xC3\xBCller^J\xC3\xB6rg");

  const auto* sequence = find(dumped.dataset, "(0008,1140)");
  ASSERT_NE(sequence, nullptr);
  EXPECT_EQ(sequence->vr, "SQ");
  ASSERT_EQ(sequence->items.size(), 1u);
  const auto* referenced = find(sequence->items[0], "(0008,1155)");
  ASSERT_NE(referenced, nullptr);
  EXPECT_EQ(referenced->value, "1.2.3.4.5");

  const auto* pixels = find(dumped.dataset, "(7FE0,0010)");
  ASSERT_NE(pixels, nullptr);
  EXPECT_EQ(pixels->value, "<pixel data, 64 bytes>");  // 8 x 4 x 2 bytes

  const auto* ob = find(dumped.dataset, "(0009,1001)");
  ASSERT_NE(ob, nullptr);
  EXPECT_EQ(ob->value, "(1 2 3 250)");
  EXPECT_EQ(ob->inline_binary, "AQID+g==");

  const std::string text = imaging::renderDumpText(dumped);
  EXPECT_NE(text.find("(0010,0010) PN PatientName  [M\xC3\xBCller^J\xC3\xB6rg]"), std::string::npos) << text;
  EXPECT_NE(text.find("  > item 1\n    (0008,1150) UI ReferencedSOPClassUID"), std::string::npos) << text;
}

TEST(Dump, JsonFollowsTheDicomJsonModel) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.patient_name = "Doe^Jane=Ideo^Name";
  spec.with_sequence = true;
  spec.with_small_ob = true;
  spec.rows = 16;
  fixtures::writeInstance(dir / "a.dcm", spec);
  const auto json = nlohmann::json::parse(imaging::renderDumpJson(imaging::dumpFile(dir / "a.dcm")));

  EXPECT_EQ(json.at("00100010").at("vr"), "PN");
  EXPECT_EQ(json.at("00100010").at("Value").at(0).at("Alphabetic"), "Doe^Jane");
  EXPECT_EQ(json.at("00100010").at("Value").at(0).at("Ideographic"), "Ideo^Name");
  EXPECT_EQ(json.at("00280010").at("Value").at(0), 16);            // US as a number
  EXPECT_EQ(json.at("00200013").at("Value").at(0), 1);             // IS as a number
  EXPECT_DOUBLE_EQ(json.at("00280030").at("Value").at(1).get<double>(), 0.5);  // DS as a number
  EXPECT_EQ(json.at("00081140").at("vr"), "SQ");
  EXPECT_EQ(json.at("00081140").at("Value").at(0).at("00081155").at("Value").at(0), "1.2.3.4.5");
  EXPECT_EQ(json.at("00091001").at("InlineBinary"), "AQID+g==");
  EXPECT_EQ(json.at("7FE00010").count("Value"), 0u);               // bulk data omitted
  EXPECT_EQ(json.at("7FE00010").count("InlineBinary"), 0u);
  EXPECT_EQ(json.count("00020010"), 0u);                           // no file meta in the dataset
}

TEST(Dump, BadFilesThrowErrorsNamingTheFile) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::writeBytes(dir / "readme.txt", "hello, this is not an image\n");
  fixtures::writeInstance(dir / "a.dcm", {});
  const std::string bytes = fixtures::readBytes(dir / "a.dcm");
  fixtures::writeBytes(dir / "cut.dcm", bytes.substr(0, bytes.size() - 10));
  const std::vector<std::pair<std::string, imaging::ErrorCode>> cases = {
      {"readme.txt", imaging::ErrorCode::NotDicom},
      {"cut.dcm", imaging::ErrorCode::Truncated},
      {"missing.dcm", imaging::ErrorCode::NotFound}};
  for (const auto& [name, code] : cases) {
    try {
      imaging::dumpFile(dir / name);
      ADD_FAILURE() << name << " did not throw";
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), code) << name;
      EXPECT_NE(e.oneLine().find(name), std::string::npos);
    }
  }
}

// Japanese CDs: half-width katakana (ISO 2022 IR 13) and kanji (IR 87), as written by Japanese
// modalities; DCMTK 3.6.7 alone turns them into '?'. Bytes built here from JIS X 0201 / 0208 tables.
TEST(Dump, JapaneseIso2022WithHalfWidthKatakanaIsDecoded) {
  const fs::path dir = fixtures::freshWorkDir();
  fixtures::InstanceSpec spec;
  spec.charset = "ISO 2022 IR 13\\ISO 2022 IR 87";
  // ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎 : katakana as G1 bytes, kanji after ESC $ B, back with ESC ( J
  spec.patient_name = std::string("\xD4\xCF\xC0\xDE^\xC0\xDB\xB3=") + "\x1B$B;3ED\x1B(J^\x1B$BB@O:\x1B(J";
  fixtures::writeInstance(dir / "jp.dcm", spec);
  const imaging::DumpedFile dumped = imaging::dumpFile(dir / "jp.dcm");
  const auto* name = find(dumped.dataset, "(0010,0010)");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->value,
            "\xEF\xBE\x94\xEF\xBE\x8F\xEF\xBE\x80\xEF\xBE\x9E^\xEF\xBE\x80\xEF\xBE\x9B\xEF\xBD\xB3="
            "\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E");
}

// The same file as Debian's python3-pydicom installs it (chrH32.dcm), when present.
TEST(Dump, PydicomJapaneseCharsetFileIsDecoded) {
  const fs::path file = fs::path(PYDICOM_TEST_FILES).parent_path() / "charset_files" / "chrH32.dcm";
  if (!fs::exists(file)) GTEST_SKIP() << "python3-pydicom's charset files are not installed";
  const imaging::DumpedFile dumped = imaging::dumpFile(file);
  const auto* name = find(dumped.dataset, "(0010,0010)");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->value.find('?'), std::string::npos) << name->value;
  EXPECT_NE(name->value.find("\xE5\xB1\xB1\xE7\x94\xB0"), std::string::npos) << name->value;  // 山田
}
