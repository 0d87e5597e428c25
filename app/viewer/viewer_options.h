#pragma once
// Command line of scanshare-viewer.
#include <QString>
#include <QStringList>
#include <array>
#include <optional>
#include <vector>

#include "imaging/pixels/frame.h"
#include "viewer_steps.h"

struct ViewerOptions {
  QString open_path;                    // first positional argument
  QString screenshot_path;              // --screenshot FILE: load, render, save, exit
  std::optional<int> slice;             // --slice K (1-based)
  std::optional<imaging::Window> window;  // --window C,W
  std::optional<int> preset;            // --preset N: entry N (1-based, 1 = Default) of the presets list
  std::optional<int> series;            // --series N (1-based, browser order) instead of the first
  int viewports = 1;                    // --layout 1x1|1x2: viewports side by side
  std::optional<int> compare;           // --compare N: series in the second viewport (1-based, browser order)
  bool show_tags = false;               // --tags: open the attribute browser
  bool mpr = false;                     // --mpr: show the three MPR planes
  std::optional<std::array<double, 3>> mpr_point;  // --mpr-point C,R,S: cursor voxel (1-based column, row, slice)
  std::vector<double> angle;            // --angle: x1,y1,x2,y2,x3,y3 image pixels (end, vertex, end)
  std::vector<ViewerStep> steps;        // --steps "LIST": actions applied in order after the start options
  bool benchmark = false;               // --benchmark: print timings and exit
  // Share flow test hooks: run the share dialog without clicking (see docs/viewer.md).
  QString share_to;                     // --share-to OUT: export here, verify, exit
  std::vector<int> share_series;        // --share-series N,... (1-based, browser order); empty: default ticks
  QString share_add_person;             // --share-add-person yes|no: the answer when a tick asks to add another person (default no)
  std::vector<int> share_redact;        // --share-redact N,...: burned-in series to send with their text blacked out
  QString share_dates;                  // --share-dates keep|shift|remove; empty: the default
  bool share_zip = false;               // --share-zip
  QString share_name, share_id;         // --share-name / --share-id: name for the recipient
  bool share_drop_age_sex = false;      // --share-drop-age-sex
  QString share_screenshots;            // --share-screenshots DIR: share-step1.png .. share-step5.png
  QString share_recipe;                 // --share-recipe FILE: the recipe chosen in step 2
  QString share_mapping;                // --share-mapping FILE: save the sealed mapping there
  int share_cancel_after = 0;           // --share-cancel-after N: press Cancel after N files
  QString error;                        // non-empty: bad command line
};

ViewerOptions parseViewerOptions(const QStringList& arguments);
