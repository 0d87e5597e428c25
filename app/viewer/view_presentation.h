#pragma once
// A presentation state as the slice view draws it: the shutter (outside a rectangle of the image
// in the shutter's grey), graphics and texts, in image pixel coordinates. The reading is
// libimaging's (imaging::readPresentationState); this file only converts and draws.
#include <QPointF>
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
  };
  struct Text {
    QPointF at;     // top left of the text's box (or the anchor)
    QString text;
  };
  QString label;
  std::vector<Shape> shapes;
  std::vector<Text> texts;
  std::optional<QRect> shutter;  // columns and rows shown (inclusive)
  double shutter_grey = 0.0;
};

// The presentation state for an image of columns x rows pixels (display units scaled to it).
ViewPresentation viewPresentation(const imaging::PresentationState& state, int columns, int rows);

// Draws the shutter (`imageTransform` maps image pixels to the widget) then the shapes and texts.
void drawPresentation(QPainter& painter, const ViewPresentation& presentation, int columns, int rows,
                      const std::function<QPointF(const QPointF&)>& toScreen);
