// OCR finds burned-in identity in synthetic ultrasound and form images, stays quiet on images with
// only the usual marks, and refuses undecodable files with an imaging::Error.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "imaging/core/error.h"
#include "imaging/ocr/redaction.h"
#include "imaging/ocr/text_detection.h"
#include "ocr_scenes.h"

namespace {

using imaging::BurnedInVerdict;
using imaging::PixelBox;
using imaging::RecognizedWord;
using imaging::WordKind;

bool overlaps(const PixelBox& box, const ocr_test::TextBounds& drawn) {
  return box.x < drawn.x + drawn.width && drawn.x < box.x + box.width && box.y < drawn.y + drawn.height &&
         drawn.y < box.y + box.height;
}

// Words as "text(kind)" for failure messages (fixture text only: the patient is made up).
std::string describe(const imaging::TextDetection& detection) {
  std::ostringstream out;
  for (const RecognizedWord& w : detection.words)
    out << w.text << "(" << imaging::toString(w.kind) << "," << static_cast<int>(w.confidence) << ") ";
  return out.str();
}

bool foundIdentifyingAt(const imaging::TextDetection& detection, const ocr_test::TextBounds& drawn) {
  for (const RecognizedWord& w : detection.words)
    if (w.kind == WordKind::Identifying && overlaps(w.box, drawn)) return true;
  return false;
}

bool foundTextAt(const imaging::TextDetection& detection, const ocr_test::TextBounds& drawn) {
  for (const RecognizedWord& w : detection.words)
    if (w.kind != WordKind::UsualMark && overlaps(w.box, drawn)) return true;
  return false;
}

bool contains(const PixelBox& box, const ocr_test::TextBounds& drawn) {
  return box.x <= drawn.x && box.y <= drawn.y && box.x + box.width >= drawn.x + drawn.width &&
         box.y + box.height >= drawn.y + drawn.height;
}

// The drawn text lies inside the line of some identifying word (what redaction blacks out).
bool coveredByIdentifyingLine(const imaging::TextDetection& detection, const ocr_test::TextBounds& drawn) {
  for (const RecognizedWord& w : detection.words)
    if (w.kind == WordKind::Identifying && contains(w.line, drawn)) return true;
  return false;
}

const ocr_test::FakePatient kPatient;

TEST(OcrDetection, UltrasoundMonochromeNameIsIdentifying) {
  const auto dir = ocr_test::freshDir("detect_us_mono");
  const auto scene = ocr_test::writeUltrasound(dir / "us.dcm", kPatient, 1);
  const auto detection = imaging::detectText(scene.file, 0, kPatient.identifiers());
  EXPECT_EQ(detection.verdict, BurnedInVerdict::Identifying) << describe(detection);
  EXPECT_TRUE(foundIdentifyingAt(detection, scene.name)) << describe(detection);
  EXPECT_TRUE(foundIdentifyingAt(detection, scene.birth)) << describe(detection);
  // This font's ID is misread, but it must still be found as text (so that redaction covers it).
  EXPECT_TRUE(foundIdentifyingAt(detection, scene.id) || coveredByIdentifyingLine(detection, scene.id) ||
              foundTextAt(detection, scene.id))
      << describe(detection);
  EXPECT_EQ(detection.frame_count, 1);
  ASSERT_EQ(detection.frames_checked, std::vector<int>{0});
  // Boxes are in image coordinates: all inside the 512x512 frame, none in the lower sector.
  for (const RecognizedWord& w : detection.words) {
    EXPECT_GE(w.box.x, 0);
    EXPECT_GE(w.box.y, 0);
    EXPECT_LE(w.box.x + w.box.width, 512);
    EXPECT_LE(w.box.y + w.box.height, 512);
  }
}

TEST(OcrDetection, UltrasoundRgbNameIsIdentifying) {
  const auto dir = ocr_test::freshDir("detect_us_rgb");
  const auto scene = ocr_test::writeUltrasound(dir / "us_rgb.dcm", kPatient, 3);
  const auto detection = imaging::detectText(scene.file, imaging::kAllFrames, kPatient.identifiers());
  EXPECT_EQ(detection.verdict, BurnedInVerdict::Identifying) << describe(detection);
  EXPECT_TRUE(foundIdentifyingAt(detection, scene.name)) << describe(detection);
}

TEST(OcrDetection, FormNameIdAndBirthDateAreIdentifying) {
  const auto dir = ocr_test::freshDir("detect_form");
  const auto scene = ocr_test::writeForm(dir / "form.dcm", kPatient);
  const auto detection = imaging::detectText(scene.file, imaging::kAllFrames, kPatient.identifiers());
  EXPECT_EQ(detection.verdict, BurnedInVerdict::Identifying) << describe(detection);
  EXPECT_TRUE(foundIdentifyingAt(detection, scene.name)) << describe(detection);
  EXPECT_TRUE(foundIdentifyingAt(detection, scene.id)) << describe(detection);
  EXPECT_TRUE(foundIdentifyingAt(detection, scene.birth)) << describe(detection);
}

// Checked against another patient's values, the form still shows an ID and a birth date: their
// shapes identify whoever they belong to (the free-text rules, imaging/text).
TEST(OcrDetection, FormOfAnotherPatientStillIdentifiesByItsShapes) {
  const auto dir = ocr_test::freshDir("detect_suspect");
  const auto scene = ocr_test::writeForm(dir / "form.dcm", kPatient);
  const ocr_test::FakePatient other{"KOWALSKI^TOMASZ", "ZZ1029384", "19550203"};
  const auto detection = imaging::detectText(scene.file, imaging::kAllFrames, other.identifiers());
  EXPECT_EQ(detection.verdict, BurnedInVerdict::Identifying) << describe(detection);
  EXPECT_GT(detection.count(WordKind::Other), 0u) << describe(detection);
}

TEST(OcrDetection, UltrasoundWithOnlyMarksIsClean) {
  const auto dir = ocr_test::freshDir("detect_clean");
  const auto file = dir / "plain.dcm";
  ocr_test::writeDicom({ocr_test::ultrasoundCanvas(512, 1, 11)}, file);
  const auto detection = imaging::detectText(file, imaging::kAllFrames, kPatient.identifiers());
  EXPECT_EQ(detection.verdict, BurnedInVerdict::Clean) << describe(detection);
  EXPECT_EQ(detection.count(WordKind::Other), 0u) << describe(detection);
}

TEST(OcrDetection, MultiFrameSamplingChecksFirstAndLastFrames) {
  const auto dir = ocr_test::freshDir("detect_frames");
  const auto file = dir / "cine.dcm";
  std::vector<ocr_test::Canvas> frames;
  for (int k = 0; k < 5; ++k) frames.push_back(ocr_test::formCanvas(160, 96));
  ocr_test::drawText(frames[4], 8, 30, "OLIVIA", 3, 20);  // only the last frame carries text
  ocr_test::writeDicom(frames, file);
  imaging::DetectTextOptions options;
  options.max_frames = 2;
  const auto sampled = imaging::detectText(file, imaging::kAllFrames, kPatient.identifiers(), options);
  EXPECT_EQ(sampled.frame_count, 5);
  EXPECT_EQ(sampled.frames_checked, (std::vector<int>{0, 4}));
  EXPECT_FALSE(sampled.checkedEveryFrame());
  EXPECT_EQ(sampled.verdict, BurnedInVerdict::Identifying) << describe(sampled);
  for (const auto& w : sampled.words) EXPECT_EQ(w.frame_index, 4);
  const auto first_only = imaging::detectText(file, 0, kPatient.identifiers());
  EXPECT_EQ(first_only.verdict, BurnedInVerdict::Clean) << describe(first_only);
  EXPECT_THROW(imaging::detectText(file, 5, kPatient.identifiers()), imaging::Error);
}

// Text shown only in a frame between the samples: the stroke detector scans every frame, and the
// frame with new lines is read as well.
TEST(OcrDetection, SampledCineFindsTextInAFrameBetweenTheSamples) {
  const auto dir = ocr_test::freshDir("detect_between");
  const auto file = dir / "cine.dcm";
  std::vector<ocr_test::Canvas> frames;
  for (int k = 0; k < 7; ++k) frames.push_back(ocr_test::formCanvas(160, 96));
  ocr_test::drawText(frames[3], 8, 30, "OLIVIA", 3, 20);  // frames 0 and 6 are sampled; 3 is not
  ocr_test::writeDicom(frames, file);
  imaging::DetectTextOptions options;
  options.max_frames = 2;
  const auto found = imaging::detectText(file, imaging::kAllFrames, kPatient.identifiers(), options);
  EXPECT_EQ(found.frames_scanned, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(found.frames_checked, (std::vector<int>{0, 3, 6}));
  EXPECT_EQ(found.verdict, BurnedInVerdict::Identifying) << describe(found);
  ASSERT_FALSE(found.lines.empty());
  for (const auto& line : found.lines) EXPECT_EQ(line.frame_index, 3);
  // Boxes of a sampled detection apply to every frame.
  const auto regions = imaging::regionsFromDetection(found);
  EXPECT_FALSE(regions.every_frame.empty());
  EXPECT_TRUE(regions.per_frame.empty());
}

TEST(OcrDetection, UndecodableFilesGiveAClearError) {
  const auto dir = ocr_test::freshDir("detect_errors");
  const auto junk = dir / "junk.dcm";
  std::ofstream(junk) << "this is not a DICOM file at all";
  try {
    imaging::detectText(junk, imaging::kAllFrames, kPatient.identifiers());
    FAIL() << "no error for a non-DICOM file";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.path(), junk.string());
    EXPECT_NE(e.oneLine().find("junk.dcm"), std::string::npos);
  }
  try {
    imaging::detectText(dir / "missing.dcm", 0, {});
    FAIL() << "no error for a missing file";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::NotFound);
  }
  // Valid DICOM whose pixel data cannot be decoded (declared as MPEG-2).
  const auto mpeg = dir / "mpeg.dcm";
  ocr_test::writeDicom({ocr_test::formCanvas(32, 32)}, mpeg);
  {
    std::fstream patch(mpeg, std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(patch)), {});
    const std::string explicit_le = "1.2.840.10008.1.2.1";
    const auto at = bytes.find(explicit_le);
    ASSERT_NE(at, std::string::npos);
    // Same length, so the meta group stays valid: a syntax nobody decodes.
    patch.seekp(static_cast<std::streamoff>(at));
    patch << "1.2.840.10008.1.2.9";
  }
  try {
    imaging::detectText(mpeg, 0, kPatient.identifiers());
    FAIL() << "no error for an undecodable syntax";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), imaging::ErrorCode::Unsupported);
    EXPECT_NE(std::string(e.what()).find("cannot decode"), std::string::npos) << e.what();
  }
}

TEST(OcrDetection, RenderedImageWithoutPixelsIsRejected) {
  imaging::Rgb8Image empty;
  EXPECT_THROW(imaging::recognizeWords(empty, {}), imaging::Error);
}

}  // namespace
