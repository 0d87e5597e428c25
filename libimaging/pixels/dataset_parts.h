#pragma once
// Private to the pixels module: the parts of a DICOM dataset beside the pixel values that decoding
// and volume building need (overlays, VOI LUTs, enhanced multi-frame geometry). DCMTK types only here.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imaging/pixels/frame.h"

class DcmDataset;
class DcmFileFormat;

namespace imaging::pixels_detail {

// Loads a file with pixel data left on disk until asked for; throws imaging::Error.
std::unique_ptr<DcmFileFormat> loadLazily(const std::filesystem::path& path);

// All overlay planes (groups 6000..601E) that cover frame `frame_index`, merged into one
// width*height bitmap (1 = set); empty when none. `native_pixels`: the pixel data is not
// encapsulated, so overlays embedded in its unused high bits (retired, old files) can be read.
std::vector<std::uint8_t> decodeOverlays(DcmDataset& dataset, int frame_index, int width, int height,
                                         bool native_pixels);

// One preset per item of the VOI LUT Sequence (0028,3010); invalid items are left out.
std::vector<WindowPreset> voiLutPresets(DcmDataset& dataset);

// Geometry of one frame of an enhanced multi-frame image (functional groups), each part optional.
struct FrameGeometry {
  std::optional<std::array<double, 3>> position;
  std::optional<std::array<double, 6>> orientation;
  std::optional<std::array<double, 2>> pixel_spacing;
};

// One entry per frame (NumberOfFrames) from the Per-frame and Shared Functional Groups;
// empty when the file has no functional groups.
std::vector<FrameGeometry> functionalGroupGeometry(DcmDataset& dataset);
// The same for a file; empty also when the file cannot be read (decoding reports that later).
std::vector<FrameGeometry> functionalGroupGeometry(const std::filesystem::path& path);

}  // namespace imaging::pixels_detail
