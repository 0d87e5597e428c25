#pragma once
// Turning a decoded frame into an 8-bit picture: window/level, MONOCHROME1 inversion, resizing.
#include <filesystem>
#include <optional>

#include "imaging/pixels/frame.h"

namespace imaging {

struct RenderOptions {
  std::optional<Window> window;   // empty: the file's first preset, else automatic
  int max_width = 0;              // > 0 with max_height: fit inside this box, keeping aspect ratio
  int max_height = 0;
  bool invert = false;            // on top of MONOCHROME1's own inversion
  // A VOI LUT to apply instead of a linear window (ignored when `window` is set). Empty: the
  // file's first preset is used when no window is given, which may itself be a LUT.
  std::shared_ptr<const VoiLut> voi_lut;
  bool overlays = true;                   // draw the frame's overlay planes (60xx)
  unsigned char overlay_value = 255;      // grey level of overlay pixels (all channels)
};

// The window used when none is given: the file's first preset, else the 0.5th..99.5th
// percentile of the values (robust against a few hot pixels), else min..max.
Window automaticWindow(const Frame& frame);
// Percentile window only (ignores presets); the viewer's "Auto" preset.
Window histogramWindow(const Frame& frame, double low_fraction = 0.005, double high_fraction = 0.995);

// Monochrome frames give 1 channel, colour frames 3.
Rgb8Image renderFrame(const Frame& frame, const RenderOptions& options = {});

// decodeFrame + renderFrame.
Rgb8Image renderFile(const std::filesystem::path& path, int frame_index = 0, const RenderOptions& options = {});

// Maps one value through the DICOM linear VOI function to 0..255.
unsigned char applyWindow(float value, const Window& window);

// Resamples (bilinear) to exactly width x height.
Rgb8Image resize(const Rgb8Image& image, int width, int height);

}  // namespace imaging
