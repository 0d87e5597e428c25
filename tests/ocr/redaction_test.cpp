// Redaction blacks out exactly the padded boxes, keeps every other pixel and attribute, and clears
// BurnedInAnnotation only when OCR of the output no longer finds the patient.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "imaging/core/error.h"
#include "imaging/ocr/redaction.h"
#include "imaging/pixels/decode.h"
#include "ocr_scenes.h"
#include "odd_shapes.h"

namespace {

using imaging::BurnedInVerdict;
using imaging::PixelBox;

const ocr_test::FakePatient kPatient;

std::string fileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool insideAny(int x, int y, const std::vector<PixelBox>& boxes) {
  for (const auto& b : boxes)
    if (x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height) return true;
  return false;
}

// Every sample outside the boxes is unchanged; every sample inside equals black.
void expectOnlyBoxesBlacked(const imaging::Frame& before, const imaging::Frame& after, const std::vector<PixelBox>& boxes,
                            float black) {
  ASSERT_EQ(before.width, after.width);
  ASSERT_EQ(before.height, after.height);
  ASSERT_EQ(before.samples_per_pixel, after.samples_per_pixel);
  const int spp = before.samples_per_pixel;
  std::size_t changed_outside = 0, wrong_inside = 0, inside = 0;
  for (int y = 0; y < before.height; ++y) {
    for (int x = 0; x < before.width; ++x) {
      for (int s = 0; s < spp; ++s) {
        const std::size_t i = (static_cast<std::size_t>(y) * before.width + x) * spp + s;
        if (insideAny(x, y, boxes)) {
          ++inside;
          if (after.values[i] != black) ++wrong_inside;
        } else if (after.values[i] != before.values[i]) {
          ++changed_outside;
        }
      }
    }
  }
  EXPECT_EQ(changed_outside, 0u);
  EXPECT_EQ(wrong_inside, 0u);
  EXPECT_GT(inside, 0u);
}

std::vector<PixelBox> paddedBoxes(const imaging::RedactionRegions& regions, int frame, int padding) {
  std::vector<PixelBox> boxes;
  for (const auto& b : regions.every_frame) boxes.push_back(b.padded(padding));
  if (auto it = regions.per_frame.find(frame); it != regions.per_frame.end())
    for (const auto& b : it->second) boxes.push_back(b.padded(padding));
  return boxes;
}

void redactDetectedAndRecheck(const ocr_test::Scene& scene, const std::filesystem::path& output) {
  const std::string input_bytes = fileBytes(scene.file);
  const auto detection = imaging::detectText(scene.file, imaging::kAllFrames, kPatient.identifiers());
  ASSERT_EQ(detection.verdict, BurnedInVerdict::Identifying);
  const auto regions = imaging::regionsFromDetection(detection);
  ASSERT_FALSE(regions.empty());

  imaging::RedactOptions options;
  options.padding = 3;
  options.identifiers = kPatient.identifiers();
  const auto result = imaging::redactRegions(scene.file, output, regions, options);

  EXPECT_EQ(fileBytes(scene.file), input_bytes) << "input modified";
  EXPECT_EQ(result.frame_count, 1);
  EXPECT_GE(result.boxes_applied, regions.boxCount());
  EXPECT_TRUE(result.rechecked);
  EXPECT_NE(result.recheck.verdict, BurnedInVerdict::Identifying);
  EXPECT_EQ(result.recheck.count(imaging::WordKind::Identifying), 0u);
  EXPECT_TRUE(result.burned_in_annotation_cleared);
  EXPECT_EQ(ocr_test::readAttribute(output, 0x0028, 0x0301), "NO");
  // Other attributes stay; the output is explicit VR little endian.
  EXPECT_EQ(ocr_test::readAttribute(output, 0x0008, 0x0018), ocr_test::readAttribute(scene.file, 0x0008, 0x0018));
  EXPECT_EQ(ocr_test::readAttribute(output, 0x0020, 0x4000), "ocr fixture");
  EXPECT_EQ(ocr_test::readAttribute(output, 0x0002, 0x0010), "1.2.840.10008.1.2.1");

  // An independent second look: OCR of the output finds no identifying word.
  const auto again = imaging::detectText(output, imaging::kAllFrames, kPatient.identifiers());
  EXPECT_NE(again.verdict, BurnedInVerdict::Identifying);

  const auto before = imaging::decodeFrame(scene.file, 0);
  const auto after = imaging::decodeFrame(output, 0);
  expectOnlyBoxesBlacked(before, after, paddedBoxes(regions, 0, options.padding),
                         before.monochrome() ? before.range().first : 0.0f);
}

TEST(OcrRedaction, UltrasoundMonochromeNameGoneOtherPixelsUnchanged) {
  const auto dir = ocr_test::freshDir("redact_us_mono");
  redactDetectedAndRecheck(ocr_test::writeUltrasound(dir / "us.dcm", kPatient, 1), dir / "out.dcm");
}

TEST(OcrRedaction, UltrasoundRgbNameGoneOtherPixelsUnchanged) {
  const auto dir = ocr_test::freshDir("redact_us_rgb");
  redactDetectedAndRecheck(ocr_test::writeUltrasound(dir / "us.dcm", kPatient, 3), dir / "out.dcm");
}

TEST(OcrRedaction, FormNameGoneOtherPixelsUnchanged) {
  const auto dir = ocr_test::freshDir("redact_form");
  redactDetectedAndRecheck(ocr_test::writeForm(dir / "form.dcm", kPatient), dir / "out.dcm");
}

TEST(OcrRedaction, CompressedInputComesOutNativeAndLossless) {
  const auto dir = ocr_test::freshDir("redact_rle");
  ocr_test::DicomOptions rle;
  rle.transfer_syntax = "rle";
  const auto scene = ocr_test::writeUltrasound(dir / "us_rle.dcm", kPatient, 1, rle);
  ASSERT_EQ(ocr_test::readAttribute(scene.file, 0x0002, 0x0010), "1.2.840.10008.1.2.5");
  imaging::RedactionRegions manual;
  manual.every_frame.push_back({scene.name.x, scene.name.y, scene.name.width, scene.name.height});
  imaging::RedactOptions options;
  options.padding = 2;
  options.recheck = false;
  const auto result = imaging::redactRegions(scene.file, dir / "out.dcm", manual, options);
  EXPECT_TRUE(result.decompressed);
  EXPECT_EQ(result.input_transfer_syntax, "1.2.840.10008.1.2.5");
  EXPECT_FALSE(result.rechecked);
  EXPECT_FALSE(result.burned_in_annotation_cleared);
  EXPECT_EQ(ocr_test::readAttribute(dir / "out.dcm", 0x0028, 0x0301), "YES");
  EXPECT_EQ(ocr_test::readAttribute(dir / "out.dcm", 0x0002, 0x0010), "1.2.840.10008.1.2.1");
  const auto before = imaging::decodeFrame(scene.file, 0);
  const auto after = imaging::decodeFrame(dir / "out.dcm", 0);
  expectOnlyBoxesBlacked(before, after, paddedBoxes(manual, 0, options.padding), before.range().first);
}

TEST(OcrRedaction, SevenBitJpegLsIsDecodedWithoutDcmtksCodec) {
  // DCMTK 3.6.7's JPEG-LS decoder crashed (SIGSEGV) on 7-bit streams from CharLS (issue 20).
  const auto dir = ocr_test::freshDir("redact_jpegls7");
  const auto input = dir / "jpegls7.dcm";
  pixels_test::writeSynthetic(pixels_test::jpegLs7Bit(), input);
  imaging::RedactionRegions manual;
  manual.every_frame.push_back({2, 1, 3, 2});
  imaging::RedactOptions options;
  options.padding = 0;
  options.recheck = false;
  const auto result = imaging::redactRegions(input, dir / "out.dcm", manual, options);
  EXPECT_TRUE(result.decompressed);
  for (int f = 0; f < 2; ++f) {
    SCOPED_TRACE(f);
    const auto before = imaging::decodeFrame(input, f);
    const auto after = imaging::decodeFrame(dir / "out.dcm", f);
    expectOnlyBoxesBlacked(before, after, paddedBoxes(manual, f, 0), 0.0f);
  }
}

TEST(OcrRedaction, ManualRegionOnEveryFrameKeepsYesWhenNameRemainsElsewhere) {
  const auto dir = ocr_test::freshDir("redact_manual");
  std::vector<ocr_test::Canvas> frames;
  ocr_test::TextBounds name{}, born{};
  for (int k = 0; k < 3; ++k) {
    frames.push_back(ocr_test::formCanvas(256, 128));
    name = ocr_test::drawText(frames.back(), 10, 20, "OLIVIA BRANDT", 3, 20);
    born = ocr_test::drawText(frames.back(), 10, 70, "27.09.1981", 3, static_cast<std::uint8_t>(20 + k));
  }
  const auto input = dir / "three.dcm";
  ocr_test::writeDicom(frames, input);
  imaging::RedactionRegions manual;
  manual.every_frame.push_back({born.x, born.y, born.width, born.height});  // the name is left visible
  imaging::RedactOptions options;
  options.identifiers = kPatient.identifiers();
  options.recheck_options.max_frames = 1;
  const auto result = imaging::redactRegions(input, dir / "out.dcm", manual, options);
  EXPECT_EQ(result.frame_count, 3);
  EXPECT_EQ(result.boxes_applied, 3u);
  EXPECT_TRUE(result.rechecked);
  EXPECT_EQ(result.recheck.verdict, BurnedInVerdict::Identifying);
  EXPECT_FALSE(result.burned_in_annotation_cleared);
  EXPECT_EQ(ocr_test::readAttribute(dir / "out.dcm", 0x0028, 0x0301), "YES");
  for (int k = 0; k < 3; ++k) {
    const auto before = imaging::decodeFrame(input, k);
    const auto after = imaging::decodeFrame(dir / "out.dcm", k);
    expectOnlyBoxesBlacked(before, after, paddedBoxes(manual, k, options.padding), before.range().first);
  }
}

TEST(OcrRedaction, WithoutIdentifiersOnlyACleanRecheckClearsTheFlag) {
  const auto dir = ocr_test::freshDir("redact_no_ids");
  const auto scene = ocr_test::writeForm(dir / "form.dcm", kPatient);
  imaging::RedactionRegions manual;
  manual.every_frame.push_back({scene.name.x, scene.name.y, scene.name.width, scene.name.height});
  const auto result = imaging::redactRegions(scene.file, dir / "out.dcm", manual, {});
  // The rest of the form still shows the ID and the birth date: identifying by their shapes alone.
  EXPECT_EQ(result.recheck.verdict, BurnedInVerdict::Identifying);
  EXPECT_FALSE(result.burned_in_annotation_cleared);
  EXPECT_EQ(ocr_test::readAttribute(dir / "out.dcm", 0x0028, 0x0301), "YES");
}

TEST(OcrRedaction, BoxOverBlackChangesNothingAndClearsNothing) {
  // A box over pixels that are black already: the output's pixels equal the input's, so the
  // image must not be declared redacted (BurnedInAnnotation stays YES).
  const auto dir = ocr_test::freshDir("redact_no_change");
  ocr_test::Canvas canvas(64, 64, 1, 0);
  for (int x = 40; x < 60; ++x) canvas.set(x, 50, 200);  // something that is not black, outside the box
  ocr_test::writeDicom({canvas}, dir / "in.dcm");
  imaging::RedactionRegions manual;
  manual.every_frame.push_back({2, 2, 20, 20});
  imaging::RedactOptions options;
  options.identifiers = kPatient.identifiers();
  const auto result = imaging::redactRegions(dir / "in.dcm", dir / "out.dcm", manual, options);
  EXPECT_EQ(result.boxes_applied, 1u);
  EXPECT_GT(result.pixels_blacked, 0u);
  EXPECT_EQ(result.samples_changed, 0u);
  EXPECT_FALSE(result.burned_in_annotation_cleared);
  EXPECT_EQ(ocr_test::readAttribute(dir / "out.dcm", 0x0028, 0x0301), "YES");

  manual.every_frame = {{38, 46, 24, 8}};  // over the bright line: samples change
  const auto changed = imaging::redactRegions(dir / "in.dcm", dir / "out2.dcm", manual, options);
  EXPECT_EQ(changed.samples_changed, 20u);
  EXPECT_TRUE(changed.burned_in_annotation_cleared);
}

TEST(OcrRedaction, EveryAppliedRegionIsRecordedWithItsOriginFrameAndChanges) {
  // The audit of pixels (issue 16): each distinct region once, padded and clipped as blacked, with
  // why it was blacked and the samples it changed (0 over pixels that were black already).
  const auto dir = ocr_test::freshDir("redact_audit");
  std::vector<ocr_test::Canvas> frames;
  for (int k = 0; k < 2; ++k) {
    frames.emplace_back(64, 64, 1, 0);
    for (int y = 30; y < 64; ++y)
      for (int x = 0; x < 64; ++x) frames.back().set(x, y, 200);  // bright lower half, black upper half
  }
  ocr_test::writeDicom(frames, dir / "in.dcm");
  imaging::RedactionRegions regions;
  regions.manual.push_back({50, 40, 30, 10});     // runs past the right edge: clipped
  regions.manual.push_back({50, 40, 30, 10});     // the same box again: recorded once
  regions.every_frame.push_back({2, 2, 10, 10});  // over black: changes nothing
  regions.per_frame[1].push_back({10, 40, 8, 4});
  imaging::RedactOptions options;
  options.padding = 1;
  options.recheck = false;
  const auto result = imaging::redactRegions(dir / "in.dcm", dir / "out.dcm", regions, options);
  ASSERT_EQ(result.applied.size(), 3u);
  const auto find = [&](imaging::RegionOrigin why) {
    for (const auto& r : result.applied)
      if (r.why == why) return r;
    ADD_FAILURE() << imaging::toString(why) << " not recorded";
    return imaging::RedactedBox{};
  };
  const auto manual = find(imaging::RegionOrigin::ManualBlackout);
  EXPECT_EQ(manual.frame, -1);
  EXPECT_EQ(manual.box, (imaging::PixelBox{49, 39, 15, 12}));
  EXPECT_EQ(manual.samples_changed, 2u * 15u * 12u);
  const auto lines = [&] {
    std::vector<imaging::RedactedBox> out;
    for (const auto& r : result.applied)
      if (r.why == imaging::RegionOrigin::OcrTextLine) out.push_back(r);
    return out;
  }();
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& r : lines) {
    if (r.frame == -1) {
      EXPECT_EQ(r.box, (imaging::PixelBox{1, 1, 12, 12}));
      EXPECT_EQ(r.samples_changed, 0u);
    } else {
      EXPECT_EQ(r.frame, 1);
      EXPECT_EQ(r.box, (imaging::PixelBox{9, 39, 10, 6}));
      EXPECT_EQ(r.samples_changed, 60u);
    }
  }
  EXPECT_EQ(result.samples_changed, 2u * 15u * 12u + 60u);
  EXPECT_STREQ(imaging::toString(imaging::RegionOrigin::VendorAnnotation), "vendor-annotation");
}

TEST(OcrRedaction, RefusesBadRequestsAndBadFilesWithoutWriting) {
  const auto dir = ocr_test::freshDir("redact_refuse");
  const auto input = dir / "form.dcm";
  ocr_test::writeDicom({ocr_test::formCanvas(64, 64)}, input);
  const std::string bytes = fileBytes(input);
  imaging::RedactionRegions regions;
  regions.every_frame.push_back({1, 1, 5, 5});
  EXPECT_THROW(imaging::redactRegions(input, input, regions), imaging::Error);
  EXPECT_THROW(imaging::redactRegions(input, dir / "." / "form.dcm", regions), imaging::Error);
  EXPECT_EQ(fileBytes(input), bytes);

  imaging::RedactionRegions negative;
  negative.every_frame.push_back({1, 1, -5, 5});
  EXPECT_THROW(imaging::redactRegions(input, dir / "a.dcm", negative), imaging::Error);
  imaging::RedactionRegions past_end;
  past_end.per_frame[1].push_back({1, 1, 5, 5});
  EXPECT_THROW(imaging::redactRegions(input, dir / "b.dcm", past_end), imaging::Error);

  const auto junk = dir / "junk.dcm";
  std::ofstream(junk) << "not DICOM";
  try {
    imaging::redactRegions(junk, dir / "c.dcm", regions);
    FAIL() << "no error for junk";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.path(), junk.string());
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "a.dcm"));
  EXPECT_FALSE(std::filesystem::exists(dir / "b.dcm"));
  EXPECT_FALSE(std::filesystem::exists(dir / "c.dcm"));
  // Boxes partly outside the image are clipped, wholly outside ones ignored.
  imaging::RedactionRegions outside;
  outside.every_frame.push_back({60, 60, 50, 50});
  outside.every_frame.push_back({500, 500, 5, 5});
  imaging::RedactOptions options;
  options.padding = 0;
  options.recheck = false;
  const auto result = imaging::redactRegions(input, dir / "d.dcm", outside, options);
  EXPECT_EQ(result.boxes_applied, 1u);
  EXPECT_EQ(result.pixels_blacked, 16u);
}

}  // namespace
