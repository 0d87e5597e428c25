// JPEG COM and APPn segments inside encapsulated pixel data (red team B, F8, 2026-12-06): a name,
// ID and birth date in a COM segment or an Exif APP1 right after SOI were copied byte for byte.
// The frames are real JPEG (DCMTK's baseline encoder), the segments planted in code.
#include <gtest/gtest.h>

#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrploss.h>

#include <cstring>
#include <string>
#include <vector>

#include "fixtures.h"
#include "jpeg_segments.h"

using namespace deidtest;
using imaging::InstanceOutcome;
using imaging::Profile;

namespace {

using Bytes = std::vector<Uint8>;
constexpr std::size_t kFrameSize = 64 * 64;

constexpr const char* kComText = "Doe^John PID12345 19800215";
constexpr const char* kArtist = "Exif\0\0Artist: DOE John";  // 22 bytes with the NULs

Bytes segment(Uint8 marker, const std::string& payload) {
  std::string s = {'\xFF', static_cast<char>(marker), static_cast<char>((payload.size() + 2) >> 8),
                   static_cast<char>((payload.size() + 2) & 0xFF)};
  s += payload;
  return Bytes(s.begin(), s.end());
}

const Bytes kApp0 = segment(0xE0, std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14));
const Bytes kCom = segment(0xFE, kComText);                          // 26 + 4: even
const Bytes kApp1 = segment(0xE1, std::string(kArtist, 22));         // 22 + 4: even
const Bytes kOddCom = segment(0xFE, "pt PID12345 dob 15/02/80 DOE");  // 28 + 4 = 32... made odd below

// `frames` 8-bit frames of 64x64 (noise: the scan is longer than the header, so a frame can be cut in two) encoded as baseline JPEG by DCMTK, the frame bytes without padding.
std::vector<Bytes> encodeFrames(int frames) {
  static const bool registered = [] {
    DJEncoderRegistration::registerCodecs();
    return true;
  }();
  (void)registered;
  DcmDataset ds;
  ds.putAndInsertUint16(DCM_Rows, 64);
  ds.putAndInsertUint16(DCM_Columns, 64);
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  ds.putAndInsertUint16(DCM_BitsAllocated, 8);
  ds.putAndInsertUint16(DCM_BitsStored, 8);
  ds.putAndInsertUint16(DCM_HighBit, 7);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
  Bytes pixels(static_cast<std::size_t>(kFrameSize * frames));
  std::uint32_t state = 12345;
  for (Uint8& p : pixels) p = static_cast<Uint8>((state = state * 1103515245u + 12345u) >> 24);
  ds.putAndInsertUint8Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  const DJ_RPLossy params(90);
  EXPECT_TRUE(ds.chooseRepresentation(EXS_JPEGProcess1, &params).good());
  DcmElement* element = nullptr;
  EXPECT_TRUE(ds.findAndGetElement(DCM_PixelData, element).good());
  DcmPixelSequence* sequence = nullptr;
  EXPECT_TRUE(static_cast<DcmPixelData*>(element)->getEncapsulatedRepresentation(EXS_JPEGProcess1, &params, sequence).good());
  std::vector<Bytes> out;
  for (unsigned long i = 1; sequence != nullptr && i < sequence->card(); ++i) {
    DcmPixelItem* item = nullptr;
    Uint8* bytes = nullptr;
    sequence->getItem(item, i);
    item->getUint8Array(bytes);
    Bytes frame(bytes, bytes + item->getLength());
    while (frame.size() > 2 && !(frame[frame.size() - 2] == 0xFF && frame.back() == 0xD9)) frame.pop_back();
    out.push_back(frame);
  }
  return out;
}

// The frame's own APP0 (if DCMTK wrote one) replaced by ours, then `extra` after it.
Bytes withSegments(const Bytes& frame, const std::vector<Bytes>& extra) {
  std::size_t rest = 2;
  if (frame[2] == 0xFF && frame[3] == 0xE0) rest = 4 + (static_cast<std::size_t>(frame[4]) << 8 | frame[5]);
  std::string out("\xFF\xD8", 2);
  out.append(kApp0.begin(), kApp0.end());
  for (const Bytes& e : extra) out.append(e.begin(), e.end());
  out.append(frame.begin() + static_cast<long>(rest), frame.end());
  return Bytes(out.begin(), out.end());
}

// An 8-bit MR whose pixel data is `frames` in transfer syntax `xfer`, each cut into `parts`
// fragments, with or without a Basic Offset Table.
std::unique_ptr<DcmFileFormat> jpegMr(const std::vector<Bytes>& frames, bool offset_table, int parts = 1,
                                      E_TransferSyntax xfer = EXS_JPEGProcess1) {
  auto mr = makeMr();
  DcmDataset& ds = *mr->getDataset();
  ds.findAndDeleteElement(DCM_PixelData);
  ds.putAndInsertUint16(DCM_Rows, 64);
  ds.putAndInsertUint16(DCM_Columns, 64);
  ds.putAndInsertUint16(DCM_BitsAllocated, 8);
  ds.putAndInsertUint16(DCM_BitsStored, 8);
  ds.putAndInsertUint16(DCM_HighBit, 7);
  ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames.size()).c_str());
  auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
  auto* table = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
  sequence->insert(table);
  Bytes offsets;
  std::uint32_t position = 0;
  for (Bytes frame : frames) {
    for (int k = 0; k < 4; ++k) offsets.push_back(static_cast<Uint8>((position >> (8 * k)) & 0xFF));
    if (frame.size() % 2) frame.push_back(0);
    const std::size_t step = ((frame.size() / static_cast<std::size_t>(parts)) + 1) & ~std::size_t{1};
    for (std::size_t at = 0; at < frame.size(); at += step) {
      auto* item = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
      const std::size_t length = std::min(step, frame.size() - at);
      item->putUint8Array(frame.data() + at, static_cast<unsigned long>(length));
      sequence->insert(item);
      position += static_cast<std::uint32_t>(8 + length);
    }
  }
  if (offset_table) table->putUint8Array(offsets.data(), static_cast<unsigned long>(offsets.size()));
  auto* pixel = new DcmPixelData(DCM_PixelData);
  pixel->putOriginalRepresentation(xfer, nullptr, sequence);
  ds.insert(pixel);
  return mr;
}

struct Fragments {
  std::vector<Bytes> items;  // [0] is the Basic Offset Table
};

Fragments fragmentsOf(DcmDataset& ds, E_TransferSyntax xfer = EXS_JPEGProcess1) {
  Fragments f;
  DcmElement* element = nullptr;
  if (ds.findAndGetElement(DCM_PixelData, element).bad()) return f;
  DcmPixelSequence* sequence = nullptr;
  if (static_cast<DcmPixelData*>(element)->getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() ||
      sequence == nullptr)
    return f;
  for (unsigned long i = 0; i < sequence->card(); ++i) {
    DcmPixelItem* item = nullptr;
    Uint8* bytes = nullptr;
    sequence->getItem(item, i);
    item->getUint8Array(bytes);
    f.items.emplace_back(bytes, bytes + item->getLength());
  }
  return f;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// The decoded 8-bit samples of a file (all frames).
Bytes decoded(const std::filesystem::path& file) {
  DcmFileFormat f;
  if (f.loadFile(file.c_str()).bad()) return {};
  DcmDataset& ds = *f.getDataset();
  if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()) return {};
  const Uint8* bytes = nullptr;
  unsigned long count = 0;
  if (ds.findAndGetUint8Array(DCM_PixelData, bytes, &count).bad() || bytes == nullptr) return {};
  return Bytes(bytes, bytes + count);
}

void expectNoIdentity(const std::filesystem::path& output) {
  const std::string out = fileBytes(output);
  EXPECT_FALSE(contains(out, kComText));
  EXPECT_FALSE(contains(out, "Artist: DOE"));
  EXPECT_FALSE(contains(out, "PID12345"));
  EXPECT_FALSE(contains(out, "15/02/80"));
}

}  // namespace

TEST(JpegSegments, ComAndApp1AreDroppedApp0StaysAndTheFrameStillDecodes) {
  const Bytes frame = withSegments(encodeFrames(1).at(0), {kCom, kApp1});
  for (const bool full_load : {false, true}) {
    auto mr = jpegMr({frame}, false);
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), full_load ? "jpeg-com-full" : "jpeg-com",
                         /*record_changes=*/full_load, EXS_JPEGProcess1);
    ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
    ASSERT_TRUE(r.file);
    expectNoIdentity(r.output);
    const Fragments f = fragmentsOf(r.ds());
    ASSERT_EQ(f.items.size(), 2u);
    const Bytes& out = f.items[1];
    EXPECT_EQ(out.size() % 2, 0u);
    ASSERT_GE(out.size(), 2 + kApp0.size());
    EXPECT_TRUE(std::equal(kApp0.begin(), kApp0.end(), out.begin() + 2)) << "APP0 (JFIF) is kept right after SOI";
    EXPECT_EQ(out.size(), frame.size() - kCom.size() - kApp1.size());
    const Bytes in_pixels = decoded(r.input), out_pixels = decoded(r.output);
    ASSERT_EQ(in_pixels.size(), kFrameSize);
    EXPECT_EQ(out_pixels, in_pixels);
  }
}

TEST(JpegSegments, MultiFrameOffsetTableFollowsTheShorterFrames) {
  const std::vector<Bytes> encoded = encodeFrames(3);
  Bytes odd_com = kOddCom;
  odd_com.push_back('!');  // 33 bytes: the frame's length changes parity
  ++odd_com[3];
  const std::vector<Bytes> frames = {withSegments(encoded[0], {kCom}), withSegments(encoded[1], {}),
                                     withSegments(encoded[2], {odd_com, kApp1})};
  for (const int parts : {1, 2}) {
    auto mr = jpegMr(frames, true, parts);
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "jpeg-multi-" + std::to_string(parts), false,
                         EXS_JPEGProcess1);
    ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
    ASSERT_TRUE(r.file);
    expectNoIdentity(r.output);
    const Fragments f = fragmentsOf(r.ds());
    ASSERT_EQ(f.items.size(), 1u + 3u * static_cast<unsigned>(parts));
    ASSERT_EQ(f.items[0].size(), 12u);
    std::uint32_t position = 0;
    for (std::size_t frame = 0; frame < 3; ++frame) {
      std::uint32_t offset = 0;
      std::memcpy(&offset, f.items[0].data() + 4 * frame, 4);
      EXPECT_EQ(offset, position) << "frame " << frame;
      const Bytes& first = f.items[1 + frame * static_cast<std::size_t>(parts)];
      EXPECT_TRUE(first.size() > 2 && first[0] == 0xFF && first[1] == 0xD8) << "frame " << frame << " starts with SOI";
      for (int k = 0; k < parts; ++k) {
        const Bytes& item = f.items[1 + frame * static_cast<std::size_t>(parts) + static_cast<std::size_t>(k)];
        EXPECT_EQ(item.size() % 2, 0u);
        position += static_cast<std::uint32_t>(8 + item.size());
      }
    }
    const Bytes in_pixels = decoded(r.input), out_pixels = decoded(r.output);
    ASSERT_EQ(in_pixels.size(), 3 * kFrameSize);
    EXPECT_EQ(out_pixels, in_pixels) << parts << " fragment(s) per frame";
  }
}

TEST(JpegSegments, FrameWithoutSuchSegmentsIsCopiedByteForByte) {
  const Bytes frame = withSegments(encodeFrames(1).at(0), {});
  auto mr = jpegMr({frame}, true);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "jpeg-plain", false, EXS_JPEGProcess1);
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  // The Pixel Data element is the file's last: the tails from its tag on are the same bytes.
  const std::string tag("\xE0\x7F\x10\x00OB", 6);
  const std::string in = fileBytes(r.input), out = fileBytes(r.output);
  ASSERT_NE(in.rfind(tag), std::string::npos);
  ASSERT_NE(out.rfind(tag), std::string::npos);
  EXPECT_TRUE(in.substr(in.rfind(tag)) == out.substr(out.rfind(tag)));
}

TEST(JpegSegments, FrameWhoseHeaderCannotBeWalkedIsRefused) {
  Bytes frame = withSegments(encodeFrames(1).at(0), {kCom});
  frame[2 + kApp0.size() + 2] = 0x7F;  // the COM segment's length now runs far past the fragment
  for (const bool full_load : {false, true}) {
    auto mr = jpegMr({frame}, false);
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), full_load ? "jpeg-bad-full" : "jpeg-bad",
                         full_load, EXS_JPEGProcess1);
    EXPECT_EQ(r.outcome.status, InstanceOutcome::Status::Failed);
    EXPECT_EQ(r.outcome.code, imaging::OutcomeCode::InputUnsafeStructure);
    EXPECT_FALSE(std::filesystem::exists(r.output));
  }
}

TEST(JpegSegments, PlanKeepsApp0App14AndDropsTheRest) {
  for (int m = 0xE0; m <= 0xEF; ++m)
    EXPECT_EQ(imaging::deid::isStrippedJpegMarker(static_cast<std::uint8_t>(m)), m != 0xE0 && m != 0xEE) << m;
  EXPECT_TRUE(imaging::deid::isStrippedJpegMarker(0xFE));
  EXPECT_FALSE(imaging::deid::isStrippedJpegMarker(0xDB));  // quantisation tables
  EXPECT_FALSE(imaging::deid::isStrippedJpegMarker(0xC4));  // Huffman tables
}

namespace {

// A JPEG 2000 codestream's skeleton: SOC, SIZ (zeros), a COM segment with `comment` (Rcom 1:
// Latin text), SOT and some tile data, EOC. Not decodable; the engine does not decode it.
Bytes j2kCodestream(const std::string& comment) {
  std::string s("\xFF\x4F", 2);
  s += std::string("\xFF\x51\x00\x29", 4) + std::string(39, '\0');  // SIZ: Lsiz 41
  const std::size_t lcom = comment.size() + 4;
  s += std::string{'\xFF', '\x64', static_cast<char>(lcom >> 8), static_cast<char>(lcom & 0xFF), '\0', '\1'} + comment;
  s += std::string("\xFF\x90\x00\x0A", 4) + std::string(8, '\0');  // SOT: Lsot 10, Psot 0 (the last)
  s += std::string("\xFF\x93", 2) + "tile-data";                      // SOD, then the tile's data
  s += std::string("\xFF\xD9", 2);
  return Bytes(s.begin(), s.end());
}

}  // namespace

// JPEG 2000 carries comments too (COM, FF64, in the main header): their text is overwritten with
// spaces in place, so the codestream keeps every length and the rest of it byte for byte.
TEST(JpegSegments, Jpeg2000CommentTextIsBlankedInPlace) {
  const Bytes in = j2kCodestream(kComText);
  for (const bool full_load : {false, true}) {
    auto mr = jpegMr({in}, false, 1, EXS_JPEG2000LosslessOnly);
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), full_load ? "j2k-com-full" : "j2k-com",
                         /*record_changes=*/full_load, EXS_JPEG2000LosslessOnly);
    ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
    ASSERT_TRUE(r.file);
    expectNoIdentity(r.output);
    const Fragments f = fragmentsOf(r.ds(), EXS_JPEG2000LosslessOnly);
    ASSERT_EQ(f.items.size(), 2u);
    const Bytes& out = f.items[1];
    Bytes expected = j2kCodestream(std::string(std::strlen(kComText), ' '));
    if (expected.size() % 2) expected.push_back(0);
    EXPECT_EQ(out, expected);
  }
}

namespace {

// `frame` (ending with EOI) with `before_eoi` segments put between its scan data and EOI, and
// `after_eoi` bytes after it.
Bytes withTail(const Bytes& frame, const std::vector<Bytes>& before_eoi, const std::string& after_eoi) {
  Bytes out(frame.begin(), frame.end() - 2);
  for (const Bytes& e : before_eoi) out.insert(out.end(), e.begin(), e.end());
  out.push_back(0xFF);
  out.push_back(0xD9);
  out.insert(out.end(), after_eoi.begin(), after_eoi.end());
  return out;
}

}  // namespace

// Segments after the first scan (2026-12-06): a COM or APPn between scans or before EOI, in the
// frame's first fragment or a later one, went out byte for byte because only the header up to
// the first SOS was walked; text after EOI too.
TEST(JpegSegments, SegmentsAfterTheFirstScanAreDroppedInEveryFragment) {
  const Bytes frame = withTail(withSegments(encodeFrames(1).at(0), {}), {kCom, kApp1}, "");
  for (const int parts : {1, 2, 3}) {
    auto mr = jpegMr({frame}, true, parts);
    const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "jpeg-tail-" + std::to_string(parts),
                         /*record_changes=*/parts == 3, EXS_JPEGProcess1);
    ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
    ASSERT_TRUE(r.file);
    expectNoIdentity(r.output);
    const Fragments f = fragmentsOf(r.ds());
    std::size_t total = 0;
    for (std::size_t i = 1; i < f.items.size(); ++i) {
      EXPECT_EQ(f.items[i].size() % 2, 0u);
      total += f.items[i].size();
    }
    EXPECT_LE(total, frame.size() - kCom.size() - kApp1.size() + 2u);
    EXPECT_EQ(decoded(r.output), decoded(r.input)) << parts << " fragment(s)";
  }
}

TEST(JpegSegments, TextAfterTheEndOfTheImageIsCutZeroPaddingStays) {
  const Bytes base = withSegments(encodeFrames(1).at(0), {});
  const Bytes with_text = withTail(base, {}, std::string("pt PID12345 dob 15/02/80 DOE", 28));
  auto mr = jpegMr({with_text}, false);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "jpeg-after-eoi", false, EXS_JPEGProcess1);
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  expectNoIdentity(r.output);
  const Fragments f = fragmentsOf(r.ds());
  ASSERT_EQ(f.items.size(), 2u);
  const Bytes& out = f.items[1];
  ASSERT_GE(out.size(), 3u);
  const bool ends_with_eoi = (out[out.size() - 2] == 0xFF && out.back() == 0xD9) ||
                             (out[out.size() - 3] == 0xFF && out[out.size() - 2] == 0xD9 && out.back() == 0);
  EXPECT_TRUE(ends_with_eoi);
  EXPECT_EQ(decoded(r.output), decoded(r.input));

  // Zero padding after EOI is no text: the frame is copied as it is.
  auto padded = jpegMr({withTail(base, {}, std::string(6, '\0'))}, false);
  const Result p = run(*padded, makeConfig(Profile::defaultProfile()), "jpeg-padded", false, EXS_JPEGProcess1);
  ASSERT_EQ(p.outcome.status, InstanceOutcome::Status::Kept) << p.outcome.reason;
  const std::string tag("\xE0\x7F\x10\x00OB", 6);
  const std::string in = fileBytes(p.input), out_bytes = fileBytes(p.output);
  EXPECT_TRUE(in.substr(in.rfind(tag)) == out_bytes.substr(out_bytes.rfind(tag)));
}

// A COM segment in a JPEG 2000 tile-part header (after SOT, before SOD), not only in the main header.
TEST(JpegSegments, Jpeg2000TilePartCommentTextIsBlankedToo) {
  const auto codestream = [](const std::string& comment) {
    std::string s("\xFF\x4F", 2);
    s += std::string("\xFF\x51\x00\x29", 4) + std::string(39, '\0');
    const std::string tile_data = "tile-data!";
    const std::size_t lcom = comment.size() + 4;
    const std::string com = std::string{'\xFF', '\x64', static_cast<char>(lcom >> 8), static_cast<char>(lcom & 0xFF), '\0', '\1'} + comment;
    const std::uint32_t psot = static_cast<std::uint32_t>(12 + com.size() + 2 + tile_data.size());
    s += std::string("\xFF\x90\x00\x0A\x00\x00", 6);
    for (int k = 3; k >= 0; --k) s += static_cast<char>((psot >> (8 * k)) & 0xFF);
    s += std::string("\x00\x01", 2) + com + std::string("\xFF\x93", 2) + tile_data;
    s += std::string("\xFF\xD9", 2);
    return Bytes(s.begin(), s.end());
  };
  auto mr = jpegMr({codestream(kComText)}, false, 1, EXS_JPEG2000LosslessOnly);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "j2k-tile-com", false, EXS_JPEG2000LosslessOnly);
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  expectNoIdentity(r.output);
  const Fragments f = fragmentsOf(r.ds(), EXS_JPEG2000LosslessOnly);
  ASSERT_EQ(f.items.size(), 2u);
  Bytes expected = codestream(std::string(std::strlen(kComText), ' '));
  if (expected.size() % 2) expected.push_back(0);
  EXPECT_EQ(f.items[1], expected);
}

// APP0 and APP14 are kept for decoding, but only as their defined fields (red team D, D4,
// 2026-12-06): a JFIF thumbnail showing the name, JFXX with a whole JPEG, text after Adobe's fields.
TEST(JpegSegments, App0AndApp14KeepOnlyTheirDefinedFields) {
  std::string thumb_payload = std::string("JFIF\0\1\1\0\0\1\0\1\2\1", 14) + std::string(2 * 1 * 3, '\x7F');  // 2x1 RGB thumbnail
  const Bytes app0_thumb = segment(0xE0, thumb_payload);
  const Bytes app0_text = segment(0xE0, std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14) + "PID12345");
  const Bytes jfxx = segment(0xE0, std::string("JFXX\0\x13", 6) + kComText);
  const Bytes adobe_text = segment(0xEE, std::string("Adobe\0\144\0\0\0\0\1", 12) + "Doe^John PID12345");
  const Bytes frame = withSegments(encodeFrames(1).at(0), {app0_thumb, app0_text, jfxx, adobe_text});
  auto mr = jpegMr({frame}, false);
  const Result r = run(*mr, makeConfig(Profile::defaultProfile()), "jpeg-app0-app14", false, EXS_JPEGProcess1);
  ASSERT_EQ(r.outcome.status, InstanceOutcome::Status::Kept) << r.outcome.reason;
  expectNoIdentity(r.output);
  const std::string out = fileBytes(r.output);
  EXPECT_FALSE(contains(out, "JFXX"));
  EXPECT_FALSE(contains(out, std::string(6, '\x7F'))) << "the thumbnail's pixels are gone";
  EXPECT_TRUE(contains(out, std::string("\xFF\xEE\x00\x0E" "Adobe", 9))) << "Adobe's 12 bytes stay for the decoder";
  EXPECT_EQ(decoded(r.output), decoded(r.input));
}

// Red team D, D3 (2026-12-06): a COM in a frame labelled progressive JPEG (.55, retired) was not
// walked because only six JPEG syntaxes were listed.
TEST(JpegSegments, EveryJpegProcessIsWalkedVideoIsNot) {
  using imaging::deid::isJpegFamilyTransferSyntax;
  for (const char* uid : {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.55", "1.2.840.10008.1.2.4.66",
                          "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.93",
                          "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.203"})
    EXPECT_TRUE(isJpegFamilyTransferSyntax(uid)) << uid;
  for (const char* uid : {"1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.67",
                          "1.2.840.10008.1.2.4.050", "1.2.840.10008.1.2.4.", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.5"})
    EXPECT_FALSE(isJpegFamilyTransferSyntax(uid)) << uid;
}
