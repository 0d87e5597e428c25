#include "standard_tags.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace imaging::deid {
namespace {

constexpr std::uint32_t kExact[] = {
#include "dictionary/standard_tags_exact.inc"
};

constexpr StandardTagRange kRanges[] = {
#include "dictionary/standard_tags_ranges.inc"
};

template <std::size_t N>
constexpr bool strictlyAscending(const std::uint32_t (&tags)[N]) {
  for (std::size_t i = 1; i < N; ++i)
    if (!(tags[i - 1] < tags[i])) return false;
  return true;
}
static_assert(strictlyAscending(kExact), "the generator sorts the exact tags and leaves no duplicate");

const StandardTagTable kTable{kExact, std::size(kExact), kRanges, std::size(kRanges)};

// The exact tags in an open-addressing set, built once: the engine asks for every attribute the
// action table does not list, in every file (~190 000 times in bench-small), and a binary search
// over ~4900 tags cost 137 instructions a question.
class ExactTags {
 public:
  ExactTags() {
    slots_.fill(kEmpty);
    for (const std::uint32_t tag : kExact) {
      std::size_t i = slot(tag);
      while (slots_[i] != kEmpty) i = (i + 1) & kMask;
      slots_[i] = tag;
    }
  }
  bool contains(std::uint32_t tag) const noexcept {
    for (std::size_t i = slot(tag);; i = (i + 1) & kMask) {
      if (slots_[i] == kEmpty) return false;  // first: (FFFF,FFFF) itself is no dictionary tag
      if (slots_[i] == tag) return true;
    }
  }

 private:
  static constexpr unsigned kBits = 14;  // 16384 slots, at most a third full: probes stay short
  static constexpr std::size_t kMask = (std::size_t{1} << kBits) - 1;
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  static_assert(std::size(kExact) * 3 < (std::size_t{1} << kBits), "too many tags for the set's size");
  static_assert(kExact[std::size(kExact) - 1] != kEmpty, "(FFFF,FFFF) marks an empty slot");
  static std::size_t slot(std::uint32_t tag) noexcept { return (tag * 0x9E3779B1u) >> (32 - kBits); }

  std::array<std::uint32_t, std::size_t{1} << kBits> slots_;
};

}  // namespace

const StandardTagTable& standardTagTable() noexcept { return kTable; }

bool isStandardTag(std::uint16_t group, std::uint16_t element) noexcept {
  // DCMTK looks in its exact entries first and then in the repeating ones; for a yes or no the order
  // does not matter.
  static const ExactTags exact;
  if (exact.contains(std::uint32_t{group} << 16 | element)) return true;
  return std::any_of(std::begin(kRanges), std::end(kRanges),
                     [&](const StandardTagRange& range) { return range.contains(group, element); });
}

}  // namespace imaging::deid
