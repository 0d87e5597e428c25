#include "shortcuts.h"

#include <QObject>

const std::vector<Shortcut>& viewerShortcuts() {
  static const std::vector<Shortcut> list = {
      {"Up, Left", QObject::tr("Previous slice")},
      {"Down, Right", QObject::tr("Next slice")},
      {"PgUp, PgDown", QObject::tr("Ten slices back / forward")},
      {"Home, End", QObject::tr("First / last slice")},
      {"+, =, -", QObject::tr("Zoom in / out (slice view)")},
      {"Ctrl++, Ctrl+-", QObject::tr("Zoom in / out")},
      {"F", QObject::tr("Fit the image to the view")},
      {"1", QObject::tr("One image pixel per screen pixel")},
      {"I", QObject::tr("Invert")},
      {"O", QObject::tr("Overlays on/off")},
      {"Space", QObject::tr("Play / pause cine")},
      {"L", QObject::tr("Length measurement")},
      {"A", QObject::tr("Angle measurement")},
      {"Esc", QObject::tr("Drop a half-drawn angle")},
      {"Backspace", QObject::tr("Remove the last measurement")},
      {"Del", QObject::tr("Remove all measurements, regions, arrows and notes")},
      {"E", QObject::tr("Ellipse region (drag)")},
      {"B", QObject::tr("Rectangle region (drag)")},
      {"Shift+A", QObject::tr("Arrow (drag towards the head)")},
      {"N", QObject::tr("Text note (click)")},
      {"R", QObject::tr("Rotate right (90 degrees clockwise)")},
      {"Shift+R", QObject::tr("Rotate left (90 degrees anticlockwise)")},
      {"H", QObject::tr("Flip horizontally")},
      {"V", QObject::tr("Flip vertically")},
      {"M", QObject::tr("MPR (three planes)")},
      {"Shift+M", QObject::tr("Reset MPR rotation (orthogonal planes)")},
      {"T", QObject::tr("Attributes")},
      {"Ctrl+L", QObject::tr("Link scrolling of the viewports")},
      {"Ctrl+O", QObject::tr("Open folder or CD")},
      {"Ctrl+E", QObject::tr("Share")},
      {"Ctrl+S", QObject::tr("Save image")},
      {"Ctrl+Shift+S", QObject::tr("Save image without annotations")},
      {"Ctrl+Shift+C", QObject::tr("Copy image")},
      {"F1", QObject::tr("Keyboard shortcuts")},
      {"Ctrl+Q", QObject::tr("Quit")},
  };
  return list;
}

QString shortcutFor(const QString& action) {
  for (const auto& s : viewerShortcuts())
    if (s.action == action) return s.keys.section(", ", 0, 0);
  return {};
}

QStringList shortcutLines() {
  QStringList lines;
  for (const auto& s : viewerShortcuts()) lines << s.keys + '\t' + s.action;
  return lines;
}

QStringList mouseGestureLines() {
  return {QObject::tr("Shift+left-drag in an MPR pane") + '\t' + QObject::tr("Rotate the crosshair: the other two planes turn (oblique MPR)"),
          QObject::tr("Click in a viewport (1x2, 2x2)") + '\t' + QObject::tr("Make it the active viewport: rotate, flip, zoom, save and copy act on it"),
          QObject::tr("Ctrl+wheel / middle-drag over an MPR pane") + '\t' + QObject::tr("Zoom / pan that pane")};
}
