#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "sample_support.h"

using namespace sample_test;

namespace {

struct DicomdirContent {
  std::set<std::string> files;        // referenced files, relative to the DICOMDIR's folder
  std::multiset<std::string> recordTypes;
};

DicomdirContent readDicomdir(const fs::path& dicomdir) {
  DicomdirContent out;
  auto file = load(dicomdir);
  EXPECT_NE(file, nullptr) << dicomdir;
  if (!file) return out;
  EXPECT_EQ(stringOf(*file->getMetaInfo(), DCM_MediaStorageSOPClassUID), UID_MediaStorageDirectoryStorage);
  DcmSequenceOfItems* records = nullptr;
  EXPECT_TRUE(file->getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).good());
  for (unsigned long i = 0; records && i < records->card(); ++i) {
    DcmItem* record = records->getItem(i);
    out.recordTypes.insert(stringOf(*record, DCM_DirectoryRecordType));
    std::string id = stringOf(*record, DCM_ReferencedFileID);
    std::replace(id.begin(), id.end(), '\\', '/');
    if (!id.empty()) out.files.insert(id);
  }
  return out;
}

}  // namespace

TEST(DemoMedia, DicomdirListsEveryDicomFileIncludingReportAndScannedForm) {
  const Generated g = generate("demo", "demo-dicomdir");
  const DicomdirContent dicomdir = readDicomdir(g.root / "DICOMDIR");
  std::set<std::string> onDisk;
  for (const auto& f : g.dicomFiles())
    if (f != "DICOMDIR") onDisk.insert(f);
  EXPECT_EQ(dicomdir.files, onDisk);
  EXPECT_EQ(dicomdir.recordTypes.count("PATIENT"), 2u);
  EXPECT_EQ(dicomdir.recordTypes.count("SR DOCUMENT"), 1u);
  for (const auto& sr : g.listed("sr_files")) EXPECT_TRUE(dicomdir.files.count(sr)) << sr;
  for (const auto& sc : g.listed("burned_in_files")) EXPECT_TRUE(dicomdir.files.count(sc)) << sc;
}

TEST(DemoMedia, FilesLookLikeACdFromAHospital) {
  const Generated g = generate("demo", "demo-layout");
  for (const auto& f : g.dicomFiles()) {
    if (f == "DICOMDIR") continue;
    ASSERT_EQ(f.rfind("DICOM/", 0), 0u) << f;
    const std::string name = fs::path(f).filename().string();
    EXPECT_LE(name.size(), 8u) << f;
    EXPECT_EQ(name.find('.'), std::string::npos) << f;
    EXPECT_EQ(f.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/"), std::string::npos) << f;
  }
  const auto junk = g.listed("non_dicom_files");
  EXPECT_TRUE(junk.count("AUTORUN.INF"));
  EXPECT_TRUE(junk.count("README.TXT"));
  EXPECT_TRUE(std::any_of(junk.begin(), junk.end(), [](const std::string& f) { return f.rfind("VIEWER/", 0) == 0; }));
  const std::string patientName = g.manifest.at("patients").at(0).at("planted").at(0);
  EXPECT_NE(readBytes(g.root / "README.TXT").find(patientName), std::string::npos);
  EXPECT_EQ(readBytes(g.root / "VIEWER/VIEWER.EXE").substr(0, 2), "MZ");
}

TEST(DemoMedia, ReportHasPersonNameTextDateAndObserver) {
  const Generated g = generate("demo", "demo-sr");
  ASSERT_EQ(g.manifest.at("sr_files").size(), 1u);
  auto sr = load(g.root / g.manifest.at("sr_files").at(0).get<std::string>());
  ASSERT_NE(sr, nullptr);
  DcmDataset& data = *sr->getDataset();
  EXPECT_EQ(stringOf(data, DCM_SOPClassUID), UID_BasicTextSRStorage);
  DcmSequenceOfItems* content = nullptr;
  ASSERT_TRUE(data.findAndGetSequence(DCM_ContentSequence, content).good());
  std::map<std::string, std::string> valueByType;
  for (unsigned long i = 0; i < content->card(); ++i) {
    DcmItem& item = *content->getItem(i);
    const std::string type = stringOf(item, DCM_ValueType);
    const std::string value = type == "PNAME" ? stringOf(item, DCM_PersonName)
                              : type == "DATE" ? stringOf(item, DCM_Date)
                                               : stringOf(item, DCM_TextValue);
    valueByType[type] += value + "|";
  }
  const auto& patient = g.manifest.at("patients").at(0);
  const std::string family = patient.at("planted").at(0);
  EXPECT_FALSE(valueByType["PNAME"].empty());
  EXPECT_NE(valueByType["TEXT"].find(family), std::string::npos);
  EXPECT_NE(valueByType["TEXT"].find(patient.at("birth_date").get<std::string>().substr(0, 4)), std::string::npos);
  EXPECT_FALSE(valueByType["DATE"].empty());
  DcmItem* observer = nullptr;
  EXPECT_TRUE(data.findAndGetSequenceItem(DCM_VerifyingObserverSequence, observer).good());
}

TEST(DemoMedia, ScannedFormHasBurnedInTextInItsPixels) {
  const Generated g = generate("demo", "demo-sc");
  ASSERT_EQ(g.manifest.at("burned_in_files").size(), 1u);
  auto sc = load(g.root / g.manifest.at("burned_in_files").at(0).get<std::string>());
  ASSERT_NE(sc, nullptr);
  DcmDataset& data = *sc->getDataset();
  EXPECT_EQ(stringOf(data, DCM_BurnedInAnnotation), "YES");
  const Uint8* pixels = nullptr;
  unsigned long count = 0;
  ASSERT_TRUE(data.findAndGetUint8Array(DCM_PixelData, pixels, &count).good());
  const auto ink = std::count_if(pixels, pixels + count, [](Uint8 p) { return p < 100; });
  EXPECT_GT(ink, 2000);              // text strokes
  EXPECT_GT(count - ink, count / 2);  // mostly paper
}

TEST(DemoMedia, ImagesCarryVendorGroupOverlayAndCrossReferences) {
  const Generated g = generate("demo", "demo-extras");
  std::map<std::string, std::string> seriesOfInstance;
  std::vector<std::pair<std::string, std::string>> references;  // (series of referrer, referenced instance)
  int withPrivateName = 0, withOverlayLabel = 0;
  for (const auto& f : g.dicomFiles()) {
    auto dicom = load(g.root / f);
    ASSERT_NE(dicom, nullptr);
    DcmDataset& data = *dicom->getDataset();
    const std::string series = stringOf(data, DCM_SeriesInstanceUID);
    seriesOfInstance[stringOf(data, DCM_SOPInstanceUID)] = series;
    if (stringOf(data, DcmTagKey(0x0029, 0x0010)) == "ACME MR 1.0" &&
        stringOf(data, DcmTagKey(0x0029, 0x1008)) == stringOf(data, DCM_PatientName))
      ++withPrivateName;
    if (!stringOf(data, DcmTagKey(0x6000, 0x1500)).empty() && data.tagExists(DcmTagKey(0x6000, 0x3000)))
      ++withOverlayLabel;
    DcmSequenceOfItems* refs = nullptr;
    if (data.findAndGetSequence(DCM_ReferencedImageSequence, refs).good() && refs)
      for (unsigned long i = 0; i < refs->card(); ++i)
        references.emplace_back(series, stringOf(*refs->getItem(i), DCM_ReferencedSOPInstanceUID));
  }
  EXPECT_GE(withPrivateName, 72);
  EXPECT_GE(withOverlayLabel, 1);
  ASSERT_FALSE(references.empty());
  for (const auto& [series, instance] : references) {
    ASSERT_TRUE(seriesOfInstance.count(instance)) << "dangling reference " << instance;
    EXPECT_NE(seriesOfInstance[instance], series);
  }
}

TEST(MultiCharsetMedia, NestedLowercaseDicomdirIsIncompleteAndPointsAtAMissingFile) {
  const Generated g = generate("multi-charset", "multi-dicomdir");
  const fs::path dicomdir = g.root / "disk/sub/dicomdir";
  ASSERT_TRUE(fs::exists(dicomdir));
  const DicomdirContent content = readDicomdir(dicomdir);
  std::set<std::string> listedFromRoot;
  for (const auto& f : content.files) listedFromRoot.insert("disk/sub/" + f);
  const auto missing = g.listed("missing_dicomdir_references");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_TRUE(listedFromRoot.count(*missing.begin()));
  int unlisted = 0;
  for (const auto& f : g.dicomFiles())
    if (f != "disk/sub/dicomdir" && !listedFromRoot.count(f)) ++unlisted;
  EXPECT_GE(unlisted, 2);
  EXPECT_FALSE(g.listed("truncated_files").empty());
  EXPECT_FALSE(g.listed("corrupt_files").empty());
  EXPECT_GE(g.listed("non_dicom_files").size(), 3u);
  bool hasEmpty = false;
  for (const auto& f : g.listed("non_dicom_files")) hasEmpty |= fs::file_size(g.root / f) == 0;
  EXPECT_TRUE(hasEmpty);
}
