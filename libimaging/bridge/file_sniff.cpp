#include "imaging_bridge/file_sniff.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/little_endian.h"

namespace imaging::bridge {
namespace {

// A dataset without preamble starts with a low, even group (file meta, identifying, patient).
bool plausibleDatasetStart(const unsigned char* p, std::size_t n, std::uintmax_t file_size) {
  if (n < 8) return false;
  const std::uint16_t group_le = le16(p);
  const std::uint16_t group_be = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  auto low_group = [](std::uint16_t g) { return g == 0x0002 || g == 0x0004 || g == 0x0008 || g == 0x0010; };
  if (!low_group(group_le) && !low_group(group_be)) return false;
  const bool explicit_vr = std::isupper(p[4]) != 0 && std::isupper(p[5]) != 0;
  if (explicit_vr) return true;
  const std::uint32_t implicit_length = low_group(group_le) ? le32(p + 4) : 0;
  return low_group(group_le) && implicit_length <= file_size;
}

}  // namespace

Sniff sniffFile(const InputFile& file) {
  Sniff sniff;
  sniff.file_size = file.size();
  unsigned char head[144] = {};
  const long got = file.read(head, sizeof head, 0);
  if (got < 0) {
    sniff.result = SniffResult::Unreadable;
    return sniff;
  }
  const auto n = static_cast<std::size_t>(got);
  if (n >= 132 && std::memcmp(head + 128, "DICM", 4) == 0) {
    sniff.has_preamble = true;
    sniff.result = SniffResult::Dicom;
    if (n >= 144 && le16(head + 132) == 0x0002 && le16(head + 134) == 0x0000 && std::memcmp(head + 136, "UL", 2) == 0)
      sniff.meta_group_length = le32(head + 140);
    return sniff;
  }
  if (plausibleDatasetStart(head, n, sniff.file_size)) {
    sniff.result = SniffResult::Dicom;
    return sniff;
  }
  // A file cut inside the 128-byte preamble (all zeros so far) was most likely DICOM.
  if (n > 0 && n < 132 && std::all_of(head, head + std::min<std::size_t>(n, 128), [](unsigned char c) { return c == 0; })) {
    sniff.result = SniffResult::TruncatedPreamble;
    return sniff;
  }
  sniff.result = SniffResult::NotDicom;
  return sniff;
}

}  // namespace imaging::bridge
