// Red team D, D5 (2026-12-06): native Pixel Data longer than Rows x Columns x frames carried a whole
// hidden frame (the name drawn in it) out; no viewer shows those bytes. The surplus is cut on every
// path (plain, streamed, full load), or the file fails where the cut is not certain.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "declared_pixels.h"
#include "fixtures.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::OutcomeCode;
using imaging::Profile;
using imaging::deid::PixelFit;
using imaging::deid::PixelLayout;
using imaging::deid::fitNativePixels;

namespace {

constexpr const char* kHidden = "HIDDEN-FRAME-QUILLFEATHER";

// The fixture's 8x8 16-bit image followed by a second "frame" that holds kHidden.
void appendHiddenFrame(DcmDataset& ds) {
  std::vector<Uint16> words(128, 7);
  const std::string text = kHidden;
  std::memcpy(words.data() + 64, text.data(), text.size());
  ds.putAndInsertUint16Array(DCM_PixelData, words.data(), static_cast<unsigned long>(words.size()));
}

PixelLayout layout(unsigned rows, unsigned columns, unsigned samples, unsigned bits) {
  PixelLayout l;
  l.rows = rows;
  l.columns = columns;
  l.samples = samples;
  l.bits_allocated = bits;
  return l;
}

unsigned long pixelLength(DcmDataset& ds, const DcmTagKey& tag = DCM_PixelData) {
  DcmElement* e = nullptr;
  return ds.findAndGetElement(tag, e).good() && e != nullptr ? e->getLength() : 0;
}

}  // namespace

TEST(DeclaredPixels, FitFollowsTheDeclaredImage) {
  PixelLayout mono = layout(16, 96, 1, 8);
  EXPECT_EQ(fitNativePixels(mono, 1536).fit, PixelFit::Fits);
  EXPECT_EQ(fitNativePixels(mono, 1000).fit, PixelFit::Fits);  // short: not a leak
  const auto two = fitNativePixels(mono, 3072);
  EXPECT_EQ(two.fit, PixelFit::Surplus);
  EXPECT_EQ(two.declared_bytes, 1536u);
  PixelLayout odd = layout(3, 3, 1, 8);
  EXPECT_EQ(fitNativePixels(odd, 10).fit, PixelFit::Fits);  // 9 bytes, padded to even
  EXPECT_EQ(fitNativePixels(odd, 12).declared_bytes, 10u);
  PixelLayout ybr = layout(4, 4, 3, 8);
  ybr.photometric = "YBR_FULL_422";
  EXPECT_EQ(fitNativePixels(ybr, 32).fit, PixelFit::Fits);
  EXPECT_EQ(fitNativePixels(ybr, 48).declared_bytes, 32u);  // two samples a pixel, not three
  PixelLayout frames = layout(2, 2, 1, 16);
  imaging::deid::setFramesFromText(frames, true, "3 ");
  EXPECT_EQ(fitNativePixels(frames, 24).fit, PixelFit::Fits);
  EXPECT_EQ(fitNativePixels(frames, 26).declared_bytes, 24u);
  EXPECT_EQ(fitNativePixels(layout(2, 2, 1, 8), 24, 4).fit, PixelFit::Surplus);  // float: 4 bytes a sample
  // Not certain: 1-bit data, no Rows, a Number of Frames that is no count.
  EXPECT_EQ(fitNativePixels(layout(8, 8, 1, 1), 10).fit, PixelFit::Uncuttable);
  EXPECT_EQ(fitNativePixels(layout(8, 8, 1, 1), 8).fit, PixelFit::Fits);
  EXPECT_EQ(fitNativePixels(layout(0, 8, 1, 8), 8).fit, PixelFit::Uncuttable);
  PixelLayout bad_frames = layout(2, 2, 1, 8);
  imaging::deid::setFramesFromText(bad_frames, true, "two");
  EXPECT_EQ(fitNativePixels(bad_frames, 4).fit, PixelFit::Uncuttable);
  // Overflowing products fit (no file is that long).
  PixelLayout huge = layout(65535, 65535, 65535, 64);
  imaging::deid::setFramesFromText(huge, true, "2147483647");
  EXPECT_EQ(fitNativePixels(huge, 1u << 30).fit, PixelFit::Fits);
}

TEST(DeclaredPixels, SurplusAfterTheImageIsCutOnEveryPath) {
  for (const bool streamed : {true, false}) {
    for (const E_TransferSyntax xfer : {EXS_LittleEndianExplicit, EXS_LittleEndianImplicit, EXS_BigEndianExplicit}) {
      auto mr = makeMr();
      appendHiddenFrame(*mr->getDataset());
      imaging::DeidConfig config = makeConfig(Profile::defaultProfile());
      config.stream_pixel_data = streamed;
      const std::string name = "pixel_surplus_" + std::to_string(streamed) + "_" + std::to_string(xfer);
      const Result r = run(*mr, config, name, false, xfer);
      ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
      ASSERT_TRUE(r.file);
      EXPECT_EQ(pixelLength(r.ds()), 128u) << name;
      EXPECT_EQ(fileBytes(r.output).find(kHidden), std::string::npos) << name;
      EXPECT_EQ(r.outcome.action_counts.count("cut-pixel-surplus"), 1u) << name;
      const Uint16* words = nullptr;
      ASSERT_TRUE(r.ds().findAndGetUint16Array(DCM_PixelData, words).good());
      EXPECT_EQ(words[63], 7u);  // the declared image is kept as it was
    }
  }
}

TEST(DeclaredPixels, AnImageThatFitsIsCopiedAsBefore) {
  auto mr = makeMr();
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "pixel_fits");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_EQ(pixelLength(r.ds()), 128u);
  EXPECT_EQ(r.outcome.action_counts.count("cut-pixel-surplus"), 0u);
  EXPECT_TRUE(r.outcome.pixel_data_streamed);
}

TEST(DeclaredPixels, FloatPixelDataSurplusIsCut) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.findAndDeleteElement(DCM_PixelData);
  ds.putAndInsertUint16(DCM_BitsAllocated, 32);
  ds.findAndDeleteElement(DCM_BitsStored);
  ds.findAndDeleteElement(DCM_HighBit);
  ds.findAndDeleteElement(DCM_PixelRepresentation);
  std::vector<Float32> values(64 + 16, 1.5f);
  const std::string text = kHidden;
  std::memcpy(values.data() + 64, text.data(), text.size());
  ds.putAndInsertFloat32Array(DCM_FloatPixelData, values.data(), static_cast<unsigned long>(values.size()));
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "float_pixel_surplus");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  EXPECT_EQ(pixelLength(r.ds(), DCM_FloatPixelData), 256u);
  EXPECT_EQ(fileBytes(r.output).find(kHidden), std::string::npos);
}

TEST(DeclaredPixels, AnUncertainCutFailsTheFile) {
  // 1-bit data: the surplus could be per-frame padding some writers add, so it is not cut.
  auto bits = makeMr();
  DcmDataset& ds = *bits->getDataset();
  ds.putAndInsertUint16(DCM_BitsAllocated, 1);
  ds.putAndInsertUint16(DCM_BitsStored, 1);
  ds.putAndInsertUint16(DCM_HighBit, 0);
  std::vector<Uint8> packed(8 + 32, 0x55);
  std::memcpy(packed.data() + 8, kHidden, std::strlen(kHidden));
  ds.putAndInsertUint8Array(DCM_PixelData, packed.data(), static_cast<unsigned long>(packed.size()));
  const Result one_bit = run(*bits, makeConfig(Profile::defaultProfile()), "pixel_surplus_1bit");
  EXPECT_EQ(one_bit.outcome.status, InstanceOutcome::Status::Failed);
  EXPECT_EQ(one_bit.outcome.code, OutcomeCode::InputPixelDataMismatch);
  EXPECT_FALSE(std::filesystem::exists(one_bit.output));
  // No Rows: nothing says how long the image is.
  auto rowless = makeMr();
  rowless->getDataset()->findAndDeleteElement(DCM_Rows);
  const Result r = run(*rowless, makeConfig(Profile::defaultProfile()), "pixel_no_rows");
  EXPECT_EQ(r.outcome.code, OutcomeCode::InputPixelDataMismatch);
}
