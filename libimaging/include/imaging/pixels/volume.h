#pragma once
// A series as a 3-D volume for the viewer: slices sorted by position along the slice normal
// (not by instance number), with spacing, origin and direction in patient coordinates (mm).
#include <array>
#include <cstdint>
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "imaging/model/model.h"
#include "imaging/pixels/frame.h"

namespace imaging {

// One slice of a series: a file and a frame in it.
struct SliceRef {
  std::filesystem::path path;
  int frame_index = 0;
  double position = 0.0;  // along the normal (mm); instance order index when unknown
  std::optional<std::array<double, 3>> image_position;
  // Per-frame values of an enhanced multi-frame file (functional groups), else the instance's.
  std::optional<std::array<double, 6>> image_orientation;
  std::optional<std::array<double, 2>> pixel_spacing;   // row, column spacing
};

// The slices of a series in display order (position along the normal when the instances have
// ImagePositionPatient and ImageOrientationPatient, else instance number; multi-frame files give
// one slice per frame, placed by their per-frame Plane Position when the file is an enhanced
// multi-frame one, else kept in file order). Reads the headers of multi-frame files.
std::vector<SliceRef> orderedSlices(const Series& series);

struct Volume {
  std::array<int, 3> dimensions{0, 0, 0};          // columns, rows, slices
  int samples_per_pixel = 1;
  std::array<double, 3> spacing{1.0, 1.0, 1.0};     // column, row, slice spacing (mm)
  std::array<double, 3> origin{0.0, 0.0, 0.0};      // position of the first voxel (mm)
  // Row direction, column direction, slice normal (each a unit vector in patient coordinates).
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};
  bool has_geometry = false;   // false: identity direction and unit spacing were assumed
  bool has_pixel_spacing = false;
  bool monochrome1 = false;
  std::vector<float> values;   // x fastest, then y, then slice; RGB interleaved when colour;
                               // after the modality LUT (rescale), so CT values are Hounsfield units
  std::string value_unit;      // unit of `values`: "HU" for CT, else empty (no unit known)
  std::string frame_of_reference_uid;  // the series' (0020,0052); empty when absent
  std::vector<SliceRef> slices;
  std::vector<WindowPreset> presets;   // from the first slice
  Window default_window;               // automaticWindow of the middle slice
  std::size_t skipped_slices = 0;      // undecodable, or of another size than the first
  // Overlay bitmap (60xx) of each slice, columns*rows, 1 where set; an empty vector when the slice
  // has none; `overlays` itself is empty when no slice has one.
  std::vector<std::vector<std::uint8_t>> overlays;

  std::size_t sliceSize() const {
    return static_cast<std::size_t>(dimensions[0]) * dimensions[1] * samples_per_pixel;
  }
};

struct VolumeOptions {
  std::function<void(std::size_t, std::size_t)> progress;  // (slices done, total)
  const std::atomic<bool>* cancel = nullptr;                // throws Cancelled when set
  unsigned threads = 0;                                     // 0: hardware concurrency
};

// Throws Unsupported when no slice can be decoded.
Volume loadVolume(const Series& series, const VolumeOptions& options = {});

}  // namespace imaging
