#pragma once
// Pixel data that passes through untouched: the engine reads only the header (everything before the
// top-level Pixel Data element), writes the de-identified header with DCMTK, then appends the
// input's Pixel Data element (tag, VR, length, value; fragments up to the sequence delimiter) as
// raw bytes, copied by the kernel. Anything unusual sends the file down the full-load path instead.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/fd_streams.h"
#include "jpeg_segments.h"

namespace imaging::deid {

enum class HeaderLoad {
  NoPixelData,        // the whole file was read: there is nothing after the header
  PixelDataFollows,   // the header was read; the Pixel Data element is [begin, end) of the input
  NeedsFullLoad,      // anything else (deflated, big endian, float pixel data, trailing elements,
                      // odd or inconsistent lengths, read errors): load the whole file instead
};

struct HeaderResult {
  HeaderLoad kind = HeaderLoad::NeedsFullLoad;
  std::uint64_t begin = 0;  // byte offset of the (7FE0,0010) tag in the input
  std::uint64_t end = 0;    // one past the element's last byte (trailing padding excluded)
  std::uint64_t value_begin = 0;  // where the element's value starts (after tag, VR and length)
  bool native = false;            // the value is native samples (not fragments)
  // A transfer syntax newer than DCMTK 3.6.7 (HTJ2K, JPEG XL, Deflated Image Frame Compression, any
  // UID DCMTK does not know) whose data set is explicit VR little endian with encapsulated pixel
  // data: the header is de-identified and written in that encoding, the meta names this UID, and
  // the fragments are copied as they are. Empty for the transfer syntaxes DCMTK knows.
  std::string foreign_transfer_syntax;
};

// Whether DCMTK 3.6.7 does not know the transfer syntax UID (non-empty) declared in a file's meta.
bool isForeignTransferSyntax(const std::string& uid);

// The input is opened once for the whole de-identification of a file: its header is parsed, the
// pixel data located and later copied through that one descriptor.
using bridge::InputFile;

// Decides, for a file opened at the door to ReadDepth::Header, whether its Pixel Data can be
// appended raw. The offset DCMTK's stream stopped at is verified against the tag bytes on disk and
// the element is walked to its end. After NeedsFullLoad, open the file again to a deeper depth.
HeaderResult locatePixelData(bridge::DicomFile& opened);

// The checks of locatePixelData once the (7FE0,0010) tag is known to start at `start`: the element
// walked to its end (fragments to their delimiter), nothing after it but trailing padding.
// PixelDataFollows with its extent, else NeedsFullLoad.
HeaderResult pixelDataExtent(const bridge::InputFile& file, std::uint64_t start, bool explicit_vr, bool encapsulated);

// Appends bytes [begin, end) of `from` to `to` at offset `at`, with copy_file_range(2) (falling
// back to pread/pwrite), so they never pass through user space. Returns an empty string or the
// reason it failed.
// Writes file meta (made anew) and data set to `stream` like DcmFileFormat::write with
// EWM_createNewMeta, in `xfer`; with a foreign transfer syntax the data set is written as explicit
// VR little endian and the meta names the foreign UID.
OFCondition writeFileFormat(DcmFileFormat& fileformat, DcmOutputStream& stream, E_TransferSyntax xfer,
                            const std::string& foreign_transfer_syntax, DcmWriteCache* cache);

std::string appendRawBytes(int from, std::uint64_t begin, std::uint64_t end, int to, std::uint64_t at);

// A part of the Pixel Data element as written: bytes [begin, end) of the input, or `literal`.
struct StreamPiece {
  std::uint64_t begin = 0, end = 0;
  std::string literal;
};

// The encapsulated Pixel Data element [pixels.begin, pixels.end) of a JPEG-family file with the
// comment and application segments of its frames' headers dropped (jpeg_segments.h): item lengths
// and the Basic Offset Table rewritten. `pieces` is empty when nothing changes (the element is
// copied as before); `size` is the element's new size.
struct StreamedRewrite {
  JpegStripResult result = JpegStripResult::Unchanged;
  std::string reason;
  std::vector<StreamPiece> pieces;
  std::uint64_t size = 0;
};
StreamedRewrite planStreamedJpegStrip(const InputFile& input, const HeaderResult& pixels);

// Appends `pieces` to `to` at offset `at` (ranges copied like appendRawBytes). "" or the reason.
std::string appendPieces(const InputFile& input, const std::vector<StreamPiece>& pieces, int to, std::uint64_t at);

// Which bits of each native sample hold the stored value (Bits Allocated, Bits Stored, High Bit,
// Pixel Representation). The bits outside them are not part of any value, and old scanners drew
// overlays there (the retired embedded overlay: a name in bit 15 of a 12-bit image).
struct SampleBits {
  unsigned allocated = 0, stored = 0, high = 0;
  bool is_signed = false;
  // Whether samples of this layout have bits outside the stored range that can be cleared: Bits
  // Allocated 8, 16 or 32, and a consistent Bits Stored and High Bit below it.
  bool hasUnusedBits() const;
};

// The layout of a DCMTK data set's top level (empty when Bits Allocated, Bits Stored or High Bit is
// missing: not an image whose bits can be judged).
SampleBits sampleBitsOf(DcmItem& dataset);

// Clears, in `bytes` (little endian samples, `n` bytes; a trailing partial sample is left), every
// bit outside the stored range; a signed value whose High Bit is its top stored bit is sign-extended
// instead (readers that ignore Bits Stored still see the same number). Values do not change for
// any reader that honours Bits Stored and High Bit.
void keepStoredBits(char* bytes, std::size_t n, const SampleBits& bits);

// Whether keepStoredBits would change anything in `bytes` (a read-only pass: cheaper than a copy).
bool anyBitsOutsideStored(const char* bytes, std::size_t n, const SampleBits& bits);

// appendRawBytes for a native Pixel Data element whose value starts at value_begin: the element's
// header is copied as it is, the value through keepStoredBits, in chunks.
std::string appendStoredBits(int from, std::uint64_t begin, std::uint64_t value_begin, std::uint64_t end, int to,
                             std::uint64_t at, const SampleBits& bits);

}  // namespace imaging::deid
