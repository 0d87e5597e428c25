#include "vocabulary.h"

#include <algorithm>
#include <string>
#include <vector>

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

[[noreturn]] void damaged(const std::string& what) {
  throw Error(ErrorCode::Internal, "the embedded word lists are damaged: " + what);
}

// "#section-bytes N N N N N": each section's size, in section order.
std::vector<std::size_t> sectionSizes(std::string_view line) {
  std::vector<std::size_t> sizes;
  std::size_t at = line.find(' ') + 1;
  while (at > 0 && at < line.size()) {
    std::size_t next = line.find(' ', at);
    if (next == std::string_view::npos) next = line.size();
    std::size_t n = 0;
    if (next == at) damaged("a section size is empty");
    for (char c : line.substr(at, next - at)) {
      if (c < '0' || c > '9') damaged("a section size is not a number");
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    sizes.push_back(n);
    at = next + 1;
  }
  return sizes;
}

}  // namespace

// Only the header and each section's marker and last byte are read here: the generator states every
// section's size, so the 25 MB of words stay on disk until a lookup needs one of their pages
// (walking them made all of it resident in every process, half a small export's peak memory).
Vocabulary::Vocabulary()
    : data_(reinterpret_cast<const char*>(scanshare_vocabulary_blob),
            static_cast<std::size_t>(scanshare_vocabulary_blob_end - scanshare_vocabulary_blob)) {
  const std::string_view all = data_;
  // Header lines ("#source ...", "#section-bytes ...") come first, then the sections in order,
  // each an "@name" line and its sorted lines.
  std::vector<std::size_t> sizes;
  std::size_t pos = 0;
  while (pos < all.size() && all[pos] == '#') {
    const std::size_t eol = std::min(all.find('\n', pos), all.size());
    const std::string_view line = all.substr(pos, eol - pos);
    if (line.rfind("#source ", 0) == 0) sources_.emplace_back(line.substr(8));
    if (line.rfind("#section-bytes ", 0) == 0) sizes = sectionSizes(line);
    pos = eol + 1;
  }
  if (sizes.size() != static_cast<std::size_t>(kSectionCount)) damaged("the section sizes are missing");
  for (int i = 0; i < kSectionCount; ++i) {
    const std::string marker = std::string("@") + kSectionNames[i] + "\n";
    if (all.compare(std::min(pos, all.size()), marker.size(), marker) != 0) damaged("unexpected section order");
    Range& range = sections_[i];
    range.begin = pos + marker.size();
    range.end = range.begin + sizes[static_cast<std::size_t>(i)];
    // Each section ends with its last line's newline, right before the next "@" or the end.
    if (range.end > all.size() || range.end <= range.begin || all[range.end - 1] != '\n')
      damaged(std::string("section ") + kSectionNames[i] + " has the wrong size");
    pos = range.end;
  }
  if (pos != all.size()) damaged("data after the last section");
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
