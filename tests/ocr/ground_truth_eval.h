#pragma once
// Runs one image of the generated burned-in set (sample-data/src/burned_in_set.h) through what
// anonymize does with a burned-in candidate (detect, black out, re-check; exported only when the
// re-check clears it) and measures the result against the image's glyph masks.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "burned_in_set.h"

namespace ocr_test {

struct LineResult {
  std::size_t glyph = 0;      // glyph pixels of the line
  std::size_t unchanged = 0;  // of them, left with every sample as it was
};

struct GroundTruthResult {
  std::string name;
  bool exported = false;           // redacted and cleared by the re-check
  std::string why_not;             // when not exported
  std::vector<LineResult> lines;   // the identifying lines, in order
  std::size_t marks_touched = 0;   // harmless marks with a glyph pixel changed
  std::size_t changed = 0;         // pixel positions blacked out (inside a region), over all frames
  std::size_t changed_not_text = 0;  // of them, away from every drawn line (identifying or mark)
};

GroundTruthResult runGroundTruth(const imaging::sample::BurnedInImage& image, const std::filesystem::path& dir);

}  // namespace ocr_test
