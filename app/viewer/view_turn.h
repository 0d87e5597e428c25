#pragma once
// Rotate and flip of the slice view: how an offset in the image (x along the columns, y along the
// rows, in any unit) lies on the screen (x right, y down). A left-right mirror is applied first,
// then `quarter_turns` clockwise quarter turns; every rotate/flip sequence reduces to that.
#include <QPointF>

struct ViewTurn {
  int quarter_turns = 0;  // 0..3, clockwise as seen on the screen
  bool mirrored = false;

  // degrees: a multiple of 90, clockwise.
  ViewTurn rotated(int degrees) const;
  ViewTurn flippedHorizontally() const;  // left and right swap on the screen
  ViewTurn flippedVertically() const;    // top and bottom swap on the screen
  bool swapsAxes() const { return quarter_turns % 2 != 0; }
  bool isIdentity() const { return quarter_turns == 0 && !mirrored; }

  QPointF toScreen(const QPointF& image_offset) const;
  QPointF toImage(const QPointF& screen_offset) const;
};
