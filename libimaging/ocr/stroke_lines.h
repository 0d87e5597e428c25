#pragma once
// Text lines found by their strokes alone, without reading them: ink of one level that stands out
// from its surroundings, in pieces of character size, lined up side by side at one height.
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

// gray: 1 channel, either polarity. Boxes of the lines found (tight around the ink).
// min_zone_area: the smallest flat zone that may be ink (3; 1 where the ground is truly flat, as
// in chroma(), so that dot-matrix text of one-pixel dots is found).
// ignore: pixels to treat as absent (1), e.g. regions blacked out, whose edges are no text.
std::vector<PixelBox> strokeTextLines(const Rgb8Image& gray, int min_zone_area = 3,
                                      const std::vector<unsigned char>* ignore = nullptr);

// How coloured each pixel of an RGB image is (brightest minus darkest channel): yellow, green or
// orange text stands out of grey speckle, gradients and anatomy, which are 0 here.
Rgb8Image chroma(const Rgb8Image& rgb);

// The ink mask behind it (1: ink of the polarity asked for), one byte per pixel of gray.
std::vector<unsigned char> inkPixels(const Rgb8Image& gray, bool bright);

}  // namespace imaging::ocr_detail
