#pragma once
// Comment and application segments in JPEG frames inside encapsulated pixel data (red team B,
// F8): encoders and PACS export tools write a patient's name, ID or birth date in a COM segment or
// an Exif APP1 (Artist, camera owner), right after SOI or between the scans of a progressive or
// lossless frame, and a byte-for-byte copy of the fragments carries them out. Each frame is walked
// from SOI to EOI, through its entropy-coded data; COM, APP1..APP13 and APP15 are dropped wherever
// they are; APP0 (JFIF) and APP14 (Adobe: colour transform) are kept because decoding depends on
// them; bytes after EOI other than zero padding (another image aside) are cut. The entropy-coded
// data itself is never changed.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace imaging::deid {

// The JPEG transfer syntaxes (baseline, extended, lossless, JPEG-LS) whose frames are walked, and
// JPEG 2000 (with High-Throughput JPEG 2000), whose COM segments (FF64) in the main header and in
// every tile-part header have their text overwritten with spaces in place, so no length or offset
// changes.
bool isJpegFamilyTransferSyntax(const std::string& uid);

// Whether a marker's segment may carry free text or metadata and is dropped: COM (FFFE),
// APP1..APP13 (FFE1-FFED), APP15 (FFEF).
bool isStrippedJpegMarker(std::uint8_t marker);

// One piece of a rewritten fragment: bytes [begin, end) of the original fragment, or `literal`.
struct FragmentPiece {
  std::uint64_t begin = 0, end = 0;
  std::string literal;
};

enum class JpegStripResult {
  Unchanged,  // no frame has a segment to drop: copy the pixel data as it is
  Changed,    // `fragments` and `offsets` describe the new pixel data
  Unsafe,     // a frame cannot be walked safely; `reason` says why (never a value)
};

struct JpegStripPlan {
  JpegStripResult result = JpegStripResult::Unchanged;
  std::string reason;
  // Per fragment (Basic Offset Table excluded): the pieces of the new fragment, empty when it is
  // unchanged. Each new fragment has an even length.
  std::vector<std::vector<FragmentPiece>> fragments;
  std::vector<std::uint64_t> new_lengths;  // per fragment
  // The new Basic Offset Table (empty when the input's was empty).
  std::vector<std::uint32_t> offsets;
};

// Reads n bytes at `offset` of fragment `index` into `out`; false when they cannot be read.
using FragmentReader = std::function<bool(std::size_t index, std::uint64_t offset, unsigned char* out, std::size_t n)>;

// Plans the removal of stripped segments from every frame. `lengths`: each fragment's
// length; `offsets`: the input's Basic Offset Table (empty or one per frame). Frames start at
// fragment 0, at each fragment the offset table points at, and at each fragment that begins with
// SOI (a marker that cannot occur inside a frame's entropy-coded data).
JpegStripPlan planJpegStrip(const std::vector<std::uint64_t>& lengths, const std::vector<std::uint32_t>& offsets,
                            const FragmentReader& read);

// The bytes of a fragment rebuilt from its pieces.
std::string assembleFragment(const std::vector<FragmentPiece>& pieces, const unsigned char* original);

}  // namespace imaging::deid
