#pragma once
// Damaged variants of a valid DICOM file, made in code: truncations, byte flips, huge and odd
// declared lengths, garbage after the preamble, duplicated chunks, absurd sequence nesting.
// Deterministic (fixed seeds) so a failure names a reproducible file.
#include <string>
#include <vector>

namespace mutations {

struct Mutant {
  std::string name;   // file-name safe, says what was done: "truncate-0132", "length-huge-0010-0010"
  std::string bytes;
};

// One explicit-VR little-endian element of the top level (meta and dataset), as found in a file.
struct ElementAt {
  std::size_t offset = 0;          // of the tag
  unsigned group = 0, element = 0;
  std::string vr;
  std::size_t length_offset = 0;   // where the length field is
  bool long_length = false;        // 4-byte length (OB, OW, SQ, UN, UT, ...)
  std::size_t length = 0;
};

// Walks the top-level elements of a Part 10 file written in explicit VR little endian (stops at
// the first element it cannot follow, e.g. an undefined length).
std::vector<ElementAt> topLevelElements(const std::string& file);

// All mutants of one valid file; prefix starts every name.
std::vector<Mutant> mutate(const std::string& valid_file, const std::string& prefix);

// A file whose dataset is `depth` sequences nested inside each other (undefined lengths).
std::string deeplyNestedSequences(const std::string& valid_file, int depth);
// The same nesting appended after the whole valid file, i.e. after its Pixel Data.
std::string deeplyNestedAfterPixelData(const std::string& valid_file, int depth);

}  // namespace mutations
