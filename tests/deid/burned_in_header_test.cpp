// The header rules for burned-in text: a screen capture or a colour image stored under a grayscale
// class (CT, MR, PET, DX, ...) is a burned-in candidate like a secondary capture (red team D, D1),
// and each exclusion names the rule that fired (red team C, C7: slide labels were called
// "secondary capture").
#include <gtest/gtest.h>

#include <vector>

#include "burned_in.h"
#include "fixtures.h"

using namespace deidtest;
using imaging::ExclusionCause;
using imaging::InstanceOutcome;
using imaging::OutcomeCode;
using imaging::Profile;

namespace {

constexpr const char* kCtClass = "1.2.840.10008.5.1.4.1.1.2";
constexpr const char* kPetClass = "1.2.840.10008.5.1.4.1.1.128";
constexpr const char* kDxClass = "1.2.840.10008.5.1.4.1.1.1.1";
constexpr const char* kEnhancedMrColourClass = "1.2.840.10008.5.1.4.1.1.4.3";

struct Header {
  const char* sop_class;
  const char* image_type;
  const char* photometric;
};

std::optional<imaging::Exclusion> reasonFor(const imaging::Deidentifier& d, const Header& h,
                                            const char* modality = "CT") {
  imaging::Instance instance;
  instance.sop_class_uid = h.sop_class;
  instance.image_type = h.image_type;
  instance.photometric_interpretation = h.photometric;
  imaging::Series series;
  series.modality = modality;
  return d.exclusionReason(instance, series);
}

// An 8x8 RGB (or monochrome) image of `sop_class` with the given Image Type.
std::unique_ptr<DcmFileFormat> makeImage(const char* sop_class, const char* image_type, bool rgb) {
  auto file = makeMr();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, sop_class);
  ds.putAndInsertString(DCM_Modality, "CT");
  ds.putAndInsertString(DCM_ImageType, image_type);
  if (rgb) {
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 3);
    ds.putAndInsertUint16(DCM_PlanarConfiguration, 0);
    ds.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
    ds.putAndInsertUint16(DCM_BitsAllocated, 8);
    ds.putAndInsertUint16(DCM_BitsStored, 8);
    ds.putAndInsertUint16(DCM_HighBit, 7);
    const std::vector<Uint8> pixels(8 * 8 * 3, 0x40);
    ds.putAndInsertUint8Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  }
  return file;
}

}  // namespace

TEST(BurnedInHeader, ScreenSaveImageTypeExcludesWhateverTheClass) {
  const imaging::Deidentifier d(makeConfig(Profile::defaultProfile()));
  for (const Header& h : {Header{kCtClass, "DERIVED\\SECONDARY\\SCREEN SAVE", "RGB"},
                          Header{kMrClass, "DERIVED\\SECONDARY\\SCREEN SAVE", "MONOCHROME2"},
                          Header{kDxClass, "derived\\secondary\\screen_save ", "MONOCHROME2"},
                          Header{kEnhancedMrColourClass, "DERIVED\\SECONDARY\\SCREENSHOT", "RGB"}}) {
    const auto reason = reasonFor(d, h);
    ASSERT_TRUE(reason.has_value()) << h.sop_class << " " << h.image_type;
    EXPECT_EQ(reason->code, OutcomeCode::BurnedInLikely);
    EXPECT_EQ(reason->cause, ExclusionCause::ScreenCapture) << h.image_type;
  }
  auto included = makeConfig(Profile::defaultProfile());
  included.include_burned_in = true;
  EXPECT_FALSE(reasonFor(imaging::Deidentifier(included), {kCtClass, "DERIVED\\SECONDARY\\SCREEN SAVE", "RGB"}));
}

TEST(BurnedInHeader, ColourImageInAGrayscaleClassIsExcluded) {
  const imaging::Deidentifier d(makeConfig(Profile::defaultProfile()));
  for (const Header& h : {Header{kCtClass, "DERIVED\\SECONDARY\\AXIAL", "RGB"},
                          Header{kPetClass, "DERIVED\\SECONDARY\\FUSION", "RGB"},
                          Header{kPetClass, "ORIGINAL\\PRIMARY", "PALETTE COLOR"},
                          Header{kDxClass, "DERIVED\\SECONDARY", "YBR_FULL_422"},
                          Header{"1.2.840.10008.5.1.4.1.1.12.1", "DERIVED\\SECONDARY", "RGB"},  // XA
                          Header{"1.2.840.10008.5.1.4.1.1.20", "", "RGB"}}) {                     // NM
    const auto reason = reasonFor(d, h);
    ASSERT_TRUE(reason.has_value()) << h.sop_class << " " << h.photometric;
    EXPECT_EQ(reason->code, OutcomeCode::BurnedInLikely);
    EXPECT_EQ(reason->cause, ExclusionCause::ColourInGrayscaleClass) << h.sop_class;
  }
  // Grayscale images of those classes, and classes whose images are colour by nature, stay in.
  EXPECT_FALSE(reasonFor(d, {kCtClass, "ORIGINAL\\PRIMARY\\AXIAL", "MONOCHROME2"}));
  EXPECT_FALSE(reasonFor(d, {kCtClass, "DERIVED\\SECONDARY\\MPR", "MONOCHROME1"}));
  EXPECT_FALSE(reasonFor(d, {kCtClass, "ORIGINAL\\PRIMARY", ""}));
  EXPECT_FALSE(reasonFor(d, {kEnhancedMrColourClass, "ORIGINAL\\PRIMARY", "RGB"}, "MR"));
}

TEST(BurnedInHeader, DeidentifyFileReadsImageTypeAndPhotometricItself) {
  // The file check (and the plain engine, compared by run()) reads both values from the file, so
  // a caller that skips exclusionReason still writes nothing.
  const auto config = makeConfig(Profile::defaultProfile());
  const Result screen = run(*makeImage(kMrClass, "DERIVED\\SECONDARY\\SCREEN SAVE", false), config, "bih_screen_save");
  EXPECT_EQ(screen.outcome.status, InstanceOutcome::Status::Excluded);
  EXPECT_EQ(screen.outcome.code, OutcomeCode::BurnedInLikely);
  EXPECT_FALSE(std::filesystem::exists(screen.output));
  const Result fusion = run(*makeImage(kCtClass, "DERIVED\\SECONDARY\\FUSION", true), config, "bih_colour_ct");
  EXPECT_EQ(fusion.outcome.status, InstanceOutcome::Status::Excluded);
  EXPECT_EQ(fusion.outcome.code, OutcomeCode::BurnedInLikely);
  EXPECT_FALSE(std::filesystem::exists(fusion.output));
  // Control: the same CT in grayscale is exported.
  const Result plain = run(*makeImage(kCtClass, "ORIGINAL\\PRIMARY\\AXIAL", false), config, "bih_plain_ct");
  EXPECT_EQ(plain.outcome.status, InstanceOutcome::Status::Kept) << plain.outcome.reason;

  auto included = config;
  included.include_burned_in = true;
  const Result sent = run(*makeImage(kCtClass, "DERIVED\\SECONDARY\\SCREEN SAVE", true), included, "bih_included");
  EXPECT_EQ(sent.outcome.status, InstanceOutcome::Status::Kept) << sent.outcome.reason;
}

TEST(BurnedInHeader, EachClassFamilyNamesItsOwnCause) {
  const imaging::Deidentifier d(makeConfig(Profile::defaultProfile()));
  const std::pair<const char*, ExclusionCause> expected[] = {
      {"1.2.840.10008.5.1.4.1.1.7", ExclusionCause::SecondaryCapture},
      {"1.2.840.10008.5.1.4.1.1.7.4", ExclusionCause::SecondaryCapture},
      {"1.2.840.10008.5.1.4.1.1.6.1", ExclusionCause::Ultrasound},
      {"1.2.840.10008.5.1.4.1.1.77.1.1", ExclusionCause::VisibleLight},     // endoscopic
      {"1.2.840.10008.5.1.4.1.1.77.1.2", ExclusionCause::VisibleLight},     // microscopic
      {"1.2.840.10008.5.1.4.1.1.77.1.3", ExclusionCause::VisibleLight},     // slide coordinates
      {"1.2.840.10008.5.1.4.1.1.77.1.6", ExclusionCause::VisibleLight},     // whole-slide (label)
      {"1.2.840.10008.5.1.4.1.1.77.1.7", ExclusionCause::VisibleLight},     // dermoscopic
      {"1.2.840.10008.5.1.4.1.1.77.1.9", ExclusionCause::VisibleLight},     // a later VL class
      {"1.2.840.10008.5.1.4.1.1.77.1.5.1", ExclusionCause::Ophthalmic},
      {"1.2.840.10008.5.1.4.1.1.77.1.5.4", ExclusionCause::Ophthalmic},
      {"1.2.840.10008.5.1.4.1.1.77.1.5.5", ExclusionCause::Ophthalmic},
      {"1.2.840.10008.5.1.4.1.1.77.1.5.7", ExclusionCause::Ophthalmic},
  };
  for (const auto& [sop_class, cause] : expected) {
    const auto reason = reasonFor(d, {sop_class, "", ""}, "OT" /* the class decides before the modality */);
    ASSERT_TRUE(reason.has_value()) << sop_class;
    EXPECT_EQ(reason->code, OutcomeCode::BurnedInLikely) << sop_class;
    EXPECT_EQ(reason->cause, cause) << sop_class;
  }
  EXPECT_EQ(reasonFor(d, {kMrClass, "", ""}, "XC")->cause, ExclusionCause::CaptureModality);
  EXPECT_EQ(reasonFor(d, {kMrClass, "", ""}, "US")->cause, ExclusionCause::Ultrasound);
  imaging::Instance flagged;
  flagged.sop_class_uid = kMrClass;
  flagged.burned_in_annotation = "YES";
  EXPECT_EQ(d.exclusionReason(flagged, imaging::Series{})->cause, ExclusionCause::AnnotationFlag);
}

TEST(BurnedInHeader, OphthalmicMeasurementsAreNotTakenForSecondaryCaptures) {
  // "...1.1.7" as a prefix also matched 78.x and 79.x: pixel-less measurement objects were left out
  // as secondary captures. Measurements are exported like other objects without pixels; the two
  // classes whose content is an SR tree follow the SR rule.
  const imaging::Deidentifier d(makeConfig(Profile::defaultProfile()));
  EXPECT_FALSE(reasonFor(d, {"1.2.840.10008.5.1.4.1.1.78.1", "", ""}, "LEN"));  // lensometry
  EXPECT_FALSE(reasonFor(d, {"1.2.840.10008.5.1.4.1.1.78.7", "", ""}, "OAM"));  // axial measurements
  for (const char* report : {"1.2.840.10008.5.1.4.1.1.78.6", "1.2.840.10008.5.1.4.1.1.79.1"}) {
    const auto reason = reasonFor(d, {report, "", ""}, "OPT");
    ASSERT_TRUE(reason.has_value()) << report;
    EXPECT_EQ(reason->code, OutcomeCode::StructuredReportNotCleaned) << report;
    EXPECT_EQ(reason->cause, ExclusionCause::StructuredReport);
  }
}

// Red team D, D3 (2026-12-06): an MPEG-4 XA run was exported with a title box naming the patient;
// video frames are not decoded here to look for burned-in text either: a burned-in candidate by
// its transfer syntax, let through as it is only with --include-burned-in.
TEST(BurnedInHeader, VideoIsACandidateByItsTransferSyntax) {
  const imaging::Deidentifier deid(makeConfig(Profile::defaultProfile()));
  for (const char* video : {"1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.107"}) {
    imaging::Instance instance;
    instance.sop_class_uid = "1.2.840.10008.5.1.4.1.1.12.1";  // X-Ray Angiographic Image Storage
    instance.transfer_syntax_uid = video;
    imaging::Series series;
    series.modality = "XA";
    const auto reason = deid.exclusionReason(instance, series);
    ASSERT_TRUE(reason.has_value()) << video;
    EXPECT_EQ(reason->code, OutcomeCode::BurnedInLikely);
    EXPECT_EQ(reason->cause, ExclusionCause::Video);
    instance.transfer_syntax_uid = "1.2.840.10008.1.2.4.70";  // JPEG lossless: an ordinary XA run
    EXPECT_FALSE(deid.exclusionReason(instance, series).has_value());
  }
  imaging::DeidConfig include = makeConfig(Profile::defaultProfile());
  include.include_burned_in = true;
  imaging::Instance instance;
  instance.sop_class_uid = "1.2.840.10008.5.1.4.1.1.12.1";
  instance.transfer_syntax_uid = "1.2.840.10008.1.2.4.102";
  imaging::Series series;
  series.modality = "XA";
  EXPECT_FALSE(imaging::Deidentifier(include).exclusionReason(instance, series).has_value());
  EXPECT_TRUE(imaging::deid::isVideoTransferSyntax("1.2.840.10008.1.2.4.108"));
  EXPECT_FALSE(imaging::deid::isVideoTransferSyntax("1.2.840.10008.1.2.4.91"));
  EXPECT_FALSE(imaging::deid::isVideoTransferSyntax("1.2.840.10008.1.2.4.1"));
}

// The plan asks the exclusion rules once per decisionKey: the key must change with every fact the
// rules read, and instances that differ only elsewhere must share it and its answers.
TEST(BurnedInHeader, DecisionKeyChangesWithEveryFactTheRulesRead) {
  const imaging::Deidentifier d(makeConfig(Profile::defaultProfile()));
  imaging::Instance base;
  base.sop_class_uid = kDxClass;
  base.image_type = "ORIGINAL\\PRIMARY";
  base.photometric_interpretation = "MONOCHROME2";
  base.transfer_syntax_uid = "1.2.840.10008.1.2.1";
  base.has_pixel_data = true;
  imaging::Series series;
  series.modality = "DX";

  imaging::Instance other = base;  // differs in facts the rules do not read
  other.sop_instance_uid = "1.2.3.4";
  other.instance_number = 7;
  EXPECT_EQ(d.decisionKey(base, series), d.decisionKey(other, series));
  EXPECT_EQ(d.screensPixels(base, series), d.screensPixels(other, series));

  const auto changed = [&](auto&& change) {
    imaging::Instance instance = base;
    imaging::Series in_series = series;
    change(instance, in_series);
    return d.decisionKey(instance, in_series) != d.decisionKey(base, series);
  };
  EXPECT_TRUE(changed([](imaging::Instance& i, imaging::Series&) { i.sop_class_uid = kCtClass; }));
  EXPECT_TRUE(changed([](imaging::Instance& i, imaging::Series&) { i.image_type = "DERIVED\\SECONDARY"; }));
  EXPECT_TRUE(changed([](imaging::Instance& i, imaging::Series&) { i.photometric_interpretation = "RGB"; }));
  EXPECT_TRUE(changed([](imaging::Instance& i, imaging::Series&) { i.burned_in_annotation = "YES"; }));
  EXPECT_TRUE(changed([](imaging::Instance& i, imaging::Series&) { i.transfer_syntax_uid = "1.2.840.10008.1.2.4.100"; }));
  EXPECT_TRUE(changed([](imaging::Instance& i, imaging::Series&) { i.has_pixel_data = false; }));
  EXPECT_TRUE(changed([](imaging::Instance&, imaging::Series& s) { s.modality = "US"; }));
  // Length-prefixed: facts that only shift a character from one field to the next differ.
  EXPECT_TRUE(changed([](imaging::Instance& i, imaging::Series& s) {
    s.modality = "D";
    i.burned_in_annotation = "X" + i.burned_in_annotation;
  }));
}
