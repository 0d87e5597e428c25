// verify's own look at binary content (verify_binary.h), independent of the engine: unknown public
// attributes, Burned In Annotation YES in any VR, bits outside the stored range of native pixels.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrleerg.h>

#include "verify_binary.h"

namespace {

using imaging::FindingKind;
using imaging::workflow::checkBinaryContent;

DcmDataset image(Uint16 stored, Uint16 representation, const std::vector<Uint16>& pixels) {
  imaging::bridge::ensureDcmtkReady();
  DcmDataset ds;
  ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.4");
  ds.putAndInsertUint16(DCM_Rows, 1);
  ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(pixels.size()));
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, stored);
  ds.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(stored - 1));
  ds.putAndInsertUint16(DCM_PixelRepresentation, representation);
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  return ds;
}

bool hasKind(const std::vector<imaging::workflow::BinaryFinding>& findings, FindingKind kind) {
  return std::any_of(findings.begin(), findings.end(), [&](const auto& f) { return f.kind == kind; });
}

void putBytes(DcmItem& item, const DcmTagKey& tag, DcmEVR vr, const std::string& value) {
  auto* elem = new DcmOtherByteOtherWord(DcmTag(tag, vr));
  elem->putUint8Array(reinterpret_cast<const Uint8*>(value.data()), static_cast<unsigned long>(value.size()));
  item.insert(elem, true);
}

}  // namespace

TEST(VerifyBinary, CleanImageHasNoFinding) {
  DcmDataset ds = image(12, 0, {1, 2, 4095});
  ds.putAndInsertString(DCM_BurnedInAnnotation, "NO");
  EXPECT_TRUE(checkBinaryContent(ds, false).empty());
}

TEST(VerifyBinary, UnknownPublicAttributeAtAnyDepthIsAFinding) {
  DcmDataset ds = image(12, 0, {1});
  putBytes(ds, DcmTagKey(0x0018, 0xEEE6), EVR_OB, "pt 4821 dob 14/03/61");
  DcmItem* item = nullptr;
  ds.findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, -2);
  putBytes(*item, DcmTagKey(0x0020, 0xEEE8), EVR_OW, std::string("Q\0O\0", 4));
  // Private elements are the engine's private rules' business, not this check's.
  putBytes(ds, DcmTagKey(0x0029, 0x1010), EVR_OB, "xx");
  const auto findings = checkBinaryContent(ds, false);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, FindingKind::UnknownElement);
  EXPECT_EQ(findings[0].location, "(0008,1140)[0].(0020,EEE8)");  // in tag order
  EXPECT_EQ(findings[1].location, "(0018,EEE6)");
  EXPECT_EQ(findings[1].kind, FindingKind::UnknownElement);
  EXPECT_EQ(findings[1].detail.find("dob"), std::string::npos);  // never the value
}

TEST(VerifyBinary, BurnedInAnnotationYesInAnyVrIsAFindingUnlessRedacted) {
  for (const DcmEVR vr : {EVR_UN, EVR_OB}) {
    DcmDataset ds = image(12, 0, {1});
    putBytes(ds, DCM_BurnedInAnnotation, vr, "yes\0");
    EXPECT_TRUE(hasKind(checkBinaryContent(ds, false), FindingKind::BurnedInAnnotation)) << DcmVR(vr).getVRName();
    EXPECT_FALSE(hasKind(checkBinaryContent(ds, true), FindingKind::BurnedInAnnotation));
  }
  DcmDataset cs = image(12, 0, {1});
  cs.putAndInsertString(DCM_BurnedInAnnotation, "YES");
  EXPECT_TRUE(hasKind(checkBinaryContent(cs, false), FindingKind::BurnedInAnnotation));
}

TEST(VerifyBinary, BitsAboveHighBitAreAFindingSignExtensionIsNot) {
  DcmDataset overlay = image(12, 0, {1, 0x8001, 0x8002});
  const auto findings = checkBinaryContent(overlay, false);
  ASSERT_TRUE(hasKind(findings, FindingKind::HiddenPixelBits));
  EXPECT_NE(findings.back().detail.find("2 sample(s)"), std::string::npos) << findings.back().detail;
  DcmDataset sign_extended = image(12, 1, {1, 0xFF00, 0x0800 | 0xF000});
  EXPECT_FALSE(hasKind(checkBinaryContent(sign_extended, false), FindingKind::HiddenPixelBits));
  DcmDataset signed_overlay = image(12, 1, {0x8001});
  EXPECT_TRUE(hasKind(checkBinaryContent(signed_overlay, false), FindingKind::HiddenPixelBits));
}

// Red team B, F8 (2026-12-06): a COM or Exif APP1 segment in a JPEG frame's header is where an
// encoder or export tool writes the patient's name, ID and birth date.
namespace {

// An MR whose encapsulated pixel data is the one fragment `frame`, in transfer syntax `xfer`.
DcmDataset encapsulatedImage(std::string frame, E_TransferSyntax xfer) {
  imaging::bridge::ensureDcmtkReady();
  DcmDataset ds;
  ds.putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.4");
  auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
  sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));
  if (frame.size() % 2) frame += '\0';
  auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
  fragment->putUint8Array(reinterpret_cast<const Uint8*>(frame.data()), static_cast<unsigned long>(frame.size()));
  sequence->insert(fragment);
  auto* pixel = new DcmPixelData(DCM_PixelData);
  pixel->putOriginalRepresentation(xfer, nullptr, sequence);
  ds.insert(pixel);
  return ds;
}

DcmDataset jpegImage(const std::string& header) {
  return encapsulatedImage(std::string("\xFF\xD8", 2) + header + std::string("\xFF\xDA\x00\x02scan\xFF\xD9", 10),
                           EXS_JPEGProcess1);
}

std::string segment(char marker, const std::string& payload) {
  return std::string{'\xFF', marker, static_cast<char>((payload.size() + 2) >> 8), static_cast<char>(payload.size() + 2)} +
         payload;
}

}  // namespace

TEST(VerifyBinary, JpegCommentOrExifInAFrameHeaderIsAFinding) {
  const std::string app0 = segment('\xE0', std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14));
  const std::string app14 = segment('\xEE', std::string("Adobe\0\144\0\0\0\0\1", 12));
  DcmDataset com = jpegImage(app0 + segment('\xFE', "pt 48213377 dob 14/03/61"));
  const auto findings = checkBinaryContent(com, false);
  ASSERT_TRUE(hasKind(findings, FindingKind::JpegComment));
  EXPECT_EQ(findings.back().detail.find("48213377"), std::string::npos) << "never the value";
  DcmDataset exif = jpegImage(app0 + segment('\xE1', std::string("Exif\0\0Artist: X", 16)));
  EXPECT_TRUE(hasKind(checkBinaryContent(exif, false), FindingKind::JpegComment));
  DcmDataset clean = jpegImage(app0 + app14 + segment('\xDB', std::string(65, '\1')));
  EXPECT_FALSE(hasKind(checkBinaryContent(clean, false), FindingKind::JpegComment));
  EXPECT_STREQ(imaging::toString(FindingKind::JpegComment), "jpeg-comment");
}

TEST(VerifyBinary, Jpeg2000CommentWithTextIsAFindingBlankIsNot) {
  const auto j2k = [](const std::string& comment) {
    std::string s("\xFF\x4F\xFF\x51\x00\x29", 6);
    s += std::string(39, '\0');
    const std::size_t lcom = comment.size() + 4;
    s += std::string{'\xFF', '\x64', static_cast<char>(lcom >> 8), static_cast<char>(lcom & 0xFF), '\0', '\1'} + comment;
    s += std::string("\xFF\x90\x00\x0A", 4) + std::string(8, '\0') + std::string("\xFF\xD9", 2);
    return encapsulatedImage(s, EXS_JPEG2000LosslessOnly);
  };
  DcmDataset text = j2k("pt 48213377 Doe^John");
  EXPECT_TRUE(hasKind(checkBinaryContent(text, false), FindingKind::JpegComment));
  DcmDataset blank = j2k(std::string(20, ' '));
  EXPECT_FALSE(hasKind(checkBinaryContent(blank, false), FindingKind::JpegComment));
}

// Verify reads the whole frame (2026-12-06, red teams C and D): segments after the first scan,
// text after EOI, and comments in JPEG 2000 tile-part headers are findings; padding is not.
TEST(VerifyBinary, TextAnywhereInACompressedFrameIsAFinding) {
  const std::string app0 = segment('\xE0', std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14));
  const std::string scan = std::string("\xFF\xDA\x00\x02", 4) + std::string("d\xFF\x00" "a\xFF\xD0ta", 7);
  const auto jpeg = [&](const std::string& between, const std::string& after) {
    return encapsulatedImage(std::string("\xFF\xD8", 2) + app0 + scan + between + std::string("\xFF\xD9", 2) + after,
                             EXS_JPEGProcess1);
  };
  DcmDataset com_after_scan = jpeg(segment('\xFE', "pt 48213377"), "");
  EXPECT_TRUE(hasKind(checkBinaryContent(com_after_scan, false), FindingKind::JpegComment));
  DcmDataset after_eoi = jpeg("", "Doe");
  EXPECT_TRUE(hasKind(checkBinaryContent(after_eoi, false), FindingKind::JpegComment));
  DcmDataset padded = jpeg("", std::string(4, '\0'));
  EXPECT_FALSE(hasKind(checkBinaryContent(padded, false), FindingKind::JpegComment));
  const std::string jfif_thumbnail = segment('\xE0', std::string("JFIF\0\1\1\0\0\1\0\1\1\1", 14) + "rgb");
  DcmDataset thumbnail = encapsulatedImage(std::string("\xFF\xD8", 2) + jfif_thumbnail + scan + std::string("\xFF\xD9", 2),
                                           EXS_JPEGProcess1);
  EXPECT_TRUE(hasKind(checkBinaryContent(thumbnail, false), FindingKind::JpegComment)) << "a JFIF thumbnail";
  DcmDataset tables_between_scans = jpeg(segment('\xC4', std::string(20, '\1')) + scan, "");
  EXPECT_FALSE(hasKind(checkBinaryContent(tables_between_scans, false), FindingKind::JpegComment));

  const auto j2k_tile_comment = [](const std::string& comment) {
    std::string s("\xFF\x4F\xFF\x51\x00\x29", 6);
    s += std::string(39, '\0');
    const std::size_t lcom = comment.size() + 4;
    s += std::string("\xFF\x90\x00\x0A\x00\x00\x00\x00\x00\x00\x00\x01", 12);  // SOT, Psot 0: the last tile-part
    s += std::string{'\xFF', '\x64', static_cast<char>(lcom >> 8), static_cast<char>(lcom & 0xFF), '\0', '\1'} + comment;
    s += std::string("\xFF\x93tile\xFF\xD9", 8);
    return encapsulatedImage(s, EXS_JPEG2000LosslessOnly);
  };
  DcmDataset tile_text = j2k_tile_comment("A.Pendlew 22/07/58");
  EXPECT_TRUE(hasKind(checkBinaryContent(tile_text, false), FindingKind::JpegComment));
  DcmDataset tile_blank = j2k_tile_comment(std::string(18, ' '));
  EXPECT_FALSE(hasKind(checkBinaryContent(tile_blank, false), FindingKind::JpegComment));
}

// Red team D, D5 (2026-12-06): pixel data longer than the image its header declares hides a frame
// no viewer shows.
TEST(VerifyBinary, PixelDataLongerThanItsImageIsAFinding) {
  DcmDataset fits = image(12, 0, {1, 2, 3});
  EXPECT_FALSE(hasKind(checkBinaryContent(fits, false), FindingKind::PixelDataSurplus));
  DcmDataset longer = image(12, 0, {1, 2, 3});
  longer.putAndInsertUint16(DCM_Columns, 1);  // one sample declared, three stored
  const auto findings = checkBinaryContent(longer, false);
  ASSERT_TRUE(hasKind(findings, FindingKind::PixelDataSurplus));
  EXPECT_NE(findings.back().detail.find("4 byte(s)"), std::string::npos) << findings.back().detail;
  DcmDataset frames = image(12, 0, {1, 2, 3, 4});
  frames.putAndInsertUint16(DCM_Columns, 2);
  frames.putAndInsertString(DCM_NumberOfFrames, "2");
  EXPECT_FALSE(hasKind(checkBinaryContent(frames, false), FindingKind::PixelDataSurplus));
}

// Red team C, C1 (2026-12-06): an embedded overlay survives lossless compression; verify decodes.
TEST(VerifyBinary, BitsAboveHighBitInCompressedFramesAreAFinding) {
  DcmRLEEncoderRegistration::registerCodecs();
  const auto encodable = [](DcmDataset& ds) {  // what DCMTK's RLE encoder needs besides image()'s
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  };
  DcmDataset overlay = image(12, 0, {1, 0x8001, 0x8002, 4});
  encodable(overlay);
  ASSERT_TRUE(overlay.chooseRepresentation(EXS_RLELossless, nullptr).good());
  DcmElement* e = nullptr;
  ASSERT_TRUE(overlay.findAndGetElement(DCM_PixelData, e).good());
  static_cast<DcmPixelData*>(e)->removeAllButCurrentRepresentations();
  overlay.updateOriginalXfer();
  ASSERT_TRUE(DcmXfer(overlay.getOriginalXfer()).isEncapsulated());
  const auto findings = checkBinaryContent(overlay, false);
  ASSERT_TRUE(hasKind(findings, FindingKind::HiddenPixelBits));
  DcmDataset clean = image(12, 0, {1, 2, 3, 4});
  encodable(clean);
  ASSERT_TRUE(clean.chooseRepresentation(EXS_RLELossless, nullptr).good());
  clean.findAndGetElement(DCM_PixelData, e);
  static_cast<DcmPixelData*>(e)->removeAllButCurrentRepresentations();
  clean.updateOriginalXfer();
  EXPECT_FALSE(hasKind(checkBinaryContent(clean, false), FindingKind::HiddenPixelBits));
}
