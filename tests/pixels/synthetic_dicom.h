#pragma once
// Test fixtures made in code: small DICOM images with exactly the properties a test needs.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pixels_test {

// One overlay plane (60xx). `bits` holds rows*columns*frames values, 0 or 1, frame by frame; it
// is packed into Overlay Data. With `embedded_bit` >= 0 and empty `bits`, no Overlay Data is
// written: the plane lives in that bit of the pixel data (retired encoding; the test sets the bit).
struct SyntheticOverlay {
  int group = 0x6000;
  int rows = 0;
  int columns = 0;
  int origin_row = 1;       // 1-based
  int origin_column = 1;
  int frames = 0;           // > 0: NumberOfFramesInOverlay
  int frame_origin = 0;     // > 0: ImageFrameOrigin
  std::vector<std::uint8_t> bits;
  int embedded_bit = -1;
};

// A lookup table for the VOI LUT or Modality LUT Sequence.
struct SyntheticLut {
  int first_mapped = 0;
  int bits = 16;
  std::vector<std::uint16_t> entries;
  std::string explanation;
};

struct SyntheticImage {
  int rows = 8;
  int columns = 8;
  int frames = 1;
  int samples_per_pixel = 1;
  int bits_allocated = 16;
  int bits_stored = 16;
  bool is_signed = false;
  int planar_configuration = 0;
  std::string photometric = "MONOCHROME2";
  std::string modality = "OT";
  std::string series_uid = "1.2.826.0.1.3680043.10.1000.1";
  std::string sop_uid;               // generated when empty
  int instance_number = 1;
  int series_number = 1;
  std::string patient_name = "Synthetic^Fixture";
  std::string series_description;  // (0008,103E) when not empty
  std::optional<double> rescale_slope;
  std::optional<double> rescale_intercept;
  std::optional<std::array<double, 2>> window;   // center, width
  std::string frame_of_reference_uid;   // (0020,0052) when not empty
  std::optional<std::array<double, 3>> position;
  std::optional<std::array<double, 6>> orientation;
  std::optional<std::array<double, 2>> pixel_spacing;
  // Samples in file order (frame by frame; planar or interleaved as planar_configuration says).
  // 8-bit images use the low byte of each value.
  std::vector<std::int32_t> samples;
  // Palette colour: three 256-entry 8-bit LUTs (descriptor 256\0\8).
  std::vector<std::uint8_t> red, green, blue;
  std::vector<SyntheticOverlay> overlays;
  std::vector<SyntheticLut> voi_luts;          // VOI LUT Sequence items
  std::optional<SyntheticLut> modality_lut;    // Modality LUT Sequence (one item)
  // Non-empty: written as Enhanced MR, one Plane Position per frame (in this order) in the
  // Per-frame Functional Groups, orientation and pixel spacing in the Shared Functional Groups
  // (and not at top level).
  std::vector<std::array<double, 3>> frame_positions;

  // --- Shapes other tools decode and DCMTK 3.6.7 does not (issue 20) ---
  // Bits Allocated 32: `samples` are written as 32-bit words (cast to unsigned).
  // Float / Double Float Pixel Data (7FE0,0008 / 0009) instead of Pixel Data when non-empty.
  std::vector<float> float_samples;
  std::vector<double> double_samples;
  // Segmented Red/Green/Blue Palette Color LUT Data (0028,1221-1223), words as written, with
  // descriptors {palette_entries, 0, 16}.
  std::vector<std::uint16_t> segmented_red, segmented_green, segmented_blue;
  int palette_entries = 256;
  // Transfer syntax of the data set: "explicit-le" (default), "implicit-le", "explicit-be";
  // "jpeg-lossless" (DCMTK's process 14 encoder), "jpeg-ls" (CharLS, any Bits Stored 2..16).
  std::string syntax = "explicit-le";
  bool omit_transfer_syntax = false;   // remove (0002,0010) from the meta after writing
  // Encapsulated syntaxes: each frame split into this many fragments; a Basic Offset Table (one
  // entry per frame) only when asked for.
  int fragments_per_frame = 1;
  bool basic_offset_table = false;
  bool drop_sequence_delimiter = false;  // cut the final (FFFE,E0DD) item off the file
};

// Writes explicit little endian with file meta. Throws std::runtime_error on failure.
void writeSynthetic(const SyntheticImage& image, const std::filesystem::path& path);

// A fresh empty folder under SCANSHARE_TEST_WORK_DIR.
std::filesystem::path freshDir(const std::string& name);

// A knee-like MR series of `count` 64x64 slices whose instance numbers run opposite to their
// position (so sorting by position is observable); each slice shows a disc whose radius and
// brightness depend on the slice index. Returns the folder.
std::filesystem::path writeSeries(const std::filesystem::path& dir, int count, int size = 64);

}  // namespace pixels_test
