#include "view_turn.h"

namespace {
int wrap(int quarters) { return ((quarters % 4) + 4) % 4; }
}  // namespace

ViewTurn ViewTurn::rotated(int degrees) const { return {wrap(quarter_turns + degrees / 90), mirrored}; }

// A screen mirror after a turn by r equals a turn by -r after the mirror; a vertical flip is a
// horizontal one followed by a half turn.
ViewTurn ViewTurn::flippedHorizontally() const { return {wrap(-quarter_turns), !mirrored}; }
ViewTurn ViewTurn::flippedVertically() const { return {wrap(2 - quarter_turns), !mirrored}; }

QPointF ViewTurn::toScreen(const QPointF& image_offset) const {
  QPointF p(mirrored ? -image_offset.x() : image_offset.x(), image_offset.y());
  for (int i = 0; i < quarter_turns; ++i) p = QPointF(-p.y(), p.x());  // clockwise with y down
  return p;
}

QPointF ViewTurn::toImage(const QPointF& screen_offset) const {
  QPointF p = screen_offset;
  for (int i = 0; i < quarter_turns; ++i) p = QPointF(p.y(), -p.x());
  return QPointF(mirrored ? -p.x() : p.x(), p.y());
}
