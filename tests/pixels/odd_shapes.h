#pragma once
// Fixtures of the pixel shapes other tools decode and DCMTK 3.6.7 does not (issue 20 item 6),
// each small, with values a test can predict.
#include <string>
#include <vector>

#include "synthetic_dicom.h"

namespace pixels_test {

SyntheticImage floatParametricMap();        // 2 frames 5x4, Float Pixel Data, negative and fractional values
SyntheticImage doubleParametricMap();       // 1 frame 3x2, Double Float Pixel Data
SyntheticImage rgb32();                     // 4x3 RGB, Bits Allocated 32: samples k * 0x01010101 (8-bit value k)
SyntheticImage dose32(bool big_endian);     // 2 frames 6x5 RT Dose, 32-bit unsigned values above 65535
SyntheticImage segmentedPaletteUltrasound();  // 16x8, 16-bit pixels 0..255, 16-bit segmented palette
SyntheticImage jpegLs7Bit();                // 2 frames 9x7, Bits Stored 7, CharLS-encoded
SyntheticImage jpegMultiFrame(int frames);  // JPEG lossless, 3 fragments per frame, no Basic Offset Table
SyntheticImage withoutTransferSyntax(const std::string& syntax);  // "implicit-le" or "explicit-be", 16-bit

// The palette segmentedPaletteUltrasound() means, expanded by hand: entries[c][index], 8-bit.
std::vector<std::vector<int>> expectedPalette8();

struct OddShape {
  std::string name;
  SyntheticImage image;
};
std::vector<OddShape> oddShapes();

}  // namespace pixels_test
