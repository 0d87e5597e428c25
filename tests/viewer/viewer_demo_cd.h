// The demo sample CD the screenshot tests open, once per test process, and a screenshot of the
// viewer on it. Browser order of the demo CD: 1 MR sagittal, 2 MR coronal, 3 MR axial, 4 scanned
// page, 5 report, 6 CT axial, 7 CT coronal.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace viewer_test {

class DemoCd {
 public:
  explicit DemoCd(const std::string& prefix) : work_(prefix), cd_(makeStudy(work_.root)) {}
  const std::filesystem::path& dir() const { return work_.root; }
  const std::filesystem::path& cd() const { return cd_; }

  // The viewer run on the CD with `options` (e.g. --steps), its screenshot in dir()/NAME.png; a
  // failing run is a test failure.
  scanshare_test::ViewerScreenshot shot(const std::string& name, const std::string& options) const {
    auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, cd_, work_.root / (name + ".png"), options,
                                                "1280x1024x24");
    EXPECT_EQ(ran.exit_code, 0) << options << "\n" << ran.out;
    return ran;
  }

 private:
  WorkDir work_;
  std::filesystem::path cd_;
};

}  // namespace viewer_test
