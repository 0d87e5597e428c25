#pragma once
// A DICOM file loaded whole with its pixel data uncompressed in memory, ready to be edited sample by
// sample and written as explicit VR little endian. Private to the ocr module (DCMTK types).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <filesystem>
#include <memory>
#include <string>

#include "imaging/ocr/text_detection.h"

namespace imaging::ocr_detail {

struct NativePixels {
  std::unique_ptr<DcmFileFormat> file;
  int rows = 0;
  int columns = 0;
  int frames = 1;
  int samples = 1;
  int bits_allocated = 8;
  int bits_stored = 8;
  int high_bit = 7;
  bool is_signed = false;
  int planar = 0;
  std::string photometric;
  std::string input_syntax;  // UID
  bool decompressed = false;
};

// Loads path and makes its pixel data native: DCMTK's codecs for JPEG, JPEG-LS and RLE; JPEG 2000
// and palette colour through decodeFrame (monochrome keeps its stored values, colour becomes RGB).
// Throws imaging::Error naming the file.
NativePixels loadNative(const std::filesystem::path& path);

// Sets the pixels of box (already inside the image) in frame to black; returns the pixel count.
// changed, when given, grows by the number of samples whose stored value actually changed.
std::size_t blackOut(NativePixels& image, int frame, const PixelBox& box, std::size_t* changed = nullptr);

}  // namespace imaging::ocr_detail
