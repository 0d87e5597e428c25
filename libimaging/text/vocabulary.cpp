#include "vocabulary.h"

#include <zstd.h>

#include <algorithm>

#include "imaging/core/error.h"

// The generated, zstd-compressed vocabulary, placed in read-only data by the assembler
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

std::string decompress(const unsigned char* begin, const unsigned char* end) {
  const auto size = static_cast<std::size_t>(end - begin);
  const unsigned long long content = ZSTD_getFrameContentSize(begin, size);
  if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN || content > (1ull << 30))
    throw Error(ErrorCode::Internal, "the embedded word lists are damaged");
  std::string out(static_cast<std::size_t>(content), '\0');
  const std::size_t got = ZSTD_decompress(out.data(), out.size(), begin, size);
  if (ZSTD_isError(got) || got != out.size()) throw Error(ErrorCode::Internal, "the embedded word lists are damaged");
  return out;
}

constexpr const char* kSectionNames[] = {"imaging", "medical", "eponym", "proper", "words"};

}  // namespace

Vocabulary::Vocabulary() : data_(decompress(scanshare_vocabulary_blob, scanshare_vocabulary_blob_end)) {
  const std::string_view all(data_);
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
    const std::size_t next = all.find("\n@", sections_[i].begin - 1);
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
