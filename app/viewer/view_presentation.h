#pragma once
// A presentation state as the slice view draws it: the shutter (outside a rectangle, circle or
// polygon of the image, in the shutter's grey), graphics and texts in their layers' colours, in
// image pixel coordinates, and how the state frames the image (displayed area, rotation, flip),
// which the slice view applies. The reading is libimaging's (imaging::readPresentationState); this
// file only converts and draws.
#include <QColor>
#include <QPointF>
#include <QPolygonF>
#include <QRect>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

#include "imaging/media/presentation_state.h"

class QPainter;

struct ViewPresentation {
  struct Shape {
    enum class Kind { Polyline, Circle, Ellipse, Point } kind = Kind::Polyline;
    std::vector<QPointF> points;  // polyline: its points; circle: centre, a point on it; ellipse: major then minor axis ends
    QColor colour;
  };
  struct Text {
    QPointF at;     // top left of the text's box (or the anchor)
    QString text;
    QColor colour;
  };
  // What is shown lies inside every shape present; the rest is drawn in `grey`.
  struct Shutter {
    std::optional<QRect> rectangle;  // columns and rows shown (inclusive)
    std::optional<QPointF> circle_centre;
    double circle_radius = 0.0;      // image pixels
    QPolygonF polygon;               // image pixels (empty: none)
    double grey = 0.0;
  };
  // The part of the image the state shows (image pixel edges) and its scale: screen pixels per
  // image pixel, or none to fit it in the view.
  struct Area {
    QRectF box;
    std::optional<double> screen_pixels_per_image_pixel;
    bool true_size = false;  // one millimetre of the image is one millimetre on the screen
  };
  QString label;
  std::vector<Shape> shapes;
  std::vector<Text> texts;
  std::optional<Shutter> shutter;
  std::optional<Area> area;
  int rotation_degrees = 0;  // clockwise, after the flip
  bool horizontal_flip = false;
};

// The presentation state for an image of columns x rows pixels (display units scaled to it).
ViewPresentation viewPresentation(const imaging::PresentationState& state, int columns, int rows);

// One line for tests: label, counts, shutter shapes, framing.
QString describePresentation(const ViewPresentation& presentation);

// Draws the shutter (`toScreen` maps image pixels to the widget) then the shapes and texts.
void drawPresentation(QPainter& painter, const ViewPresentation& presentation, int columns, int rows,
                      const std::function<QPointF(const QPointF&)>& toScreen);
