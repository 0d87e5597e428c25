#pragma once
// The word lists that decide which words are safe (scripts/generate_vocabulary.py builds them from
// Debian's word lists and libimaging/text/vocabulary/imaging-terms.txt; the build embeds the result).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace imaging::text::detail {

enum class Section : std::uint8_t { Imaging, Medical, Eponym, Proper, Words };
constexpr int kSectionCount = 5;

class Vocabulary {
 public:
  // The one process-wide vocabulary (embedded text, searched in place). Throws imaging::Error when the
  // embedded data is damaged (the build is then broken; nothing is cleaned without it).
  static const Vocabulary& instance();

  // folded: case-folded UTF-8 (foldedUtf8).
  bool contains(Section section, std::string_view folded) const;
  const std::vector<std::string>& sources() const { return sources_; }
  // The embedded text (for tests of what start-up reads).
  std::string_view text() const { return data_; }

 private:
  Vocabulary();
  std::string_view data_;  // the embedded text: read-only data of the program
  // Each section is sorted lines, [begin, end) of data_ (the last line's newline included); lookups
  // search the text itself, so no index is built at start-up.
  struct Range { std::size_t begin = 0, end = 0; };
  Range sections_[kSectionCount];
  std::vector<std::string> sources_;
};

}  // namespace imaging::text::detail
