#pragma once
// Test fixture made in code: a Grayscale Softcopy Presentation State with exactly the display
// modules a test needs, referring to one image written by writeSynthetic (same patient and study).
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pixels_test {

struct SyntheticPresentation {
  std::string series_uid = "1.2.826.0.1.3680043.10.1000.7";
  std::string sop_uid = "1.2.826.0.1.3680043.10.1000.7.1";
  std::string referenced_series, referenced_sop;  // the image it applies to (secondary capture class)
  // Display Shutter; coordinates are DICOM's: 1-based, the circle centre and polygon as row\column.
  std::string shutter_shape;                      // e.g. "CIRCULAR", "POLYGONAL", "RECTANGULAR\\CIRCULAR"; empty: none
  std::array<int, 4> rectangle{};                 // left, right, upper, lower edges
  std::array<int, 2> circle_centre{};             // row, column
  int circle_radius = 0;
  std::vector<int> polygon;                       // row, column pairs
  std::uint16_t shutter_value = 0;                // P-value: 0 black .. 65535 white
  // Displayed Area Selection (one item, all images): column\row corners, 1-based.
  std::optional<std::array<int, 4>> displayed_area;  // tlhc column, tlhc row, brhc column, brhc row
  std::string size_mode = "SCALE TO FIT";
  double magnification = 1.0;                        // MAGNIFY
  // Spatial Transformation.
  int rotation = 0;
  bool horizontal_flip = false;
  // One graphic layer "MARKS" with a horizontal polyline from (x0, y) to (x1, y) (pixel units),
  // in the layer's recommended colour when given.
  std::optional<std::array<float, 3>> line;  // x0, x1, y
  std::optional<std::array<std::uint16_t, 3>> layer_cielab;
  std::optional<std::uint16_t> layer_grey;
};

// Writes explicit little endian with file meta. Throws std::runtime_error on failure.
void writeSyntheticPresentation(const SyntheticPresentation& pr, const std::filesystem::path& path);

}  // namespace pixels_test
