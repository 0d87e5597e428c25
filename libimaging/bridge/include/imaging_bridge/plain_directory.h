#pragma once
// A DICOMDIR's records read without DCMTK, for the check after writing one (checkDicomdir): every
// element header of the file is stepped over with its length checked against the file, and of each
// record the offsets it holds and the file it references are read. Stricter than a sequential parse
// about what a DICOMDIR is for: the offsets, which a reader follows, are given to be checked too.
// Explicit VR little endian only (what ScanShare writes); anything else is not readable here.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace imaging::bridge {

struct PlainDirectoryRecord {
  std::uint64_t offset = 0;             // where its item starts, from the file's first byte
  std::uint32_t next = 0, lower = 0;    // (0004,1400), (0004,1420); 0: none
  std::string file_id;                  // (0004,1500) as stored, trailing padding removed
};

struct PlainDirectoryWalk {
  bool ok = false;
  std::string reason;                   // one line, when not ok
  std::uint32_t first_root = 0, last_root = 0;  // (0004,1200), (0004,1202)
  std::size_t records = 0;
  bool not_explicit_little_endian = false;
};

// visit sees each record in file order, with the walk so far (its root offsets are read: they
// come before the records). not_explicit_little_endian: a DICOM file this reader leaves to DCMTK.
using PlainDirectoryVisit = std::function<void(const PlainDirectoryWalk& so_far, const PlainDirectoryRecord& record)>;
PlainDirectoryWalk readDirectoryRecordsPlain(const std::filesystem::path& dicomdir, const PlainDirectoryVisit& visit);

}  // namespace imaging::bridge
