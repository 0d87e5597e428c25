#pragma once
// Private: JPEG 2000 decoding with OpenJPEG (DCMTK 3.6.7 has no JPEG 2000 codec).
#include <cstdint>
#include <string>
#include <vector>

namespace imaging::pixels_detail {

struct J2kImage {
  int width = 0;
  int height = 0;
  int components = 0;
  int precision = 0;      // bits per sample in the codestream
  bool is_signed = false;
  std::vector<std::int32_t> samples;  // interleaved: (y * width + x) * components + c
};

// Decodes a J2K codestream or a JP2 file held in memory. Throws Error(Corrupt) naming path.
J2kImage decodeJpeg2000(const std::uint8_t* data, std::size_t size, const std::string& path);

}  // namespace imaging::pixels_detail
