// Runs scanshare-viewer's --screenshot mode under Xvfb and reads back what it printed and saved.
#pragma once

#include <filesystem>
#include <string>

#include "imaging/pixels/png.h"

namespace scanshare_test {

struct ViewerScreenshot {
  int exit_code = -1;
  std::string out;                // the viewer's standard output (layout lines)
  imaging::Rgb8Image picture;     // empty unless the viewer succeeded and wrote the PNG
};

// `viewer` opens `open` on a virtual screen of `screen` (e.g. "1280x1024x24") and saves `png`.
ViewerScreenshot viewerScreenshot(const std::filesystem::path& viewer, const std::filesystem::path& open,
                                  const std::filesystem::path& png, const std::string& options,
                                  const std::string& screen);

// A screenshot of the slice view: where the slice is drawn and which slice of how many.
struct SliceShot {
  int exit_code = -1;
  imaging::Rgb8Image picture;
  double x = 0, y = 0, w = 0, h = 0;  // slice area inside the picture
  int slice = 0, count = 0;           // 1-based slice shown, of count
};

SliceShot sliceShot(const std::filesystem::path& viewer, const std::filesystem::path& open,
                    const std::filesystem::path& png, const std::string& options, const std::string& screen);

}  // namespace scanshare_test
