// Drives scanshare-viewer's --screenshot mode under Xvfb and checks the picture it saves.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "imaging/media/scan.h"
#include "imaging/pixels/png.h"
#include "imaging/pixels/render.h"
#include "imaging/pixels/volume.h"
#include "synthetic_dicom.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"
#include "image_compare.h"

namespace fs = std::filesystem;

namespace {

using Shot = scanshare_test::SliceShot;

// The study the viewer opens: the sample CD when the generator is built, else a series made here.
const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-fixture-");
  return owner.root;
}

fs::path fixture() {
  static const fs::path dir = viewer_test::makeStudy(workDir());
  return dir;
}

Shot screenshot(const std::string& name, const std::string& options) {
  return scanshare_test::sliceShot(SCANSHARE_VIEWER, fixture(), workDir() / (name + ".png"), options, "1280x1024x24");
}

// The slice area of the screenshot as gray values, shrunk by a margin to stay off its border.
imaging::Rgb8Image sliceArea(const Shot& shot) {
  const int margin = 4;
  const int x0 = std::max(0, static_cast<int>(std::ceil(shot.x)) + margin);
  const int y0 = std::max(0, static_cast<int>(std::ceil(shot.y)) + margin);
  const int x1 = std::min(shot.picture.width, static_cast<int>(shot.x + shot.w) - margin);
  const int y1 = std::min(shot.picture.height, static_cast<int>(shot.y + shot.h) - margin);
  imaging::Rgb8Image area{std::max(0, x1 - x0), std::max(0, y1 - y0), 1, {}};
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const auto* p = &shot.picture.pixels[(static_cast<std::size_t>(y) * shot.picture.width + x) * shot.picture.channels];
      area.pixels.push_back(shot.picture.channels == 3 ? static_cast<unsigned char>((p[0] + p[1] + p[2]) / 3) : p[0]);
    }
  return area;
}

// The same slice rendered by the library, cropped the same way and resized to the area's size.
imaging::Rgb8Image expectedArea(const Shot& shot, const imaging::Window& window, const imaging::Rgb8Image& area) {
  const imaging::Inventory inventory = imaging::scan(fixture());
  const imaging::Series* first = nullptr;
  inventory.forEachInstance([&](const auto&, const auto&, const imaging::Series& series, const auto&) {
    if (!first && !imaging::orderedSlices(series).empty()) first = &series;
  });
  const auto slices = imaging::orderedSlices(*first);
  const auto& slice = slices.at(static_cast<std::size_t>(shot.slice - 1));
  imaging::RenderOptions options;
  options.window = window;
  const auto full = imaging::renderFile(slice.path, slice.frame_index, options);
  const auto scaled = imaging::resize(full, static_cast<int>(std::lround(shot.w)), static_cast<int>(std::lround(shot.h)));
  // Same crop as sliceArea (relative to the slice rectangle).
  const int dx = static_cast<int>(std::ceil(shot.x)) + 4 - static_cast<int>(std::lround(shot.x));
  const int dy = static_cast<int>(std::ceil(shot.y)) + 4 - static_cast<int>(std::lround(shot.y));
  imaging::Rgb8Image out{area.width, area.height, 1, {}};
  for (int y = 0; y < area.height; ++y)
    for (int x = 0; x < area.width; ++x) {
      const int sx = std::clamp(x + dx, 0, scaled.width - 1), sy = std::clamp(y + dy, 0, scaled.height - 1);
      const auto* p = &scaled.pixels[(static_cast<std::size_t>(sy) * scaled.width + sx) * scaled.channels];
      out.pixels.push_back(scaled.channels == 3 ? static_cast<unsigned char>((p[0] + p[1] + p[2]) / 3) : p[0]);
    }
  return out;
}

using scanshare_test::correlation;
using scanshare_test::meanAbsoluteDifference;
using scanshare_test::standardDeviation;

const imaging::Window kWindow{600, 1200};

}  // namespace

TEST(ViewerScreenshot, ShowsMiddleSliceMatchingLibraryRendering) {
  const Shot shot = screenshot("middle", "--window 600,1200");
  ASSERT_EQ(shot.exit_code, 0);
  ASSERT_GT(shot.picture.width, 600);
  ASSERT_GE(shot.count, 10);
  EXPECT_EQ(shot.slice, shot.count / 2 + 1);
  ASSERT_GT(shot.w, 100);
  const auto area = sliceArea(shot);
  EXPECT_GT(standardDeviation(area), 10.0) << "slice area is blank";
  EXPECT_GT(correlation(area, expectedArea(shot, kWindow, area)), 0.9);
}

TEST(ViewerScreenshot, ScrollingShowsAnotherSlice) {
  const Shot third = screenshot("slice3", "--slice 3 --window 600,1200");
  const Shot tenth = screenshot("slice10", "--slice 10 --window 600,1200");
  ASSERT_EQ(third.exit_code, 0);
  ASSERT_EQ(tenth.exit_code, 0);
  EXPECT_EQ(third.slice, 3);
  EXPECT_EQ(tenth.slice, 10);
  const auto a = sliceArea(third), b = sliceArea(tenth);
  EXPECT_GT(meanAbsoluteDifference(a, b), 3.0);
  // Each shows its own slice, not the other one.
  const double own_a = correlation(a, expectedArea(third, kWindow, a));
  const double own_b = correlation(b, expectedArea(tenth, kWindow, b));
  EXPECT_GT(own_a, 0.9);
  EXPECT_GT(own_b, 0.9);
  Shot swapped = third;
  swapped.slice = 10;  // the library's rendering of slice 10 must fit the slice-3 picture worse
  EXPECT_LT(correlation(a, expectedArea(swapped, kWindow, a)), own_a);
}

TEST(ViewerScreenshot, WindowChangesThePixels) {
  const Shot wide = screenshot("wide", "--window 600,1200");
  const Shot narrow = screenshot("narrow", "--window 300,100");
  ASSERT_EQ(wide.exit_code, 0);
  ASSERT_EQ(narrow.exit_code, 0);
  EXPECT_GT(meanAbsoluteDifference(sliceArea(wide), sliceArea(narrow)), 10.0);
  const auto narrow_area = sliceArea(narrow);
  EXPECT_GT(correlation(narrow_area, expectedArea(narrow, {300, 100}, narrow_area)), 0.8);
}

TEST(ViewerScreenshot, UnreadablePathFailsWithoutCrash) {
  const fs::path png = workDir() / "missing.png";
  // The viewer's own exit status, written by the shell xvfb-run starts: xvfb-run's status is its
  // own when its clean-up fails (5, seen under a loaded ctest), which says nothing of the viewer.
  const fs::path status_file = workDir() / "unreadable-status.txt";
  fs::remove(status_file);
  const std::string command = "xvfb-run -a -s '-screen 0 1280x1024x24' sh -c \"'" + std::string(SCANSHARE_VIEWER) +
                              "' /nonexistent/scanshare --screenshot '" + png.string() + "' >/dev/null 2>&1; echo \\$? > '" +
                              status_file.string() + "'\" >/dev/null 2>&1";
  std::system(command.c_str());
  std::ifstream status(status_file);
  int viewer_exit = -1;
  ASSERT_TRUE(status >> viewer_exit) << "the viewer did not run";
  EXPECT_EQ(viewer_exit, 1);
  EXPECT_FALSE(fs::exists(png));
}

// A reviewer who receives the study as a CD image opens the .iso itself: the viewer shows the same
// slice as from the folder the image was made of (xorriso, Rock Ridge and Joliet names, as CD
// authoring tools write them).
TEST(ViewerScreenshot, OpensACdImageLikeTheFolder) {
  const fs::path iso = workDir() / "study.iso";
  const std::string command = std::string(XORRISO_PROGRAM) + " -outdev '" + iso.string() + "' -joliet on -map '" +
                              fixture().string() + "' / > '" + (workDir() / "xorriso.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const Shot from_folder = screenshot("folder", "--window 600,1200");
  const Shot from_iso =
      scanshare_test::sliceShot(SCANSHARE_VIEWER, iso, workDir() / "iso.png", "--window 600,1200", "1280x1024x24");
  ASSERT_EQ(from_iso.exit_code, 0);
  EXPECT_EQ(from_iso.count, from_folder.count);
  EXPECT_EQ(from_iso.slice, from_folder.slice);
  const auto folder_area = sliceArea(from_folder);
  const auto iso_area = sliceArea(from_iso);
  ASSERT_EQ(iso_area.width, folder_area.width);
  ASSERT_EQ(iso_area.height, folder_area.height);
  EXPECT_GT(standardDeviation(iso_area), 10.0) << "the slice from the image is blank";
  EXPECT_LT(meanAbsoluteDifference(iso_area, folder_area), 1.0);
}
