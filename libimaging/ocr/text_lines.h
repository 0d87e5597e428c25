#pragma once
// Deciding text lines: candidate line boxes from layout and strokes merged into lines, and each
// line judged harmless only when the words read in it cover it and are all harmless marks.
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

// An orientation letter, a scale ("10", "cm", "2.5cm", "-30dB") or a probe name ("L12-5", "C5-1").
bool harmlessWord(const RecognizedWord& word);

// Vertical lines that lie half or more inside lines running across are dropped: from the side,
// the letters of a paragraph's lines, one under the other, look like a column of letters.
std::vector<TextLine> withoutColumnsOfRows(std::vector<TextLine> lines);

// candidates: lines of one frame (from_layout / from_strokes set); words: the words kept in that
// frame. Overlapping candidates on one line are merged; every line gets its harmless verdict.
// Vertical candidates are merged among themselves and are never harmless (they are not read).
std::vector<TextLine> decideLines(const std::vector<TextLine>& candidates, const std::vector<RecognizedWord>& words);

}  // namespace imaging::ocr_detail
