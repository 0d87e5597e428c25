#pragma once
// Command line of scanshare-viewer.
#include <QString>
#include <QStringList>
#include <optional>

#include "imaging/pixels/frame.h"

struct ViewerOptions {
  QString open_path;                    // first positional argument
  QString screenshot_path;              // --screenshot FILE: load, render, save, exit
  std::optional<int> slice;             // --slice K (1-based)
  std::optional<imaging::Window> window;  // --window C,W
  std::optional<int> series;            // --series N (1-based, browser order) instead of the first
  bool show_tags = false;               // --tags: open the attribute browser
  bool benchmark = false;               // --benchmark: print timings and exit
  QString error;                        // non-empty: bad command line
};

ViewerOptions parseViewerOptions(const QStringList& arguments);
