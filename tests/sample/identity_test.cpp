#include <gtest/gtest.h>

#include <map>

#include "sample_support.h"

using namespace sample_test;

namespace {

// The bytes of every intact DICOM file, grouped by PatientID (IDs are ASCII in every variant).
std::map<std::string, std::string> bytesByPatient(const Generated& g, std::map<std::string, std::set<std::string>>& charsets) {
  std::map<std::string, std::string> out;
  for (const auto& f : g.dicomFiles()) {
    auto dicom = load(g.root / f);
    if (!dicom) continue;
    const std::string id = stringOf(*dicom->getDataset(), DCM_PatientID);
    if (id.empty()) continue;  // DICOMDIR
    charsets[id].insert(stringOf(*dicom->getDataset(), DCM_SpecificCharacterSet));
    out[id] += readBytes(g.root / f);
  }
  return out;
}

void expectPlantedIdentity(const std::string& variant) {
  const Generated g = generate(variant, variant + "-identity");
  std::map<std::string, std::set<std::string>> charsets;
  const auto bytes = bytesByPatient(g, charsets);
  ASSERT_EQ(bytes.size(), g.manifest.at("patients").size());
  for (const auto& patient : g.manifest.at("patients")) {
    const std::string id = patient.at("id");
    const std::string charset = patient.at("charset");
    SCOPED_TRACE(id);
    ASSERT_TRUE(bytes.count(id));
    EXPECT_EQ(charsets[id], std::set<std::string>{charset});
    const auto& planted = patient.at("planted");
    EXPECT_GE(planted.size(), 20u);
    for (const auto& value : planted) {
      const std::string utf8 = value;
      const std::string encoded = encodeWithIconv(charset, utf8);
      EXPECT_NE(bytes.at(id).find(encoded), std::string::npos) << "not planted: " << utf8;
      // Outside UTF-8, non-ASCII text must be stored in the declared set, not as UTF-8.
      if (charset != "ISO_IR 192" && encoded != utf8) {
        EXPECT_EQ(bytes.at(id).find(utf8), std::string::npos) << "stored as UTF-8: " << utf8;
      }
    }
  }
}

}  // namespace

TEST(Identity, DemoPlantsEveryDeclaredValueInItsCharacterSet) { expectPlantedIdentity("demo"); }
TEST(Identity, MultiCharsetPlantsEveryDeclaredValueInItsCharacterSet) { expectPlantedIdentity("multi-charset"); }
TEST(Identity, BenchPlantsEveryDeclaredValue) { expectPlantedIdentity("bench-small"); }

TEST(Identity, DcmtkDecodesTheNamesToTheManifestsUtf8) {
  const Generated g = generate("multi-charset", "multi-decode");
  std::map<std::string, std::string> nameById;
  for (const auto& p : g.manifest.at("patients")) nameById[p.at("id")] = p.at("name");
  std::set<std::string> seen;
  for (const auto& f : g.dicomFiles()) {
    auto dicom = load(g.root / f);
    ASSERT_NE(dicom, nullptr);
    DcmDataset& data = *dicom->getDataset();
    const std::string id = stringOf(data, DCM_PatientID);
    if (id.empty() || seen.count(id)) continue;
    ASSERT_TRUE(data.convertToUTF8().good()) << f;
    EXPECT_EQ(stringOf(data, DCM_PatientName), nameById.at(id)) << f;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 3u);
  std::set<std::string> charsets;
  for (const auto& p : g.manifest.at("patients")) charsets.insert(p.at("charset"));
  EXPECT_EQ(charsets, (std::set<std::string>{"ISO_IR 100", "ISO_IR 144", "ISO_IR 192"}));
}

TEST(Identity, DemoSecondPatientUsesLatin1AndAccents) {
  const Generated g = generate("demo", "demo-latin1");
  ASSERT_EQ(g.manifest.at("patients").size(), 2u);
  const auto& second = g.manifest.at("patients").at(1);
  EXPECT_EQ(second.at("charset"), "ISO_IR 100");
  const std::string name = second.at("name");
  EXPECT_TRUE(std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
}
