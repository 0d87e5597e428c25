// Identity in binary content (red team B, 2026-12-06): unknown public attributes with binary VRs,
// Burned In Annotation written as UN, overlays embedded in the unused high bits of the pixel data.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "fixtures.h"
#include "imaging/deid/parts.h"
#include "pixel_stream.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

void putBytes(DcmItem& item, const DcmTagKey& tag, DcmEVR vr, const std::string& value) {
  auto* elem = new DcmOtherByteOtherWord(DcmTag(tag, vr));
  elem->putUint8Array(reinterpret_cast<const Uint8*>(value.data()), static_cast<unsigned long>(value.size()));
  item.insert(elem, true);
}

std::string utf16le(const std::string& ascii) {
  std::string out;
  for (char c : ascii) out += std::string{c, '\0'};
  return out;
}

// The fixture's 8x8 pixels as 16-bit samples, Bits Stored 12, with bit 15 drawn (an embedded
// overlay) and an overlay group that says so, without Overlay Data.
void embedOverlay(DcmDataset& ds, bool is_signed) {
  ds.putAndInsertUint16(DCM_BitsAllocated, 16);
  ds.putAndInsertUint16(DCM_BitsStored, 12);
  ds.putAndInsertUint16(DCM_HighBit, 11);
  ds.putAndInsertUint16(DCM_PixelRepresentation, is_signed ? 1 : 0);
  std::vector<Uint16> pixels(64);
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    pixels[i] = static_cast<Uint16>(100 + i);
    if (is_signed && i % 4 == 0) pixels[i] = 0xF000 | 0x0F00;  // -256, sign-extended as writers do
    if (i % 3 == 0) pixels[i] |= 0x8000;                        // the overlay's bit
  }
  ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  for (Uint16 g : {Uint16{0x6000}, Uint16{0x6002}}) {
    ds.findAndDeleteElement(DcmTagKey(g, 0x3000));
    ds.putAndInsertUint16(DcmTagKey(g, 0x0010), 8);
    ds.putAndInsertUint16(DcmTagKey(g, 0x0011), 8);
    ds.putAndInsertString(DcmTagKey(g, 0x0040), "G");
    ds.putAndInsertUint16(DcmTagKey(g, 0x0100), 16);
    ds.putAndInsertUint16(DcmTagKey(g, 0x0102), 15);
  }
}

std::vector<Uint16> samples(DcmDataset& ds) {
  const Uint16* words = nullptr;
  unsigned long count = 0;
  EXPECT_TRUE(ds.findAndGetUint16Array(DCM_PixelData, words, &count).good());
  return words == nullptr ? std::vector<Uint16>() : std::vector<Uint16>(words, words + count);
}

}  // namespace

TEST(BinaryContent, UnknownPublicAttributesAreRemovedWhateverTheirVr) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  const DcmTagKey ob(0x0018, 0xEEE6), ow(0x0020, 0xEEE8), lo(0x0010, 0xEEE4), nested(0x0010, 0xEEE0);
  ASSERT_STREQ(DcmTag(ob).getTagName(), DcmTag_ERROR_TagName);
  putBytes(ds, ob, EVR_OB, "pt 48213377 dob 14/03/61 MRN 4821-3377");
  putBytes(ds, ow, EVR_OW, utf16le("QUILLFEATHER O. 1961-03-14"));
  DcmElement* text = DcmItem::newDicomElement(DcmTag(lo, EVR_LO));
  text->putString("Doe John");
  ds.insert(text, true);
  DcmItem* item = nullptr;
  ASSERT_TRUE(ds.findOrCreateSequenceItem(DCM_ReferencedSeriesSequence, item, 0).good());
  putBytes(*item, nested, EVR_OB, "pt 48213377 inside an item");

  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "unknown_public");
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  ASSERT_TRUE(r.file);
  EXPECT_FALSE(has(r.ds(), ob));
  EXPECT_FALSE(has(r.ds(), ow));
  EXPECT_FALSE(has(r.ds(), lo));
  const std::string out = fileBytes(r.output);
  EXPECT_EQ(out.find("48213377"), std::string::npos);
  EXPECT_EQ(out.find(utf16le("QUILLFEATHER")), std::string::npos);
  EXPECT_EQ(out.find("inside an item"), std::string::npos);
  EXPECT_GE(r.outcome.action_counts.at("remove-unknown"), 3);
}

TEST(BinaryContent, BurnedInAnnotationYesIsSeenInAnyVr) {
  const std::string spellings[] = {"YES", "YES\0", " yes", "Yes \0"};
  int n = 0;
  for (const std::string& value : spellings) {
    for (const DcmEVR vr : {EVR_UN, EVR_OB}) {
      auto mr = makeMr();
      putBytes(*mr->getDataset(), DCM_BurnedInAnnotation, vr, value.size() % 2 ? value + " " : value);
      const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "bia_" + std::to_string(n++));
      EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Excluded) << DcmVR(vr).getVRName() << " '" << value << "'";
      EXPECT_EQ(r.outcome.code, imaging::OutcomeCode::BurnedInAnnotation);
    }
  }
  // NUL padding on the CS value itself.
  auto mr = makeMr();
  mr->getDataset()->putAndInsertOFStringArray(DCM_BurnedInAnnotation, OFString("YES\0", 4));
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "bia_cs_nul");
  EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Excluded);
}

TEST(BinaryContent, EmbeddedOverlayGroupAndItsPixelBitsAreRemoved) {
  for (const E_TransferSyntax xfer : {EXS_LittleEndianExplicit, EXS_LittleEndianImplicit, EXS_BigEndianExplicit}) {
    auto mr = makeMr();
    embedOverlay(*mr->getDataset(), false);
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "embedded_overlay_" + std::to_string(xfer),
                         false, xfer);
    ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
    ASSERT_TRUE(r.file);
    for (Uint16 g : {Uint16{0x6000}, Uint16{0x6002}}) {
      EXPECT_FALSE(has(r.ds(), DcmTagKey(g, 0x0010))) << std::hex << g;
      EXPECT_FALSE(has(r.ds(), DcmTagKey(g, 0x0102))) << std::hex << g;
    }
    const std::vector<Uint16> out = samples(r.ds());
    ASSERT_EQ(out.size(), 64u);
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], 100 + i) << "sample " << i << " xfer " << xfer;
  }
}

TEST(BinaryContent, SignedSamplesKeepTheirSignAboveHighBit) {
  auto mr = makeMr();
  embedOverlay(*mr->getDataset(), true);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "embedded_overlay_signed");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  const std::vector<Uint16> out = samples(r.ds());
  ASSERT_EQ(out.size(), 64u);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const Uint16 expected = i % 4 == 0 ? Uint16{0xFF00} : static_cast<Uint16>(100 + i);
    EXPECT_EQ(out[i], expected) << "sample " << i;
  }
}

TEST(BinaryContent, OverlayDataKeptByCleanGraphicsKeepsItsGroup) {
  // The fixture's overlay has Overlay Data: under Clean Graphics it stays, as before.
  auto mr = makeMr();
  Profile profile = Profile::defaultProfile();
  profile.options.insert(imaging::DeidOption::CleanGraphics);
  const Result r = run(*mr, makeConfig(profile), "overlay_clean_graphics");
  ASSERT_TRUE(r.file) << r.outcome.reason;
  EXPECT_TRUE(has(r.ds(), DcmTagKey(0x6000, 0x3000)));
  EXPECT_TRUE(has(r.ds(), DcmTagKey(0x6000, 0x0010)));
  const Result d = run(*mr, makeConfig(Profile::defaultProfile()), "overlay_default");
  ASSERT_TRUE(d.file) << d.outcome.reason;
  EXPECT_FALSE(has(d.ds(), DcmTagKey(0x6000, 0x3000)));
  EXPECT_FALSE(has(d.ds(), DcmTagKey(0x6000, 0x0010)));
}

TEST(BinaryContent, KeepStoredBitsMasksEachSampleWidth) {
  using imaging::deid::SampleBits;
  char eight[] = {'\xFF', '\x0F'};
  imaging::deid::keepStoredBits(eight, 2, SampleBits{8, 6, 5, false});
  EXPECT_EQ(eight[0], '\x3F');
  EXPECT_EQ(eight[1], '\x0F');
  char sixteen[] = {'\x34', '\x92'};  // 0x9234, bits stored 12 at 11..0
  EXPECT_TRUE(imaging::deid::anyBitsOutsideStored(sixteen, 2, SampleBits{16, 12, 11, false}));
  imaging::deid::keepStoredBits(sixteen, 2, SampleBits{16, 12, 11, false});
  EXPECT_EQ(std::string(sixteen, 2), std::string("\x34\x02", 2));
  EXPECT_FALSE(imaging::deid::anyBitsOutsideStored(sixteen, 2, SampleBits{16, 12, 11, false}));
  char wide[] = {'\x01', '\x00', '\x00', '\xF0'};  // bits stored 24 at 23..0
  imaging::deid::keepStoredBits(wide, 4, SampleBits{32, 24, 23, false});
  EXPECT_EQ(std::string(wide, 4), std::string("\x01\x00\x00\x00", 4));
  EXPECT_FALSE((SampleBits{16, 16, 15, false}.hasUnusedBits()));
  EXPECT_FALSE((SampleBits{16, 12, 16, false}.hasUnusedBits()));  // inconsistent: left alone
}

// The check ORs 8 bytes at a time; a sample-by-sample reference must agree on every length (a
// partial sample at the end is ignored), width and layout, signed layouts included.
TEST(BinaryContent, BitsOutsideStoredAgreesWithASampleBySampleCheck) {
  using imaging::deid::SampleBits;
  std::mt19937 random(20261206);
  for (int round = 0; round < 3000; ++round) {
    const unsigned allocated = std::array<unsigned, 3>{8, 16, 32}[random() % 3];
    const unsigned stored = 1 + random() % (allocated - 1);
    const unsigned high = stored - 1 + random() % (allocated - stored + 1);
    const bool is_signed = random() % 4 == 0;
    const SampleBits bits{allocated, stored, high, is_signed};
    std::vector<char> bytes(random() % 70);
    const std::uint64_t ones = (std::uint64_t{1} << stored) - 1, mask = ones << (high + 1 - stored);
    for (char& b : bytes) b = static_cast<char>(random() % 8 == 0 ? random() : 0);
    if (random() % 2 == 0) {  // mostly in range: values inside the mask only
      for (std::size_t i = 0; i + allocated / 8 <= bytes.size(); i += allocated / 8) {
        std::uint64_t v = 0;
        std::memcpy(&v, bytes.data() + i, allocated / 8);
        v &= mask;
        std::memcpy(bytes.data() + i, &v, allocated / 8);
      }
    }
    // Reference: clear what keepStoredBits would change; any difference means bits were outside.
    std::vector<char> kept = bytes;
    imaging::deid::keepStoredBits(kept.data(), kept.size(), bits);
    EXPECT_EQ(imaging::deid::anyBitsOutsideStored(bytes.data(), bytes.size(), bits), kept != bytes)
        << "allocated " << allocated << " stored " << stored << " high " << high << " signed " << is_signed
        << " size " << bytes.size();
  }
}
