// End to end: identity the files hide (a NUL-padded name) or do not hold at all (a nickname only
// the CD's DICOMDIR gives) is harvested by the scan, scrubbed from free text by anonymize, and
// verify --against agrees that the export is clean.
#include <gtest/gtest.h>
#include <unistd.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <fstream>

#include "files.h"
#include "run.h"

namespace fs = std::filesystem;
using scanshare_test::quoted;
using scanshare_test::readAll;

namespace {

const fs::path kWork = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-harvest-identity-" + std::to_string(::getpid()));

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct Image {
  std::string patient_name, patient_id, study_description, comments, sop_uid;
};

void writeImage(const fs::path& path, const Image& image) {
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, image.sop_uid.c_str());
  ds.putAndInsertString(DCM_Modality, "MR");
  ds.putAndInsertString(DCM_StudyDate, "20240102");
  ds.putAndInsertString(DCM_StudyDescription, image.study_description.c_str());
  ds.putAndInsertOFStringArray(DCM_PatientName, OFString(image.patient_name.data(), image.patient_name.size()));
  ds.putAndInsertString(DCM_PatientID, image.patient_id.c_str());
  ds.putAndInsertString(DCM_PatientBirthDate, "19610314");
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.8.498.77");
  ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.8.498.77.1");
  ds.putAndInsertString(DCM_SeriesNumber, "1");
  ds.putAndInsertString(DCM_InstanceNumber, "1");
  ds.putAndInsertString(DCM_ImageComments, image.comments.c_str());
  ds.putAndInsertUint16(DCM_Rows, 4);
  ds.putAndInsertUint16(DCM_Columns, 4);
  ds.putAndInsertUint16(DCM_BitsAllocated, 8);
  ds.putAndInsertUint16(DCM_BitsStored, 8);
  ds.putAndInsertUint16(DCM_HighBit, 7);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  const Uint8 pixels[16] = {};
  ds.putAndInsertUint8Array(DCM_PixelData, pixels, sizeof pixels);
  fs::create_directories(path.parent_path());
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
}

struct Exported {
  int anonymize_rc = -1, verify_rc = -1;
  std::string log, verify_log, bytes;  // bytes: every output file, lower case
};

Exported anonymizeAndVerify(const fs::path& input, const std::string& name) {
  Exported e;
  const fs::path out = kWork / (name + "-out");
  const fs::path key = kWork / "key";
  if (!fs::exists(key)) std::ofstream(key, std::ios::binary) << std::string(32, 'k');
  const std::string cli = quoted(SCANSHARE_CLI);
  const auto anonymized = scanshare_test::run(cli + " anonymize " + quoted(input.string()) + " -o " + quoted(out.string()) +
                                                  " --key " + quoted(key.string()),
                                              true);
  e.anonymize_rc = anonymized.exit_code;
  e.log = anonymized.out;
  const auto verified = scanshare_test::run(cli + " verify " + quoted(out.string()) + " --against " +
                                                quoted(input.string()) + " --key " + quoted(key.string()),
                                            true);
  e.verify_rc = verified.exit_code;
  e.verify_log = verified.out;
  for (const auto& f : scanshare_test::regularFilesUnder(out)) e.bytes += lower(readAll(f)) + '\n';
  return e;
}

class HarvestIdentityE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kWork);
    fs::create_directories(kWork);
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(kWork, ignored);
  }
};

}  // namespace

// Red team B F2 / A F8: the CD's DICOMDIR calls the patient "Sparrow"; no image does, yet a comment
// says "ask for sparrow". The nickname is the patient's identifier: removed, and verify clean.
TEST_F(HarvestIdentityE2E, NameOnlyTheDicomdirHoldsIsScrubbedFromComments) {
  const fs::path cd = kWork / "cd";
  writeImage(cd / "IMAGES" / "IM00001", {"QUILLFEATHER^Ottoline", "MRN-48213377", "MR KNEE",
                                          "ask for sparrow at the desk", "1.2.826.0.1.3680043.8.498.77.1.1"});
  {
    DcmDicomDir dicomdir((cd / "DICOMDIR").c_str(), "CD");
    auto* patient = new DcmDirectoryRecord(ERT_Patient, nullptr, OFFilename());
    patient->putAndInsertString(DCM_PatientName, "QUILLFEATHER^Sparrow");
    patient->putAndInsertString(DCM_PatientID, "MRN-48213377");
    ASSERT_TRUE(dicomdir.getRootRecord().insertSub(patient).good());
    auto* study = new DcmDirectoryRecord(ERT_Study, nullptr, OFFilename());
    study->putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.8.498.77");
    ASSERT_TRUE(patient->insertSub(study).good());
    auto* series = new DcmDirectoryRecord(ERT_Series, nullptr, OFFilename());
    series->putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.8.498.77.1");
    ASSERT_TRUE(study->insertSub(series).good());
    auto* image = new DcmDirectoryRecord(ERT_Image, nullptr, OFFilename());
    image->putAndInsertString(DCM_ReferencedFileID, "IMAGES\\IM00001");
    ASSERT_TRUE(series->insertSub(image).good());
    ASSERT_TRUE(dicomdir.write(EXS_LittleEndianExplicit, EET_UndefinedLength, EGL_withoutGL).good());
  }
  const Exported e = anonymizeAndVerify(cd, "dicomdir");
  ASSERT_EQ(e.anonymize_rc, 0) << e.log;
  EXPECT_NE(e.bytes.find("ask for [removed] at the desk"), std::string::npos) << "the comment is kept, scrubbed";
  EXPECT_EQ(e.bytes.find("sparrow"), std::string::npos);
  EXPECT_EQ(e.verify_rc, 0) << e.verify_log;
}

// Red team B F9: "MARTIN\0\0" was harvested with its NULs, so "MARTIN" stayed in the description.
TEST_F(HarvestIdentityE2E, NulPaddedNameIsScrubbedFromDescriptions) {
  const fs::path in = kWork / "nul";
  writeImage(in / "IMG1", {"MARTIN##", "55501234", "CT CHEST LOW DOSE MARTIN", "seen by martin",
                           "1.2.826.0.1.3680043.8.498.77.1.2"});
  std::string bytes = readAll(in / "IMG1");
  std::replace(bytes.begin(), bytes.end(), '#', '\0');
  scanshare_test::writeAll(in / "IMG1", bytes);
  const Exported e = anonymizeAndVerify(in, "nul");
  ASSERT_EQ(e.anonymize_rc, 0) << e.log;
  EXPECT_NE(e.bytes.find("ct chest low dose [removed]"), std::string::npos);
  EXPECT_EQ(e.bytes.find("martin"), std::string::npos);
  EXPECT_EQ(e.verify_rc, 0) << e.verify_log;
}
