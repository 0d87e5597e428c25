#include "vocabulary.h"

#include <zlib.h>

#include <algorithm>

#include "imaging/core/error.h"

// The generated, zlib-compressed vocabulary, placed in read-only data by the assembler
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

std::string inflate(const unsigned char* begin, const unsigned char* end) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) throw Error(ErrorCode::Internal, "the word lists cannot be unpacked");
  stream.next_in = const_cast<unsigned char*>(begin);
  stream.avail_in = static_cast<uInt>(end - begin);
  std::string out;
  char buffer[1 << 16];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<unsigned char*>(buffer);
    stream.avail_out = sizeof buffer;
    status = ::inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) throw Error(ErrorCode::Internal, "the embedded word lists are damaged");
  return out;
}

int sectionIndex(std::string_view name) {
  static const char* names[] = {"imaging", "medical", "eponym", "proper", "words"};
  for (int i = 0; i < kSectionCount; ++i)
    if (name == names[i]) return i;
  return -1;
}

}  // namespace

Vocabulary::Vocabulary() : data_(inflate(scanshare_vocabulary_blob, scanshare_vocabulary_blob_end)) {
  int current = -1;
  std::size_t pos = 0;
  while (pos < data_.size()) {
    std::size_t eol = data_.find('\n', pos);
    if (eol == std::string::npos) eol = data_.size();
    const std::string_view line(data_.data() + pos, eol - pos);
    if (!line.empty() && line[0] == '#') {
      if (line.rfind("#source ", 0) == 0) sources_.emplace_back(line.substr(8));
    } else if (!line.empty() && line[0] == '@') {
      if (current >= 0) sections_[current].end = static_cast<std::uint32_t>(pos);
      current = sectionIndex(line.substr(1));
      if (current < 0) throw Error(ErrorCode::Internal, "the embedded word lists have an unknown section");
    } else if (!line.empty() && current >= 0) {
      sections_[current].starts.push_back(static_cast<std::uint32_t>(pos));
    }
    pos = eol + 1;
  }
  if (current >= 0) sections_[current].end = static_cast<std::uint32_t>(data_.size());
  if (sections_[static_cast<int>(Section::Words)].starts.size() < 1000)
    throw Error(ErrorCode::Internal, "the embedded word lists are empty");
}

const Vocabulary& Vocabulary::instance() {
  static const Vocabulary vocabulary;
  return vocabulary;
}

bool Vocabulary::contains(Section section, std::string_view folded) const {
  const Range& range = sections_[static_cast<int>(section)];
  const auto& starts = range.starts;
  // Entries are consecutive lines: entry i ends where entry i+1 starts (minus its newline).
  auto entry = [&](std::size_t i) {
    const std::uint32_t begin = starts[i];
    const std::uint32_t end = i + 1 < starts.size() ? starts[i + 1] - 1 : range.end - 1;
    return std::string_view(data_.data() + begin, end - begin);
  };
  std::size_t lo = 0, hi = starts.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (entry(mid) < folded) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.size() && entry(lo) == folded;
}

}  // namespace imaging::text::detail
