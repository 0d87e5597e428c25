#pragma once
// Cheap first look at a file's first bytes: is it worth handing to the DICOM parser?
#include <cstdint>
#include <filesystem>
#include <string>

#include "imaging_bridge/fd_streams.h"

namespace imaging::bridge {

enum class SniffResult { Dicom, NotDicom, TruncatedPreamble, Unreadable };

struct Sniff {
  SniffResult result = SniffResult::NotDicom;
  std::uintmax_t file_size = 0;
  bool has_preamble = false;                // "DICM" at offset 128
  std::uint32_t meta_group_length = 0;      // (0002,0000) when it directly follows "DICM", else 0
};

// Dicom: a "DICM" preamble, or a plausible dataset start without one (implicit or explicit VR).
Sniff sniffFile(const InputFile& file);

}  // namespace imaging::bridge
