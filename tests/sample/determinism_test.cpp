#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "sample_support.h"

using namespace sample_test;

class EveryVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryVariant, TwoRunsWriteIdenticalBytes) {
  const std::string variant = GetParam();
  const Generated first = generate(variant, variant + "-determinism-1");
  const Generated second = generate(variant, variant + "-determinism-2");
  const auto files = first.files();
  ASSERT_FALSE(files.empty());
  ASSERT_EQ(files, second.files());
  for (const auto& file : files)
    EXPECT_EQ(readBytes(first.root / file), readBytes(second.root / file)) << file;
  EXPECT_EQ(readBytes(first.manifestPath), readBytes(second.manifestPath));
}

TEST_P(EveryVariant, EveryIntactFileParsesAndEveryBrokenOneFails) {
  const Generated g = generate(GetParam(), GetParam() + "-parse");
  for (const auto& file : g.dicomFiles()) EXPECT_NE(load(g.root / file), nullptr) << file;
  for (const char* key : {"truncated_files", "corrupt_files"})
    for (const auto& file : g.listed(key)) {
      ASSERT_TRUE(fs::exists(g.root / file)) << file;
      EXPECT_EQ(load(g.root / file), nullptr) << file;
    }
  for (const auto& file : g.listed("non_dicom_files")) EXPECT_TRUE(fs::exists(g.root / file)) << file;
  for (const auto& file : g.listed("missing_dicomdir_references")) EXPECT_FALSE(fs::exists(g.root / file)) << file;
}

TEST_P(EveryVariant, ManifestCountsMatchTheFilesOnDisk) {
  const Generated g = generate(GetParam(), GetParam() + "-counts");
  std::map<std::string, int> perSeries;
  for (const auto& file : g.dicomFiles()) {
    auto dicom = load(g.root / file);
    ASSERT_NE(dicom, nullptr) << file;
    const std::string series = stringOf(*dicom->getDataset(), DCM_SeriesInstanceUID);
    if (!series.empty()) ++perSeries[series];  // the DICOMDIR has none
  }
  std::set<std::string> uids;
  for (const auto& u : g.manifest.at("uids")) uids.insert(u.get<std::string>());
  ASSERT_EQ(perSeries.size(), g.manifest.at("series").size());
  for (const auto& s : g.manifest.at("series")) {
    const std::string uid = s.at("series_instance_uid");
    EXPECT_EQ(perSeries[uid], s.at("instances").get<int>()) << uid;
    EXPECT_TRUE(uids.count(uid)) << uid;
  }
}

TEST_P(EveryVariant, EveryUidInTheFilesIsDeclaredAndWellFormed) {
  const Generated g = generate(GetParam(), GetParam() + "-uids");
  std::set<std::string> declared;
  for (const auto& u : g.manifest.at("uids")) declared.insert(u.get<std::string>());
  for (const auto& uid : declared) {
    EXPECT_LE(uid.size(), 64u);
    EXPECT_EQ(uid.find_first_not_of("0123456789."), std::string::npos) << uid;
  }
  for (const auto& file : g.dicomFiles()) {
    auto dicom = load(g.root / file);
    ASSERT_NE(dicom, nullptr);
    DcmDataset& data = *dicom->getDataset();
    for (const DcmTagKey& tag : {DCM_SOPInstanceUID, DCM_StudyInstanceUID, DCM_SeriesInstanceUID, DCM_FrameOfReferenceUID}) {
      const std::string value = stringOf(data, tag);
      if (!value.empty()) {
        EXPECT_TRUE(declared.count(value)) << file << " " << value;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, EveryVariant,
                         ::testing::Values("demo", "multi-charset", "bench-large", "bench-small"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

TEST(CommandLine, RefusesAFolderThatIsNotEmpty) {
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "sample" / "not-empty";
  fs::create_directories(dir);
  std::ofstream(dir / "something") << "x";
  EXPECT_EQ(runGenerator("--variant demo --out \"" + dir.string() + "\""), 2);
  EXPECT_EQ(readBytes(dir / "something"), "x");
}

TEST(CommandLine, RefusesAManifestInsideTheMedia) {
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "sample" / "manifest-inside";
  fs::remove_all(dir);
  EXPECT_EQ(runGenerator("--variant demo --out \"" + dir.string() + "\" --manifest \"" + (dir / "m.json").string() + "\""), 2);
  EXPECT_FALSE(fs::exists(dir / "m.json"));
}

TEST(CommandLine, RefusesAnUnknownVariant) {
  const fs::path dir = fs::path(SCANSHARE_TEST_WORK_DIR) / "sample" / "unknown";
  fs::remove_all(dir);
  EXPECT_EQ(runGenerator("--variant floppy --out \"" + dir.string() + "\""), 2);
  EXPECT_FALSE(fs::exists(dir / "DICOMDIR"));
}

TEST(CommandLine, CountAndSizeShapeTheBenchMedia) {
  const Generated g = generate("bench-large", "bench-shape");
  int images = 0;
  for (const auto& s : g.manifest.at("series")) {
    images += s.at("instances").get<int>();
    EXPECT_EQ(s.at("rows").get<int>(), 96);
    EXPECT_EQ(s.at("columns").get<int>(), 96);
  }
  EXPECT_EQ(images, 12);
}
