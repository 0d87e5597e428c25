#pragma once
// `--steps "LIST"`: a semicolon-separated list of actions a person could take, applied in order
// before the screenshot (see docs/viewer.md). Parsing only; step_runner.cpp applies them.
#include <QString>
#include <vector>

struct ViewerStep {
  enum class Kind { Series, Slice, Mpr, Tags, Preset, Window, Zoom, Pan, Invert };
  Kind kind = Kind::Mpr;
  std::vector<double> values;  // series/slice/preset: one 1-based number; window: C,W; pan: DX,DY; zoom: F
  QString text;                // the step as written, for messages
};

// Parses "series=1;mpr;slice=5"; on a bad step returns an empty list and sets `error`.
std::vector<ViewerStep> parseViewerSteps(const QString& list, QString& error);
