#pragma once
// Little endian numbers read from bytes (DICOM's tags and lengths in the encodings we walk ourselves).
#include <cstdint>

namespace imaging::bridge {

inline std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }

inline std::uint32_t le32(const unsigned char* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
}

}  // namespace imaging::bridge
