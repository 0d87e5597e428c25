#pragma once
// Private to the fixture writer: pixel data in the shapes SyntheticImage asks for, and saving in
// its transfer syntax (encapsulated frames, a missing transfer syntax or sequence delimiter).
#include <filesystem>

#include "synthetic_dicom.h"

class DcmDataset;
class DcmFileFormat;

namespace pixels_test::detail {

// Pixel Data (8/16/32 bits), Float or Double Float Pixel Data, and segmented palettes.
void writePixels(const SyntheticImage& image, DcmDataset& ds);

// Saves `file` in image.syntax, then applies the byte-level damage the image asks for.
void saveInSyntax(const SyntheticImage& image, DcmFileFormat& file, const std::filesystem::path& path);

}  // namespace pixels_test::detail
