#include "imaging_bridge/plain_directory.h"

#include <cstring>
#include <optional>

#include "element_steps.h"
#include "imaging_bridge/fd_streams.h"
#include "imaging_bridge/little_endian.h"

namespace imaging::bridge {
namespace {

constexpr std::uint32_t kMetaLength = 0x00020000u, kTransferSyntax = 0x00020010u;
constexpr std::uint32_t kFirstRoot = 0x00041200u, kLastRoot = 0x00041202u, kRecords = 0x00041220u;
constexpr std::uint32_t kNext = 0x00041400u, kLower = 0x00041420u, kFileId = 0x00041500u;
constexpr const char* kExplicitLittleEndian = "1.2.840.10008.1.2.1";

bool isVr(const ElementHeader& h, const char* vr) { return h.vr[0] == vr[0] && h.vr[1] == vr[1]; }

class Reader {
 public:
  Reader(const InputFile& input, const PlainDirectoryVisit& visit) : in_(input), visit_(visit) {}

  // A reason when the file is not a DICOMDIR as ScanShare writes them.
  std::optional<std::string> read(PlainDirectoryWalk& walk) {
    const unsigned char* magic = in_.at(128, 4);
    if (magic == nullptr || std::memcmp(magic, "DICM", 4) != 0) return std::string("not a DICOM file");
    std::uint64_t pos = 132;
    ElementHeader h;
    if (!readElementHeader(in_, pos, h) || h.tag != kMetaLength || h.length != 4) return std::string("no file meta group length");
    const std::uint64_t meta_end = h.value_at + 4 + uint32At(h.value_at);
    pos = h.value_at + 4;
    std::string syntax;
    while (pos < meta_end) {
      if (!next(pos, h)) return std::string("the file meta information is damaged");
      if (h.tag == kTransferSyntax) syntax = text(h);
      pos = h.value_at + h.length;
    }
    if (pos != meta_end) return std::string("the file meta information runs past its length");
    if (syntax != kExplicitLittleEndian) {
      walk.not_explicit_little_endian = true;
      return std::string("not explicit VR little endian");
    }
    while (pos < in_.size()) {
      if (!next(pos, h)) return "a damaged element at byte " + std::to_string(pos);
      if (h.tag == kRecords) {
        if (!isVr(h, "SQ")) return std::string("the Directory Record Sequence is not a sequence");
        pos = h.value_at;
        if (auto reason = records(pos, h.length, walk)) return reason;
        continue;
      }
      if ((h.tag == kFirstRoot || h.tag == kLastRoot) && h.length == 4)
        (h.tag == kFirstRoot ? walk.first_root : walk.last_root) = uint32At(h.value_at);
      if (!skipValue(pos, h)) return "a damaged element at byte " + std::to_string(pos);
    }
    return std::nullopt;
  }

 private:
  // The header at pos, its value inside the file.
  bool next(std::uint64_t pos, ElementHeader& h) {
    return readElementHeader(in_, pos, h) && (h.length == kUndefinedLength || h.length <= in_.size() - h.value_at);
  }
  bool skipValue(std::uint64_t& pos, const ElementHeader& h) {
    pos = h.value_at;
    if (h.length != kUndefinedLength) {
      pos += h.length;
      return true;
    }
    return isVr(h, "SQ") && skipSequenceItems(in_, pos, 0);
  }
  std::uint32_t uint32At(std::uint64_t at) {
    const unsigned char* p = in_.at(at, 4);
    return p == nullptr ? 0 : le32(p);
  }
  std::string text(const ElementHeader& h) {
    const unsigned char* p = in_.at(h.value_at, h.length);
    std::string value(p == nullptr ? "" : std::string(reinterpret_cast<const char*>(p), h.length));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
    return value;
  }

  std::optional<std::string> records(std::uint64_t& pos, std::uint32_t length, PlainDirectoryWalk& walk) {
    const bool undefined = length == kUndefinedLength;
    const std::uint64_t end = undefined ? in_.size() : pos + length;
    for (;;) {
      if (!undefined && pos >= end) return pos == end ? std::nullopt : std::optional<std::string>("a record runs past its sequence");
      ElementHeader item;
      if (!next(pos, item)) return "the file ends inside directory record " + std::to_string(walk.records + 1);
      if (undefined && item.tag == kSequenceEndTag) {
        pos = item.value_at;
        return std::nullopt;
      }
      if (item.tag != kItemTag) return "something other than a record after record " + std::to_string(walk.records);
      PlainDirectoryRecord record;
      record.offset = pos;
      pos = item.value_at;
      const std::uint64_t item_end = item.length == kUndefinedLength ? in_.size() : pos + item.length;
      for (;;) {
        if (item.length != kUndefinedLength && pos >= item_end) {
          if (pos > item_end) return "directory record " + std::to_string(walk.records + 1) + " runs past its length";
          break;
        }
        ElementHeader h;
        if (!next(pos, h)) return "directory record " + std::to_string(walk.records + 1) + " is damaged";
        if (item.length == kUndefinedLength && h.tag == kItemEndTag) {
          pos = h.value_at;
          break;
        }
        if ((h.tag >> 16) == 0xFFFE) return "directory record " + std::to_string(walk.records + 1) + " is damaged";
        if ((h.tag == kNext || h.tag == kLower) && isVr(h, "UL") && h.length == 4)
          (h.tag == kNext ? record.next : record.lower) = uint32At(h.value_at);
        else if (h.tag == kFileId)
          record.file_id = text(h);
        if (!skipValue(pos, h)) return "directory record " + std::to_string(walk.records + 1) + " is damaged";
      }
      ++walk.records;
      visit_(walk, record);
    }
  }

  FileWindow in_;
  const PlainDirectoryVisit& visit_;
};

}  // namespace

PlainDirectoryWalk readDirectoryRecordsPlain(const std::filesystem::path& dicomdir, const PlainDirectoryVisit& visit) {
  PlainDirectoryWalk walk;
  const InputFile input(dicomdir);
  if (!input.good()) {
    walk.reason = std::string("cannot open the file: ") + std::strerror(input.openError());
    return walk;
  }
  Reader reader(input, visit);
  if (auto reason = reader.read(walk)) {
    walk.reason = std::move(*reason);
    return walk;
  }
  walk.ok = true;
  return walk;
}

}  // namespace imaging::bridge
