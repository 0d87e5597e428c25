#pragma once
// A Grayscale Softcopy Presentation State (GSPS) as a viewer applies it: the images it refers to,
// the window, graphic and text annotations and a shutter, in plain types. Coordinates are image
// pixel coordinates with the centre of the top left pixel at (0, 0) (GSPS pixel units, whose
// 0\0 is the image's top left corner, shifted by half a pixel); annotations given in DISPLAY
// units (fractions of the displayed area) are converted with the referenced image's size and the
// state's displayed area when the caller knows them (see toImagePixels).
#include <array>
#include <cstdint>
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

// A graphic layer's recommended display colour (CIELab or grey, converted to sRGB).
using PresentationColour = std::array<std::uint8_t, 3>;

struct PresentationGraphic {
  enum class Type { Point, Polyline, Interpolated, Circle, Ellipse };
  Type type = Type::Polyline;
  std::vector<PresentationPoint> points;
  bool filled = false;
  bool display_units = false;  // points are fractions of the displayed area (0..1), not pixels
  std::optional<PresentationColour> colour;  // its layer's, when the layer recommends one
};

struct PresentationText {
  std::string text;
  std::optional<PresentationPoint> box_top_left, box_bottom_right;  // where the text is written
  std::optional<PresentationPoint> anchor;                           // what it points at
  bool display_units = false;
  std::optional<PresentationColour> colour;
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
  // Display shutter: what is shown is inside every shape present (rectangle, circle, polygon);
  // outside it the image is drawn in the shutter's grey (0 = black .. 1 = white).
  struct Shutter {
    bool rectangular = false;  // the first and last column and row shown (0-based, inclusive)
    int first_column = 0, last_column = 0, first_row = 0, last_row = 0;
    std::optional<PresentationPoint> circle_centre;  // image pixels
    double circle_radius = 0.0;                      // pixels
    std::vector<PresentationPoint> polygon;          // vertices in image pixels (empty: none)
    double grey = 0.0;
  };
  std::optional<Shutter> shutter;
  // Displayed Area Selection (for the first referenced image): the part of the image the state
  // shows, in image pixels (0-based, inclusive; may reach outside the image), and how it is sized.
  struct DisplayedArea {
    int first_column = 0, first_row = 0, last_column = 0, last_row = 0;
    enum class Size { ScaleToFit, TrueSize, Magnify } size = Size::ScaleToFit;
    double magnification = 1.0;  // MAGNIFY: screen pixels per image pixel
  };
  std::optional<DisplayedArea> displayed_area;
  // Spatial transformation: the image is flipped left-right first, then turned clockwise.
  int rotation_degrees = 0;  // 0, 90, 180 or 270
  bool horizontal_flip = false;
};

// True for a series of presentation states (modality PR or a softcopy presentation state SOP class).
bool isPresentationState(const Series& series);

// Reads one presentation state file. Throws Error (NotFound, NotDicom, Truncated, Corrupt) naming
// the file, and Error(Unsupported) when it is not a presentation state.
PresentationState readPresentationState(const std::filesystem::path& path);

// sRGB of a CIELab colour in DICOM's encoding (L 0..65535 for 0..100, a and b 0..65535 for
// -128..127; D65 white).
PresentationColour cielabToRgb(std::uint16_t l, std::uint16_t a, std::uint16_t b);

// The point in image pixels: display units scaled by the image's columns and rows.
PresentationPoint toImagePixels(const PresentationPoint& point, bool display_units, int columns, int rows);
// The same for a point of `state`: display units are fractions of its displayed area as shown,
// that is after its flip and rotation (the whole image when it has no displayed area).
PresentationPoint toImagePixels(const PresentationPoint& point, bool display_units, const PresentationState& state,
                                int columns, int rows);

}  // namespace imaging
