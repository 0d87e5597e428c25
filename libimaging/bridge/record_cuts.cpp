// Where a DICOMDIR's Directory Record Sequence can be cut into pieces that DCMTK parses side by
// side (forEachDirectoryRecordInParts): the starts of top-level items, found by stepping over
// element headers of explicit VR little endian without parsing any value.
#include "record_cuts.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "imaging_bridge/little_endian.h"

namespace imaging::bridge {
namespace {

constexpr std::uint32_t kItem = 0xFFFEE000u, kItemEnd = 0xFFFEE00Du, kSequenceEnd = 0xFFFEE0DDu;
constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
constexpr int kMaxDepth = 32;  // deeper than any DICOMDIR record; past it, no cut (one part)

// Reads the file forward through a window, so that stepping over 50 000 element headers costs
// memory copies, not system calls.
class Cursor {
 public:
  explicit Cursor(const InputFile& input) : input_(input) {}
  // The n bytes at `at`, or null past the end of the file.
  const unsigned char* at(std::uint64_t at, std::size_t n) {
    if (at + n > input_.size()) return nullptr;
    if (at < window_at_ || at + n > window_at_ + window_.size()) {
      window_at_ = at;
      window_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(std::max<std::size_t>(n, kWindow), input_.size() - at)));
      if (input_.read(window_.data(), window_.size(), at) != static_cast<long>(window_.size())) return nullptr;
    }
    return window_.data() + (at - window_at_);
  }

 private:
  static constexpr std::size_t kWindow = std::size_t{1} << 20;
  const InputFile& input_;
  std::vector<unsigned char> window_;
  std::uint64_t window_at_ = 0;
};

std::uint32_t tagAt(const unsigned char* h) { return std::uint32_t{le16(h)} << 16 | le16(h + 2); }

bool hasLongLength(const unsigned char* vr) {
  static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
  return std::any_of(std::begin(kLong), std::end(kLong), [vr](const char* v) { return vr[0] == v[0] && vr[1] == v[1]; });
}

bool skipItem(Cursor& in, std::uint64_t& pos, int depth);

// Steps over the items of a sequence of undefined length, past its delimiter.
bool skipSequence(Cursor& in, std::uint64_t& pos, int depth) {
  for (;;) {
    const unsigned char* h = in.at(pos, 8);
    if (h == nullptr) return false;
    if (tagAt(h) == kSequenceEnd) {
      pos += 8;
      return true;
    }
    if (tagAt(h) != kItem || !skipItem(in, pos, depth + 1)) return false;
  }
}

// Steps over the item whose header is at pos, past its end.
bool skipItem(Cursor& in, std::uint64_t& pos, int depth) {
  if (depth > kMaxDepth) return false;
  const unsigned char* h = in.at(pos, 8);
  if (h == nullptr || tagAt(h) != kItem) return false;
  const std::uint32_t length = le32(h + 4);
  pos += 8;
  if (length != kUndefined) {
    pos += length;
    return true;
  }
  for (;;) {
    h = in.at(pos, 8);
    if (h == nullptr) return false;
    if (tagAt(h) == kItemEnd) {
      pos += 8;
      return true;
    }
    if (h[4] < 'A' || h[4] > 'Z' || h[5] < 'A' || h[5] > 'Z') return false;  // not explicit VR
    if (!hasLongLength(h + 4)) {
      pos += 8 + le16(h + 6);
      continue;
    }
    const unsigned char* l = in.at(pos + 8, 4);
    if (l == nullptr) return false;
    const std::uint32_t value_length = le32(l);
    const bool sequence = h[4] == 'S' && h[5] == 'Q';
    pos += 12;
    if (value_length != kUndefined) pos += value_length;
    else if (!sequence || !skipSequence(in, pos, depth)) return false;
  }
}

}  // namespace

std::vector<std::uint64_t> recordSequenceCuts(const InputFile& input, std::uint64_t first_item,
                                              std::uint64_t sequence_end, std::size_t parts) {
  std::vector<std::uint64_t> cuts;
  if (parts < 2 || sequence_end <= first_item) return cuts;
  Cursor in(input);
  const std::uint64_t span = sequence_end - first_item;
  std::uint64_t pos = first_item;
  while (cuts.size() + 1 < parts) {
    const std::uint64_t target = first_item + span * (cuts.size() + 1) / parts;
    while (pos < target) {
      const unsigned char* h = in.at(pos, 4);
      if (h == nullptr) return {};
      if (tagAt(h) == kSequenceEnd) return cuts;
      if (tagAt(h) != kItem || !skipItem(in, pos, 0)) return {};
    }
    const unsigned char* h = in.at(pos, 4);
    // The sequence ends here (its delimiter, or what follows a sequence of defined length).
    if (h == nullptr || tagAt(h) != kItem) return cuts;
    cuts.push_back(pos);
  }
  return cuts;
}

}  // namespace imaging::bridge
