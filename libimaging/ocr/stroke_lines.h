#pragma once
// Text lines found by their strokes alone, without reading them: ink of one level that stands out
// from its surroundings, in pieces of character size, lined up side by side at one height.
#include <vector>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

// How one look is searched.
struct StrokeLook {
  // The smallest flat zone that may be ink: 3; 1 where the ground is truly flat, as in chroma(),
  // so that dot-matrix text of one-pixel dots is found.
  int min_zone_area = 3;
  // The picture is a frame transposed, where stacked letters lie on their side, wider than high:
  // a run of touching letters is crossed by fewer strokes per height, and one letter alone is
  // already 1.4 heights wide.
  bool sideways = false;
  // Pieces a line needs: 1 (one long piece of touching letters may do); 3 at half size, where
  // two rings or vessels side by side look like "OO".
  int min_pieces = 1;
  // Pieces pair only when they share their top and their baseline, as capitals and digits do
  // (across, either is enough: lower case). For the looks where shapes of anatomy turned or
  // halved pass for letters far more often than text is found there.
  bool capitals = false;
};

// gray: 1 channel, either polarity. Boxes of the lines found (tight around the ink).
// ignore: pixels to treat as absent (1), e.g. regions blacked out, whose edges are no text.
std::vector<PixelBox> strokeTextLines(const Rgb8Image& gray, const StrokeLook& look = {},
                                      const std::vector<unsigned char>* ignore = nullptr);

// How coloured each pixel of an RGB image is (brightest minus darkest channel): yellow, green or
// orange text stands out of grey speckle, gradients and anatomy, which are 0 here.
Rgb8Image chroma(const Rgb8Image& rgb);

// The pixels within 25 levels of white (bright) or black as 255 on 0, when they are few (under 6%
// of the frame, as text is); empty otherwise.
Rgb8Image extremePixels(const Rgb8Image& gray, bool bright);

// The lines of such a picture (255 on 0) that stand alone: around each (a third of its height
// above and below, its height to each side) the on-pixels are under a third as dense as inside,
// at least 3 times as wide as high and 8 pixels high (a name, an ID, a date; not a mark).
// Text stands on a ground; clipped speckle is as dense around a "line" as in it.
std::vector<PixelBox> standingAlone(const Rgb8Image& binary, const std::vector<PixelBox>& lines);

// The ink mask behind it (1: ink of the polarity asked for), one byte per pixel of gray.
std::vector<unsigned char> inkPixels(const Rgb8Image& gray, bool bright);

}  // namespace imaging::ocr_detail
