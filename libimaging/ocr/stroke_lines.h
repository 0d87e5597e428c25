#pragma once
// Text lines found by their strokes alone, without reading them: ink of one level that stands out
// from its surroundings, in pieces of character size, lined up side by side at one height.
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

// gray: 1 channel, either polarity. Boxes of the lines found (tight around the ink).
std::vector<PixelBox> strokeTextLines(const Rgb8Image& gray);

}  // namespace imaging::ocr_detail
