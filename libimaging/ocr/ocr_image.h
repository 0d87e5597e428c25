#pragma once
// Preparing rendered frames for OCR: Tesseract reads dark text on a light background best, and
// wants capital letters at least ~20 pixels high.
#include "imaging/ocr/text_detection.h"
#include "imaging/pixels/frame.h"

namespace imaging::ocr_detail {

// Gray from RGB by the brightest channel (keeps coloured text bright); gray is returned as is.
Rgb8Image toGray(const Rgb8Image& image);

double meanValue(const Rgb8Image& gray);
void invert(Rgb8Image& gray);
// Linear stretch of the image's own darkest..brightest to 0..255.
void stretch(Rgb8Image& gray);

// A copy with margin pixels of the image's border colour around it: Tesseract misses text that
// touches the edge.
constexpr int kOcrMargin = 24;
Rgb8Image withMargin(const Rgb8Image& gray, int margin);

// Whether the box (inside gray) holds ink of one grey level on a ground of another, as rendered
// text does: most pixels lie near the box's two most common levels, and the second of them is
// not a trace. Speckle and anatomy spread over many levels.
bool looksLikePlainText(const Rgb8Image& gray, const PixelBox& box);

// 0 in options means automatic: 3x for images up to 600 pixels on the long side, 2x up to 1200.
int upscaleFactor(int requested, int width, int height);

}  // namespace imaging::ocr_detail
