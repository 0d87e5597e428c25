#pragma once
// The slice view's picture actions, kept out of main_window.cpp: File > Save image, Save image
// without annotations and Copy image; View > Rotate right/left and Flip horizontally/vertically;
// the drawing tools (ellipse and rectangle regions, arrow, text note); Help > Keyboard shortcuts.
// Keys come from shortcuts.h.
#include <functional>
#include <vector>

class QAction;
class QMenu;
class QToolBar;
class QWidget;
class SliceView;

struct ImageActionMenus {
  QWidget* window = nullptr;
  QMenu* file = nullptr;
  QMenu* view = nullptr;
  QMenu* help = nullptr;
  QToolBar* toolbar = nullptr;
  std::vector<QAction*> other_tools;  // Length and Angle: a drawing tool unchecks them, and they it
};

// Returns the drawing tools' actions (enabled with the slice view's measurements). Save, copy, the
// key image page and rotate/flip act on `active()` (the active viewport) when triggered; a drawing
// tool is set in every one of `viewports()`, so the viewport clicked draws.
std::vector<QAction*> addImageActions(const ImageActionMenus& menus, const std::function<SliceView*()>& active,
                                      const std::function<std::vector<SliceView*>()>& viewports);
