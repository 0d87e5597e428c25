#pragma once
// Private to the pixels module: decoders written in this project for the shapes DCMTK 3.6.7 does
// not decode (issue 20 item 6). Each works on a dataset that decode.cpp has already loaded.
#include <string>

#include "imaging/pixels/frame.h"

class DcmDataset;
class DcmFileFormat;

namespace imaging::pixels_detail {

// The transfer syntax UID from the file meta; when the meta has none (or no meta at all), the
// one the data set was read in, as DCMTK detected it from its first element (implicit or
// explicit VR, little or big endian). "" when neither is known.
std::string transferSyntaxOf(DcmFileFormat& file);

// Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009), parametric maps.
bool hasFloatPixelData(DcmDataset& dataset);
// Fills width, height, samples_per_pixel and values of `frame` (frame_index already checked).
void decodeFloatFrame(DcmDataset& dataset, int frame_index, Frame& frame, const std::string& path);

// Monochrome Bits Allocated 32 (native or RLE): DCMTK 3.6.7 swaps the 16-bit halves of
// big-endian values. `big_endian`, `encapsulated`: the file's transfer syntax.
bool isWidePixelData(DcmDataset& dataset);
void decodeWideFrame(DcmDataset& dataset, bool big_endian, bool encapsulated, int frame_index, Frame& frame,
                     const std::string& path);

// PALETTE COLOR images with Segmented Red/Green/Blue Palette Color LUT Data (0028,1221-1223):
// expands them into ordinary palette tables in the dataset, so that DCMTK applies them.
// No-op when the dataset has none; throws imaging::Error for malformed segments.
void expandSegmentedPalettes(DcmDataset& dataset, const std::string& path);

// JPEG-LS with CharLS (DCMTK's bundled JPEG-LS 1.0 code fails on 2..7-bit images made by other
// encoders): replaces the encapsulated pixel data by frame `frame_index`, decoded, as native data.
void replaceWithDecodedJpegLs(DcmDataset& dataset, int frame_index, const std::string& path);

// Multi-frame JPEG (baseline, extended, lossless) whose fragments are not one per frame and whose
// offset table DCMTK cannot use: makes frame `frame_index` the dataset's only frame, still
// compressed. True when it did; false when DCMTK can find the frame itself.
bool isolateJpegFrame(DcmDataset& dataset, int frame_index, const std::string& path);

}  // namespace imaging::pixels_detail
