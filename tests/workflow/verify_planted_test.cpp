// Red team 2026-12-06 (F1, F2, F3, F5): verify ran the engine's own matcher, so what the scrubber
// missed verify missed too, and CS/IS/DS values and binary data were searched for exact words only.
// Each way of typing the identity is planted into a clean export here, one at a time; verify's own
// search must report it where it stands.
#include <gtest/gtest.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <functional>

#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/workflow/verify.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;

namespace {

void putAndSave(const fs::path& file, const std::function<void(DcmDataset&)>& change) {
  DcmFileFormat f;
  ASSERT_TRUE(f.loadFile(file.c_str()).good());
  f.loadAllDataIntoMemory();
  change(*f.getDataset());
  ASSERT_TRUE(f.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
}

// Two patients: an ASCII name with an MRN, birth date and phone; an accented one in UTF-8.
fs::path makeInput(const std::string& name) {
  const fs::path root = export_fixtures::freshDir(name) / "in";
  export_fixtures::Spec a;
  a.patient_name = "QUILLFEATHER^Ottoline^Marisol";
  a.patient_id = "MRN-48213377";
  a.birth_date = "19610314";
  export_fixtures::write(root / "a" / "img1", a);
  putAndSave(root / "a" / "img1", [](DcmDataset& ds) { ds.putAndInsertString(DCM_PatientTelephoneNumbers, "0161 496 0732"); });
  export_fixtures::Spec b;
  b.patient_id = "GM-5521";
  b.birth_date = "19480602";
  b.study_uid = "1.2.826.0.1.3680043.8.498.8101";
  b.series_uid = b.study_uid + ".1";
  b.sop_uid = b.series_uid + ".1";
  export_fixtures::write(root / "b" / "img1", b);
  putAndSave(root / "b" / "img1", [](DcmDataset& ds) {
    ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    ds.putAndInsertString(DCM_PatientName, "MÜLLER^Anke");
  });
  return root;
}

struct Planted {
  fs::path in, out;
  fs::path file;  // one exported image
  imaging::VerifyOptions options;
};

const Planted& planted() {
  static const Planted p = [] {
    Planted p;
    // A folder per test: ctest runs each test in its own process, in parallel.
    p.in = makeInput(std::string("verify_planted_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    p.out = p.in.parent_path() / "out";
    imaging::AnonymizeOptions o;
    o.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
    imaging::AnonymizeJob(imaging::scan(p.in), o).run(p.out);
    p.file = p.out / "DICOM/P0000001/S0000001/E0000001/I0000001";
    p.options.against = p.in;
    p.options.key = workflow_fixture::testKey();
    return p;
  }();
  return p;
}

// Plants into the exported image, verifies, puts the image back; the findings of that kind whose
// location ends with `where`.
std::size_t findingsAfter(const std::function<void(DcmDataset&)>& plant, imaging::FindingKind kind,
                          const std::string& where) {
  const Planted& p = planted();
  const std::string original = export_fixtures::readAll(p.file);
  putAndSave(p.file, plant);
  const auto r = imaging::verify(p.out, p.options);
  std::ofstream(p.file, std::ios::binary | std::ios::trunc) << original;
  std::size_t n = 0;
  for (const auto& f : r.findings) {
    if (f.kind != kind) continue;
    const bool at = f.location.size() >= where.size() && f.location.compare(f.location.size() - where.size(), where.size(), where) == 0;
    n += at ? 1 : 0;
  }
  return n;
}

std::size_t valueFindings(const DcmTagKey& tag, const char* value, const std::string& where) {
  return findingsAfter([&](DcmDataset& ds) { ds.putAndInsertString(tag, value); },
                       imaging::FindingKind::IdentifierInValue, where);
}

}  // namespace

TEST(VerifyPlanted, TheCleanExportHasNoFindings) {
  const auto r = imaging::verify(planted().out, planted().options);
  for (const auto& f : r.findings) ADD_FAILURE() << imaging::toString(f.kind) << " " << f.location << " " << f.detail;
}

TEST(VerifyPlanted, NamesTypedApartGluedOrWithoutAccentsInText) {
  EXPECT_EQ(valueFindings(DCM_ImageComments, "seen Quill Feather today", "(0020,4000)"), 1u);
  EXPECT_EQ(valueFindings(DCM_ImageComments, "Q U I L L F E A T H E R", "(0020,4000)"), 1u);
  EXPECT_EQ(valueFindings(DCM_SeriesDescription, "muller knee", "(0008,103E)"), 1u);
  EXPECT_EQ(valueFindings(DCM_StudyDescription, "KneeAnke", "(0008,1030)"), 1u);
  EXPECT_EQ(valueFindings(DCM_SoftwareVersions, "OttolineQuillfeather", "(0018,1020)"), 1u);
  EXPECT_EQ(valueFindings(DCM_SequenceName, "QuillfeatherO", "(0018,0024)"), 1u);
  EXPECT_EQ(valueFindings(DCM_WindowCenterWidthExplanation, "QUILLFEATHERMRN", "(0028,1055)"), 1u);
}

TEST(VerifyPlanted, CodesNumbersAndUrls) {
  EXPECT_EQ(valueFindings(DCM_PixelDataProviderURL, "http://x/QuillfeatherOttoline", "(0028,7FE0)"), 1u);
  EXPECT_EQ(valueFindings(DCM_ImageType, "ORIGINAL\\PRIMARY\\MRN48213377", "(0008,0008)"), 1u);
  EXPECT_EQ(valueFindings(DCM_ScanOptions, "Q U I L L F E A T H E R", "(0018,0022)"), 1u);
  EXPECT_EQ(valueFindings(DCM_AcquisitionNumber, "48213377", "(0020,0012)"), 1u);
  EXPECT_EQ(valueFindings(DCM_SliceThickness, "19610314", "(0018,0050)"), 1u);
  EXPECT_EQ(valueFindings(DCM_XRayTubeCurrent, "4960732", "(0018,1151)"), 1u);
  const auto nested = [](DcmDataset& ds) {
    DcmItem* item = nullptr;
    ds.findOrCreateSequenceItem(DCM_AnatomicRegionSequence, item, -2);
    item->putAndInsertString(DCM_ImageLaterality, "QUILLFEATHER");
  };
  EXPECT_EQ(findingsAfter(nested, imaging::FindingKind::IdentifierInValue, "(0008,2218)[0].(0020,0062)"), 1u);
  // Guard: ordinary numbers and codes are not findings.
  EXPECT_EQ(valueFindings(DCM_AcquisitionNumber, "4821", "(0020,0012)"), 0u);
  EXPECT_EQ(valueFindings(DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL", "(0008,0008)"), 0u);
}

TEST(VerifyPlanted, BinaryValuesInLatin1AndUtf16) {
  const auto plantBytes = [](const std::string& bytes) {
    return [bytes](DcmDataset& ds) {
      ASSERT_TRUE(ds.putAndInsertString(DcmTag(0x0009, 0x0010, EVR_LO), "RED TEAM").good());
      auto* blob = new DcmOtherByteOtherWord(DcmTag(0x0009, 0x1001, EVR_OB));
      ASSERT_TRUE(blob->putUint8Array(reinterpret_cast<const Uint8*>(bytes.data()),
                                      static_cast<unsigned long>(bytes.size())).good());
      ASSERT_TRUE(ds.insert(blob, true).good());
    };
  };
  std::string utf16;
  for (char c : std::string("by Quill Feather")) utf16 += std::string(1, c) + '\0';
  EXPECT_EQ(findingsAfter(plantBytes(utf16), imaging::FindingKind::IdentifierInBytes, "(0009,1001)"), 1u);
  EXPECT_EQ(findingsAfter(plantBytes(std::string("\x01\x02pt MULLER\x00\x03", 13)),
                          imaging::FindingKind::IdentifierInBytes, "(0009,1001)"), 1u);
  EXPECT_EQ(findingsAfter(plantBytes(std::string("\x01\x02 knee \x00\x03", 10)),
                          imaging::FindingKind::IdentifierInBytes, "(0009,1001)"), 0u);
}

// Red team C, C6 (2026-12-06): a UTF-16BE name in Waveform Data (samples, not read as a value)
// passed; the whole-file search holds every identifier in UTF-16 of both byte orders too.
TEST(VerifyPlanted, Utf16InSamplesIsFoundInEitherByteOrder) {
  for (const bool big_endian : {false, true}) {
    std::string samples(64, '\x81');
    for (char c : std::string("Quillfeather")) samples += big_endian ? std::string(1, '\0') + c : std::string(1, c) + '\0';
    samples += std::string(64, '\x82');
    const auto plant = [&samples](DcmDataset& ds) {
      auto* waveform = new DcmOtherByteOtherWord(DcmTag(DCM_WaveformData, EVR_OB));
      ASSERT_TRUE(waveform->putUint8Array(reinterpret_cast<const Uint8*>(samples.data()),
                                          static_cast<unsigned long>(samples.size())).good());
      ASSERT_TRUE(ds.insert(waveform, true).good());
    };
    EXPECT_GE(findingsAfter(plant, imaging::FindingKind::IdentifierInBytes, "I0000001"), 1u) << (big_endian ? "BE" : "LE");
  }
}
