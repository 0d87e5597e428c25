// The study the viewer tests open, made once per test process (ctest runs them in parallel).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "synthetic_dicom.h"

namespace viewer_test {

// A fresh folder for this test process's files, removed when the owner goes away.
struct WorkDir {
  explicit WorkDir(const std::string& prefix);
  ~WorkDir();
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  std::filesystem::path root;
};

// The demo sample CD (first series: sagittal knee MR) under `root` when the generator is built,
// else an axial series of 16 slices made here.
std::filesystem::path makeStudy(const std::filesystem::path& root);

// Axial MR slices made here: `count` slices of `size` x `size` pixels of 1 mm, identity orientation,
// 2 mm apart from z = 0, centred on x = y = 0, a window of 1000/2000 in every file, written as
// dir/axial<k>.dcm. value(k, row, column) gives each stored value; finish (when set) may add to
// slice k before it is written (overlays, LUTs).
std::filesystem::path writeAxialSlices(const std::filesystem::path& dir, const std::string& series_uid, int size,
                                       int count, const std::function<std::int32_t(int k, int row, int column)>& value,
                                       const std::function<void(int k, pixels_test::SyntheticImage&)>& finish = {});

// An axial series made here for the MPR tests: kAxialSlices slices of kAxialSize x kAxialSize
// pixels (1 mm, identity orientation, 2 mm apart), a window of 1000/2000 in every file. Values: a
// background ramp 200 + 3 * column and a disc of 1200 + 40 * slice around (column 50, row 60).
constexpr int kAxialSize = 96;
constexpr int kAxialSlices = 10;
struct AxialSeriesOptions {
  // Slice k carries an overlay plane (60xx): a bar over rows 8..19 and columns 8 + 8k .. 15 + 8k
  // (0-based), where the image is dark.
  bool overlay_bars = false;
  // A VOI LUT Sequence item after the window: a V-shaped table over 0..2047 (high at both ends,
  // black at 1024), unlike any linear window.
  bool v_shaped_voi_lut = false;
};
std::filesystem::path writeAxialSeries(const std::filesystem::path& dir, const AxialSeriesOptions& options);
// A small CT stack made here for the rotate/flip and annotation tests: three 64 x 64 slices,
// identity orientation, 0.5 mm pixels, 2 mm apart, values 1000 + 7 * column + 3 * row +
// slice_step * slice (stored; the modality LUT maps them), so every turn of the picture is told
// apart by its pixels.
constexpr int kRampCtSize = 64;
struct RampCtOptions {
  std::string series_uid;
  double window_center = 0, window_width = 0;
  std::optional<double> rescale_slope, rescale_intercept;  // the modality LUT, when set
  int slice_step = 0;
  std::string sop_uid_root;  // when set, slice k's SOP Instance UID is ROOT.(k+1) (for references to it)
};
std::filesystem::path writeRampCtSeries(const std::filesystem::path& dir, const RampCtOptions& options);

// The overlay bar of slice k (0-based): first column and first row, and its size.
struct Bar {
  int column = 0, row = 0, columns = 0, rows = 0;
};
Bar overlayBar(int slice);

// What a screenshot run prints about its picture: the image's box on screen ("image-rect X Y W H"),
// the slice ("slice ..."), the presentation state ("presentation ...") and the orientation letters
// ("orientation-letters LEFT TOP RIGHT BOTTOM"). Absent lines leave the defaults.
struct ShotFacts {
  double x = 0, y = 0, w = 0, h = 0;
  std::string slice, presentation, letters;
};
ShotFacts readShotFacts(const std::string& output);

}  // namespace viewer_test
