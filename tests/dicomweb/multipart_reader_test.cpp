// The multipart/related push parser: parts must come out byte for byte whatever the chunking,
// including bytes that look like the start of a boundary; malformed and cut-off bodies must throw.
#include "multipart_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imaging/core/error.h"

using imaging::ErrorCode;
using imaging::dicomweb_detail::MultipartReader;
using imaging::dicomweb_detail::multipartBoundary;

namespace {

struct Collected {
  std::vector<std::string> types, bodies;
  int ends = 0;
};

MultipartReader::Handlers collectInto(Collected& c) {
  return {[&c](const std::string& type) {
            c.types.push_back(type);
            c.bodies.emplace_back();
          },
          [&c](const char* data, std::size_t size) { c.bodies.back().append(data, size); },
          [&c] { ++c.ends; }};
}

// Feeds body in pieces of `chunk` bytes and finishes.
Collected parse(const std::string& boundary, const std::string& body, std::size_t chunk) {
  Collected c;
  MultipartReader reader(boundary, collectInto(c));
  for (std::size_t at = 0; at < body.size(); at += chunk) reader.feed(body.data() + at, std::min(chunk, body.size() - at));
  reader.finish();
  EXPECT_EQ(reader.parts(), c.types.size());
  return c;
}

// Binary part contents with CR, LF, NUL and near-boundaries inside.
const std::string kFirst = std::string("DICM\0\x01\r\n--bound\r\n-", 18) + "\r\n--boundar";
const std::string kSecond = std::string(3000, '\xff') + "\r\n" + std::string("\0\0", 2) + "--boundary";

std::string twoParts(const std::string& preamble = "", const std::string& epilogue = "") {
  return preamble + "--boundary\r\nContent-Type: application/dicom\r\nContent-Length: 20\r\n\r\n" + kFirst +
         "\r\n--boundary\r\ncontent-type:application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n" + kSecond +
         "\r\n--boundary--" + epilogue;
}

}  // namespace

TEST(MultipartReader, TwoBinaryPartsComeOutExactlyWhateverTheChunking) {
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{13}, std::size_t{4096}, std::size_t{1} << 20}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    const Collected c = parse("boundary", twoParts(), chunk);
    ASSERT_EQ(c.bodies.size(), 2u);
    EXPECT_EQ(c.bodies[0], kFirst);
    EXPECT_EQ(c.bodies[1], kSecond);
    EXPECT_EQ(c.types[0], "application/dicom");
    EXPECT_EQ(c.types[1], "application/dicom; transfer-syntax=1.2.840.10008.1.2.1");
    EXPECT_EQ(c.ends, 2);
  }
}

TEST(MultipartReader, PreambleAndEpilogueAreIgnored) {
  const Collected c = parse("boundary", twoParts("this is a preamble\r\n", "\r\nand an epilogue --boundary\r\n"), 5);
  ASSERT_EQ(c.bodies.size(), 2u);
  EXPECT_EQ(c.bodies[1], kSecond);
}

TEST(MultipartReader, PaddingAfterABoundaryAndAPartWithoutHeaders) {
  const std::string body = "--b  \r\n\r\nraw\r\n--b\t\r\nContent-Type: application/dicom\r\n\r\n\r\n--b--";
  const Collected c = parse("b", body, 1);
  ASSERT_EQ(c.bodies.size(), 2u);
  EXPECT_EQ(c.types[0], "");
  EXPECT_EQ(c.bodies[0], "raw");
  EXPECT_EQ(c.bodies[1], "");  // an empty part is a part
}

TEST(MultipartReader, NoPartsIsAValidBody) {
  const Collected c = parse("b", "--b--\r\n", 3);
  EXPECT_TRUE(c.bodies.empty());
}

TEST(MultipartReader, ABodyCutOffBeforeTheClosingBoundaryIsTruncated) {
  const std::string full = twoParts();
  for (std::size_t cut : {full.size() - 2, full.size() - 20, std::size_t{80}}) {
    Collected c;
    MultipartReader reader("boundary", collectInto(c));
    reader.feed(full.data(), cut);
    try {
      reader.finish();
      FAIL() << "no error for a body cut at " << cut;
    } catch (const imaging::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::Truncated);
    }
  }
}

TEST(MultipartReader, ABodyWithoutTheBoundaryIsCorrupt) {
  Collected c;
  MultipartReader reader("boundary", collectInto(c));
  const std::string body = "--other\r\n\r\nx\r\n--other--";
  reader.feed(body.data(), body.size());
  try {
    reader.finish();
    FAIL() << "no error";
  } catch (const imaging::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
  }
  EXPECT_TRUE(c.bodies.empty());
}

TEST(MultipartReader, GarbageAfterABoundaryIsCorrupt) {
  Collected c;
  MultipartReader reader("b", collectInto(c));
  const std::string body = "--bXY\r\n\r\nx";
  EXPECT_THROW(reader.feed(body.data(), body.size()), imaging::Error);
}

TEST(MultipartReader, EndlessPartHeadersAreRefused) {
  Collected c;
  MultipartReader reader("b", collectInto(c));
  const std::string start = "--b\r\nX-Long: ";
  reader.feed(start.data(), start.size());
  const std::string filler(4096, 'a');
  EXPECT_THROW(for (int i = 0; i < 8; ++i) reader.feed(filler.data(), filler.size()), imaging::Error);
}

TEST(MultipartBoundary, QuotedTokenAndParameterOrder) {
  EXPECT_EQ(multipartBoundary("multipart/related; type=\"application/dicom\"; boundary=abc123"), "abc123");
  EXPECT_EQ(multipartBoundary("Multipart/Related; BOUNDARY=\"a;b c\"; type=\"application/dicom\""), "a;b c");
  EXPECT_EQ(multipartBoundary("multipart/related;boundary=XyZ"), "XyZ");  // case kept
  EXPECT_EQ(multipartBoundary("application/dicom+json"), std::nullopt);
  EXPECT_EQ(multipartBoundary("multipart/related; type=\"application/dicom\""), std::nullopt);
  EXPECT_EQ(multipartBoundary("multipart/related; boundary=\"\""), std::nullopt);
  EXPECT_EQ(multipartBoundary("multipart/related; boundary=" + std::string(71, 'a')), std::nullopt);
}
