#pragma once
// `--steps "LIST"`: a semicolon-separated list of actions a person could take, applied in order
// before the screenshot (see docs/viewer.md). Parsing only; step_runner.cpp applies them.
#include <QString>
#include <vector>

struct ViewerStep {
  enum class Kind { Series, Slice, Mpr, Tags, Preset, Window, Zoom, Pan, Invert, Layout, Compare, Probe,
                    Rotate, FlipH, FlipV, Roi, Arrow, Note, Save, SaveClean, Help, Cell, Link, LinkWindow, Mip, Tool, Drag, KeyPage, MprZoom, MprPan,
                    MprRotate, MprReset, Active };
  Kind kind = Kind::Mpr;
  std::vector<double> values;  // series/slice/preset/compare: one 1-based number; window: C,W; pan: DX,DY; zoom: F; probe: column,row;
                               // layout: the number of viewports (1x1: 1, 1x2: 2, 2x2: 4); cell: viewport, series (1-based); link: 1 on, 0 off
                               // rotate: degrees clockwise; roi: X,Y,W,H; arrow: X1,Y1,X2,Y2; note: X,Y
                               // mprRotate: degrees clockwise; active: the viewport (1-based)
  QString argument;            // roi: "ellipse" or "rect"; note: its text; save/saveClean: the PNG's path; tool: its name; mprZoom/mprPan/mprRotate: the plane
  QString text;                // the step as written, for messages
};

// Parses "series=1;mpr;slice=5"; on a bad step returns an empty list and sets `error`.
std::vector<ViewerStep> parseViewerSteps(const QString& list, QString& error);

// "1x1" -> 1, "1x2" -> 2, "2x2" -> 4 viewports; 0 for anything else.
int parseViewerLayout(const QString& text);
