#pragma once
// The OCR engine: one Tesseract instance per thread (starting one loads the model, ~0.2 s), run on
// an 8-bit gray image with dark text on a light background.
#include <string>
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

struct RawWord {
  PixelBox box;  // in the coordinates of the image given to recognize()
  PixelBox line;  // the text line the word belongs to
  std::string text;
  float confidence = 0.0f;
};

// image: 1 channel. Throws Error(Configuration) when the engine cannot start. lines, when given,
// receives every text line of the page layout (RIL_TEXTLINE), whether or not its words were read.
// single_line: the image is one text line (a crop around a line found by layout or strokes), read
// as such instead of searching the page for scattered text.
std::vector<RawWord> recognize(const Rgb8Image& gray, std::vector<PixelBox>* lines = nullptr, bool single_line = false);

}  // namespace imaging::ocr_detail
