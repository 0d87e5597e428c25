#pragma once
// One decoded image frame in the project's own types: pixel values after the modality LUT
// (rescale), ready for windowing. Colour frames hold RGB samples 0..255, interleaved.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace imaging {

// A VOI window in modality units (after rescale), DICOM's linear function (PS3.3 C.11.2.1.2).
struct Window {
  double center = 0.0;
  double width = 1.0;
};

// One item of the VOI LUT Sequence (0028,3010): a table from modality values to display values.
struct VoiLut {
  double first_mapped = 0.0;          // modality value of the first entry
  int bits = 16;                      // bits per entry (LUTDescriptor's third value)
  std::vector<std::uint16_t> entries;
  std::string explanation;            // LUTExplanation, or ""

  // 0..255 for a modality value: values before/after the table take its first/last entry.
  unsigned char map(float value) const;
};

struct WindowPreset {
  Window window;
  std::string explanation;  // from WindowCenterWidthExplanation, or "" when absent
  // Set for a VOI LUT preset: rendering applies this table instead of the linear window; `window`
  // then spans the table's input range (for the viewer's and the user's first adjustment).
  std::shared_ptr<const VoiLut> lut;
};

struct Frame {
  int width = 0;
  int height = 0;
  int samples_per_pixel = 1;      // 1: monochrome, 3: RGB
  std::vector<float> values;      // width*height*samples_per_pixel, row by row, RGB interleaved
  bool monochrome1 = false;       // smaller values are brighter: rendering inverts
  double rescale_slope = 1.0;
  double rescale_intercept = 0.0;
  std::vector<WindowPreset> presets;   // from the file, in file order
  std::string photometric;        // as stored in the file (e.g. "YBR_FULL_422")
  int frame_index = 0;
  int frame_count = 1;            // frames in the file
  // Overlay planes (60xx) of this frame merged into one bitmap, width*height, 1 where an overlay
  // pixel is set; empty when the frame has no overlay.
  std::vector<std::uint8_t> overlay;

  bool monochrome() const { return samples_per_pixel == 1; }
  // Smallest and largest value (all samples); {0, 0} when empty.
  std::pair<float, float> range() const;
};

// An 8-bit image: 1 channel (gray) or 3 (RGB interleaved), rows top to bottom.
struct Rgb8Image {
  int width = 0;
  int height = 0;
  int channels = 1;
  std::vector<unsigned char> pixels;
};

}  // namespace imaging
