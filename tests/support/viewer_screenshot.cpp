#include "viewer_screenshot.h"

#include <sstream>

#include "run.h"

namespace scanshare_test {

ViewerScreenshot viewerScreenshot(const std::filesystem::path& viewer, const std::filesystem::path& open,
                                  const std::filesystem::path& png, const std::string& options,
                                  const std::string& screen) {
  const RunResult ran = run("xvfb-run -a -s '-screen 0 " + screen + "' " + quoted(viewer.string()) + " " +
                                quoted(open.string()) + " --screenshot " + quoted(png.string()) + " " + options,
                            false);
  ViewerScreenshot shot;
  shot.exit_code = ran.exit_code;
  shot.out = ran.out;
  if (shot.exit_code == 0 && std::filesystem::exists(png)) shot.picture = imaging::readPng(png);
  return shot;
}

SliceShot sliceShot(const std::filesystem::path& viewer, const std::filesystem::path& open,
                    const std::filesystem::path& png, const std::string& options, const std::string& screen) {
  const ViewerScreenshot ran = viewerScreenshot(viewer, open, png, options, screen);
  SliceShot shot;
  shot.exit_code = ran.exit_code;
  shot.picture = ran.picture;
  std::istringstream lines(ran.out);
  std::string word;
  while (lines >> word) {
    if (word == "image-rect") lines >> shot.x >> shot.y >> shot.w >> shot.h;
    if (word == "slice") {
      char slash = 0;
      lines >> shot.slice >> slash >> shot.count;
    }
  }
  return shot;
}

}  // namespace scanshare_test
