// Red team C, C1 (2026-12-06): bits above High Bit (an embedded overlay drawing the name) were
// cleared in native pixel data only; RLE, JPEG lossless, JPEG-LS and JPEG 2000 frames kept them.
// Frames that can hold such bits are decoded; where a sample has one, the image is written native
// (explicit VR little endian) without it; what cannot be decoded here fails with a typed reason.
#include <gtest/gtest.h>

#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrleerg.h>

#include <string>
#include <vector>

#include "fixtures.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::OutcomeCode;
using imaging::Profile;

namespace {

// The fixture's 8x8 image, Bits Stored 12, with bit 15 set in every third sample when `overlay`.
void twelveBits(DcmDataset& ds, bool overlay) {
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, 12);
  ds.putAndInsertUint16(DCM_HighBit, 11);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  std::vector<Uint16> pixels(64);
  for (std::size_t i = 0; i < pixels.size(); ++i)
    pixels[i] = static_cast<Uint16>((100 + i) | (overlay && i % 3 == 0 ? 0x8000 : 0));
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
}

std::string metaSyntax(DcmFileFormat& file) { return str(*file.getMetaInfo(), DCM_TransferSyntaxUID); }

// An MR whose pixel data is one JPEG 2000 "codestream" fragment: SOC and a SIZ marker declaring
// `precision` bits for its one component, one empty tile-part (enough of a codestream for the
// main-header walk and the SIZ check).
void j2kPixels(DcmDataset& ds, unsigned precision) {
  twelveBits(ds, false);
  ds.findAndDeleteElement(DCM_PixelData);
  std::string frame = {'\xFF', '\x4F', '\xFF', '\x51', '\x00', '\x29', '\x00', '\x00'};
  frame += std::string(32, '\0');                           // sizes and offsets
  frame += {'\x00', '\x01', static_cast<char>(precision - 1), '\x01', '\x01'};  // Csiz 1, Ssiz, XRsiz, YRsiz
  frame += std::string("\xFF\x90\x00\x0A\x00\x00\x00\x00\x00\x00\x00\x01\xFF\x93\xFF\xD9", 16);  // SOT, SOD, EOC
  if (frame.size() % 2) frame += '\0';
  auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
  sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));
  auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
  fragment->putUint8Array(reinterpret_cast<const Uint8*>(frame.data()), static_cast<unsigned long>(frame.size()));
  sequence->insert(fragment);
  auto* pixel = new DcmPixelData(DCM_PixelData);
  pixel->putOriginalRepresentation(EXS_JPEG2000LosslessOnly, nullptr, sequence);
  ds.insert(pixel, true);
}

}  // namespace

TEST(CompressedBits, RleFramesWithBitsAboveHighBitAreWrittenNativeWithoutThem) {
  DcmRLEEncoderRegistration::registerCodecs();
  for (const bool streamed : {true, false}) {
    auto mr = makeMr();
    twelveBits(*mr->getDataset(), true);
    ASSERT_TRUE(mr->getDataset()->chooseRepresentation(EXS_RLELossless, nullptr).good());
    imaging::DeidConfig config = makeConfig(Profile::defaultProfile());
    config.stream_pixel_data = streamed;
    const Result r = run(*mr, config, "rle_hidden_bits_" + std::to_string(streamed), false, EXS_RLELossless);
    ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
    ASSERT_TRUE(r.file);
    EXPECT_EQ(metaSyntax(*r.file), UID_LittleEndianExplicitTransferSyntax);
    EXPECT_EQ(r.outcome.written.transfer_syntax_uid, UID_LittleEndianExplicitTransferSyntax);
    EXPECT_EQ(r.outcome.action_counts.count("decompress-clear-hidden-bits"), 1u);
    const Uint16* words = nullptr;
    unsigned long count = 0;
    ASSERT_TRUE(r.ds().findAndGetUint16Array(DCM_PixelData, words, &count).good());
    ASSERT_EQ(count, 64u);
    for (unsigned long i = 0; i < count; ++i) EXPECT_EQ(words[i], 100 + i) << "sample " << i;
  }
}

TEST(CompressedBits, RleFramesWithoutSuchBitsStayCompressed) {
  DcmRLEEncoderRegistration::registerCodecs();
  auto mr = makeMr();
  twelveBits(*mr->getDataset(), false);
  ASSERT_TRUE(mr->getDataset()->chooseRepresentation(EXS_RLELossless, nullptr).good());
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "rle_clean_bits", false, EXS_RLELossless);
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  EXPECT_EQ(metaSyntax(*r.file), UID_RLELosslessTransferSyntax);
  EXPECT_EQ(r.outcome.action_counts.count("decompress-clear-hidden-bits"), 0u);
}

// Ordinary lossless encoders (DCMTK's dcmcjpeg and dcmcjpls, GDCM's gdcmconv --j2k) code 12-bit
// CT and MR with a 16-bit precision: refusing such frames (this test's first form, 2026-12-06)
// refused every such disk, so they are copied unread like before (docs/hardening.md, left).
TEST(CompressedBits, Jpeg2000CodingMoreBitsThanStoredIsExportedAsEncodersWriteIt) {
  for (const int precision : {16, 12}) {
    auto mr = makeMr();
    j2kPixels(*mr->getDataset(), precision);
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "j2k_precision_" + std::to_string(precision), false,
                         EXS_JPEG2000LosslessOnly);
    EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << precision << ": " << r.outcome.reason;
  }
}
