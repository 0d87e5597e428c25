#pragma once
// The stroke detector finds lines that run across the frame with characters 5-50 pixels high.
// These looks widen what it sees without changing it: the frame transposed (text that runs down
// the frame: a side label rotated 90 degrees either way, or letters stacked one under the other)
// and the frame halved (titles with characters 50-100 pixels high, across only).
#include <functional>
#include <vector>

#include "imaging/ocr/text_detection.h"
#include "stroke_lines.h"

namespace imaging::ocr_detail {

struct StrokeLine {
  PixelBox box;           // in the frame's coordinates
  bool vertical = false;  // runs down the frame (found on the transposed frame)
};

// A line finder on one look: gray (1 channel), the pixels to treat as absent (nullptr: none, else
// one byte per pixel of gray), and how to search it (linesEveryWay sets sideways and min_pieces).
using LineFinder = std::function<std::vector<PixelBox>(const Rgb8Image& gray, const std::vector<unsigned char>* ignore,
                                                       const StrokeLook& look)>;

// find on gray as it is and transposed; with huge_too also on it halved (2x2 mean; across only),
// keeping only lines too high for the full-size look. base: the search asked for (min_zone_area). Boxes in
// gray's coordinates.
std::vector<StrokeLine> linesEveryWay(const Rgb8Image& gray, const std::vector<unsigned char>* ignore,
                                      const StrokeLook& base, const LineFinder& find, bool huge_too);

// Columns and rows swapped; the mask likewise (width, height of the image it belongs to).
Rgb8Image transposed(const Rgb8Image& gray);
std::vector<unsigned char> transposedMask(const std::vector<unsigned char>& mask, int width, int height);

// Half the size each way, each pixel the mean of 2x2 (an odd last row or column is dropped); the
// mask: a pixel absent when any of its four is.
Rgb8Image halved(const Rgb8Image& gray);
std::vector<unsigned char> halvedMask(const std::vector<unsigned char>& mask, int width, int height);

}  // namespace imaging::ocr_detail
