#pragma once
// A Grayscale Softcopy Presentation State (GSPS) as a viewer applies it: the images it refers to,
// the window, graphic and text annotations and a shutter, in plain types. Coordinates are image
// pixel coordinates with the centre of the top left pixel at (0, 0) (GSPS pixel units, whose
// 0\0 is the image's top left corner, shifted by half a pixel); annotations given in DISPLAY
// units (fractions of the displayed area) are converted with the referenced image's size when
// the caller knows it (see toImagePixels).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "imaging/model/model.h"

namespace imaging {

struct PresentationPoint {
  double column = 0.0;
  double row = 0.0;
};

struct PresentationGraphic {
  enum class Type { Point, Polyline, Interpolated, Circle, Ellipse };
  Type type = Type::Polyline;
  std::vector<PresentationPoint> points;
  bool filled = false;
  bool display_units = false;  // points are fractions of the displayed area (0..1), not pixels
};

struct PresentationText {
  std::string text;
  std::optional<PresentationPoint> box_top_left, box_bottom_right;  // where the text is written
  std::optional<PresentationPoint> anchor;                           // what it points at
  bool display_units = false;
};

struct PresentationReference {
  std::string series_instance_uid;
  std::string sop_instance_uid;
};

struct PresentationState {
  std::string label;        // ContentLabel
  std::string description;  // ContentDescription
  std::vector<PresentationReference> images;  // the images it applies to, in file order
  std::optional<double> window_center, window_width;
  std::vector<PresentationGraphic> graphics;  // every layer, in file order
  std::vector<PresentationText> texts;
  // Rectangular shutter: the first and last column and row shown (0-based, inclusive); outside it
  // the image is drawn in the shutter's grey (0 = black .. 1 = white).
  struct Shutter {
    int first_column = 0, last_column = 0, first_row = 0, last_row = 0;
    double grey = 0.0;
  };
  std::optional<Shutter> shutter;
};

// True for a series of presentation states (modality PR or a softcopy presentation state SOP class).
bool isPresentationState(const Series& series);

// Reads one presentation state file. Throws Error (NotFound, NotDicom, Truncated, Corrupt) naming
// the file, and Error(Unsupported) when it is not a presentation state.
PresentationState readPresentationState(const std::filesystem::path& path);

// The point in image pixels: display units scaled by the image's columns and rows.
PresentationPoint toImagePixels(const PresentationPoint& point, bool display_units, int columns, int rows);

}  // namespace imaging
