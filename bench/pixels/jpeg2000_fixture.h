#pragma once
// JPEG 2000 fixtures for the pixels benchmark: a 16-bit grey frame encoded with OpenJPEG and put
// into a dataset as encapsulated pixel data (DCMTK 3.6.7 has no JPEG 2000 encoder).
#include <cstdint>
#include <vector>

class DcmDataset;

namespace bench_pixels {

// A raw J2K codestream: lossless (reversible 5/3) when compression_ratio <= 1, else lossy
// (irreversible 9/7) at about that ratio.
std::vector<std::uint8_t> encodeJpeg2000(const std::vector<std::uint16_t>& pixels, int width, int height, int bits_stored,
                                         double compression_ratio);

// Replaces the dataset's pixel data by one encapsulated frame holding `codestream`.
void putEncapsulated(DcmDataset& dataset, const std::vector<std::uint8_t>& codestream, bool lossless);

}  // namespace bench_pixels
