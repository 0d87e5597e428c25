#include "vocabulary.h"

#include <algorithm>

#include "imaging/core/error.h"

// The generated vocabulary (plain text), placed in read-only data by the assembler
// (SCANSHARE_VOCABULARY_BLOB is its path in the build tree; OBJECT_DEPENDS rebuilds on change).
__asm__(".section .rodata\n"
        ".balign 16\n"
        ".global scanshare_vocabulary_blob\n"
        "scanshare_vocabulary_blob:\n"
        ".incbin \"" SCANSHARE_VOCABULARY_BLOB "\"\n"
        ".global scanshare_vocabulary_blob_end\n"
        "scanshare_vocabulary_blob_end:\n"
        ".byte 0\n"
        ".previous\n");
extern "C" const unsigned char scanshare_vocabulary_blob[];
extern "C" const unsigned char scanshare_vocabulary_blob_end[];

namespace imaging::text::detail {
namespace {

constexpr const char* kSectionNames[] = {"imaging", "medical", "eponym", "proper", "words"};

// The newline before the next "@section" line at or after `from`. Searching for the rare '@'
// (memchr) instead of "\n@" keeps the start-up walk over 25 MB at a few million instructions;
// stopping at every newline cost 65 million.
std::size_t nextSectionBreak(std::string_view all, std::size_t from) {
  for (std::size_t at = all.find('@', from + 1); at != std::string_view::npos; at = all.find('@', at + 1))
    if (all[at - 1] == '\n') return at - 1;
  return std::string_view::npos;
}

}  // namespace

Vocabulary::Vocabulary()
    : data_(reinterpret_cast<const char*>(scanshare_vocabulary_blob),
            static_cast<std::size_t>(scanshare_vocabulary_blob_end - scanshare_vocabulary_blob)) {
  const std::string_view all = data_;
  // Header lines ("#source ...") come first, then "@name" lines opening each section in order.
  std::size_t pos = 0;
  while (pos < all.size() && all[pos] == '#') {
    const std::size_t eol = std::min(all.find('\n', pos), all.size());
    const std::string_view line = all.substr(pos, eol - pos);
    if (line.rfind("#source ", 0) == 0) sources_.emplace_back(line.substr(8));
    pos = eol + 1;
  }
  for (int i = 0; i < kSectionCount; ++i) {
    const std::string marker = std::string("@") + kSectionNames[i] + "\n";
    if (all.compare(std::min(pos, all.size()), marker.size(), marker) != 0)
      throw Error(ErrorCode::Internal, "the embedded word lists have an unexpected section order");
    sections_[i].begin = pos + marker.size();
    const std::size_t next = nextSectionBreak(all, sections_[i].begin - 1);
    sections_[i].end = next == std::string_view::npos ? all.size() : next + 1;
    pos = sections_[i].end;
  }
  const Range& words = sections_[static_cast<int>(Section::Words)];
  if (words.end - words.begin < 10000) throw Error(ErrorCode::Internal, "the embedded word lists are empty");
}

const Vocabulary& Vocabulary::instance() {
  static const Vocabulary vocabulary;
  return vocabulary;
}

bool Vocabulary::contains(Section section, std::string_view folded) const {
  const Range& range = sections_[static_cast<int>(section)];
  const std::string_view text(data_.data() + range.begin, range.end - range.begin);
  // The line holding byte `at`, without its newline.
  auto lineAt = [&](std::size_t at) {
    std::size_t begin = at;
    while (begin > 0 && text[begin - 1] != '\n') --begin;
    const std::size_t end = text.find('\n', at);
    return std::pair<std::size_t, std::size_t>(begin, end == std::string_view::npos ? text.size() : end);
  };
  // Binary search over byte positions: [lo, hi) always starts at a line's first byte.
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {
    const auto [begin, end] = lineAt(lo + (hi - lo) / 2);
    const std::string_view line = text.substr(begin, end - begin);
    if (line == folded) return true;
    if (line < folded) lo = end + 1;
    else hi = begin;
  }
  return false;
}

}  // namespace imaging::text::detail
