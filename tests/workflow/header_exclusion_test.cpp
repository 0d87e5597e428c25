// The export leaves out, with a typed reason, what the scan's header facts mark: a colour CT
// (a workstation screenshot, red team D, D1) and a voice recording (D7); an ordinary CT of the
// same study is exported. The facts come from the scan (Photometric Interpretation included), so
// the plan decides before the engine reads the file.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <gtest/gtest.h>

#include <vector>

#include "export_fixtures.h"
#include "imaging/media/scan.h"
#include "imaging/workflow/anonymize.h"
#include "workflow_fixture.h"

namespace fs = std::filesystem;
using Status = imaging::InstanceOutcome::Status;

namespace {

// A fixture image of patient A, then changed by `edit`.
template <class Edit>
void writeEdited(const fs::path& path, const std::string& suffix, int series_number, Edit edit) {
  export_fixtures::Spec spec;
  spec.series_uid += "." + suffix;
  spec.sop_uid += "." + suffix;
  spec.series_number = series_number;
  spec.modality = "CT";
  spec.sop_class_uid = UID_CTImageStorage;
  export_fixtures::write(path, spec);
  DcmFileFormat file;
  ASSERT_TRUE(file.loadFile(path.c_str()).good());
  file.loadAllDataIntoMemory();
  edit(*file.getDataset());
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
}

const imaging::FileResult& resultFor(const imaging::AnonymizeResult& r, const std::string& input) {
  for (const auto& f : r.files)
    if (f.input_relative == input) return f;
  throw std::runtime_error("no result for " + input);
}

}  // namespace

TEST(HeaderExclusion, ScreenshotInACtClassAndAudioAreLeftOutWithTheirReasons) {
  const fs::path root = export_fixtures::freshDir("header_exclusion") / "in";
  writeEdited(root / "ct", "1", 1, [](DcmDataset&) {});
  writeEdited(root / "fusion", "2", 2, [](DcmDataset& d) {
    d.putAndInsertString(DCM_ImageType, "DERIVED\\SECONDARY\\FUSION");
    d.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
    d.putAndInsertUint16(DCM_SamplesPerPixel, 3);
    d.putAndInsertUint16(DCM_PlanarConfiguration, 0);
    d.putAndInsertUint16(DCM_BitsAllocated, 8);
    d.putAndInsertUint16(DCM_BitsStored, 8);
    d.putAndInsertUint16(DCM_HighBit, 7);
    const std::vector<Uint8> pixels(16 * 16 * 3, 0x80);
    d.putAndInsertUint8Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  });
  writeEdited(root / "voice", "3", 3, [](DcmDataset& d) {
    for (const DcmTagKey& tag : {DCM_PixelData, DCM_Rows, DCM_Columns, DCM_BitsAllocated, DCM_BitsStored, DCM_HighBit,
                                 DCM_PixelRepresentation, DCM_SamplesPerPixel, DCM_PhotometricInterpretation})
      delete d.remove(tag);
    d.putAndInsertString(DCM_SOPClassUID, UID_BasicVoiceAudioWaveformStorage);
    d.putAndInsertString(DCM_Modality, "AU");
  });

  const imaging::Inventory inventory = imaging::scan(root);
  imaging::AnonymizeOptions options;
  options.deid = imaging::makeDeidConfig(workflow_fixture::testKey(), imaging::Profile::defaultProfile());
  const auto r = imaging::AnonymizeJob(inventory, options).run(root.parent_path() / "out");

  EXPECT_EQ(resultFor(r, "ct").status, Status::Kept) << resultFor(r, "ct").reason;
  const imaging::FileResult& fusion = resultFor(r, "fusion");
  EXPECT_EQ(fusion.status, Status::Excluded);
  EXPECT_EQ(fusion.code, imaging::OutcomeCode::BurnedInLikely);
  EXPECT_TRUE(fusion.burned_in) << "the CLI warns about it as a burned-in candidate";
  const imaging::FileResult& voice = resultFor(r, "voice");
  EXPECT_EQ(voice.status, Status::Excluded);
  EXPECT_EQ(voice.code, imaging::OutcomeCode::AudioNotCheckable);
  EXPECT_FALSE(voice.burned_in);
  EXPECT_EQ(r.kept, 1u);
  EXPECT_EQ(r.excluded, 2u);
  EXPECT_FALSE(r.hadProblems()) << "exclusions by policy are not problems";
  EXPECT_NE(export_fixtures::readAll(r.report_json).find("\"audio-not-checkable\""), std::string::npos);

  // --include-burned-in sends the screenshot as it is, never the recording.
  options.deid.include_burned_in = true;
  const auto included = imaging::AnonymizeJob(inventory, options).run(root.parent_path() / "out_included");
  EXPECT_EQ(resultFor(included, "fusion").status, Status::Kept);
  EXPECT_EQ(resultFor(included, "voice").code, imaging::OutcomeCode::AudioNotCheckable);
}
