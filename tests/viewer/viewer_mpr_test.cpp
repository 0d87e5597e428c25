// Drives scanshare-viewer's MPR mode (--mpr, --mpr-point, --preset) under Xvfb and checks the three
// planes in its screenshots against the library's own rendering of the series: the image, the
// overlay planes of the acquired slice and the VOI LUT chosen as the preset.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "imaging/media/scan.h"
#include "imaging/pixels/png.h"
#include "imaging/pixels/render.h"
#include "imaging/pixels/volume.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"
#include "image_compare.h"

namespace fs = std::filesystem;

namespace {

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
};

struct MprShot {
  int exit_code = -1;
  imaging::Rgb8Image picture;
  std::map<std::string, Box> panes, images;  // by plane name: axial, coronal, sagittal
  double cursor[3] = {0, 0, 0};              // 1-based column, row, slice
};

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-mpr-");
  return owner.root;
}

// The demo CD (first series: sagittal knee MR) when the generator is built, else an axial series.
fs::path fixture() {
  static const fs::path dir = viewer_test::makeStudy(workDir());
  return dir;
}

// What the viewer shows first when opening `open`: the first series with images, as the library
// loads it.
imaging::Volume loadFirstVolume(const fs::path& open) {
  const imaging::Inventory inventory = imaging::scan(open);
  const imaging::Series* first = nullptr;
  inventory.forEachInstance([&](const auto&, const auto&, const imaging::Series& series, const auto&) {
    if (!first && !imaging::orderedSlices(series).empty()) first = &series;
  });
  if (!first) throw std::runtime_error("no series with images");
  return imaging::loadVolume(*first);
}

const imaging::Volume& firstVolume() {
  static const imaging::Volume volume = loadFirstVolume(fixture());
  return volume;
}

std::string windowOption() {
  const auto& w = firstVolume().default_window;
  return " --window " + std::to_string(w.center) + "," + std::to_string(w.width);
}

MprShot mprShot(const fs::path& open, const std::string& name, const std::string& options) {
  const scanshare_test::ViewerScreenshot ran =
      scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, open, workDir() / (name + ".png"), options, "1280x1024x24");
  MprShot shot;
  shot.exit_code = ran.exit_code;
  shot.picture = ran.picture;
  std::istringstream lines(ran.out);
  std::string word, plane;
  while (lines >> word) {
    Box box;
    if (word == "mpr-pane" && lines >> plane >> box.x >> box.y >> box.w >> box.h) shot.panes[plane] = box;
    if (word == "mpr-image" && lines >> plane >> box.x >> box.y >> box.w >> box.h) shot.images[plane] = box;
    if (word == "mpr-cursor") lines >> shot.cursor[0] >> shot.cursor[1] >> shot.cursor[2];
  }
  return shot;
}

// The fixture's first series in its default window.
MprShot screenshot(const std::string& name, const std::string& options) { return mprShot(fixture(), name, options + windowOption()); }

// The plane's image inside its pane, as gray values, shrunk by a margin.
imaging::Rgb8Image area(const MprShot& shot, const std::string& plane) {
  const Box& image = shot.images.at(plane);
  const Box& pane = shot.panes.at(plane);
  const int margin = 6;
  const int x0 = static_cast<int>(std::ceil(std::max(image.x, pane.x))) + margin;
  const int y0 = static_cast<int>(std::ceil(std::max(image.y, pane.y))) + margin;
  const int x1 = static_cast<int>(std::min(image.x + image.w, pane.x + pane.w)) - margin;
  const int y1 = static_cast<int>(std::min(image.y + image.h, pane.y + pane.h)) - margin;
  imaging::Rgb8Image out{std::max(0, x1 - x0), std::max(0, y1 - y0), 1, {}};
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const auto* p = &shot.picture.pixels[(static_cast<std::size_t>(y) * shot.picture.width + x) * shot.picture.channels];
      out.pixels.push_back(static_cast<unsigned char>((p[0] + p[1] + p[2]) / 3));
    }
  return out;
}

// The library's rendering of slice k (0-based) of `volume` with `options`, scaled to the plane's
// image box, cropped like area().
imaging::Rgb8Image expectedNative(const MprShot& shot, const std::string& plane, const imaging::Volume& volume, int k,
                                  const imaging::RenderOptions& options) {
  const auto& slice = volume.slices.at(static_cast<std::size_t>(k));
  const Box& image = shot.images.at(plane);
  const auto scaled = imaging::resize(imaging::renderFile(slice.path, slice.frame_index, options),
                                      static_cast<int>(std::lround(image.w)), static_cast<int>(std::lround(image.h)));
  const auto crop = area(shot, plane);
  const Box& pane = shot.panes.at(plane);
  const int dx = static_cast<int>(std::ceil(std::max(image.x, pane.x))) + 6 - static_cast<int>(std::lround(image.x));
  const int dy = static_cast<int>(std::ceil(std::max(image.y, pane.y))) + 6 - static_cast<int>(std::lround(image.y));
  imaging::Rgb8Image out{crop.width, crop.height, 1, {}};
  for (int y = 0; y < crop.height; ++y)
    for (int x = 0; x < crop.width; ++x)
      out.pixels.push_back(scaled.pixels[static_cast<std::size_t>(std::clamp(y + dy, 0, scaled.height - 1)) * scaled.width +
                                         static_cast<std::size_t>(std::clamp(x + dx, 0, scaled.width - 1))]);
  return out;
}

// The same in the fixture's default window.
imaging::Rgb8Image expectedNative(const MprShot& shot, const std::string& plane, int k) {
  imaging::RenderOptions options;
  options.window = firstVolume().default_window;
  return expectedNative(shot, plane, firstVolume(), k, options);
}

// Mean grey of the screenshot over the centres of voxels [column, column + columns) x [row, row +
// rows) of the axial pane of an axial series with identity orientation (column right, row down),
// leaving out a one-voxel border so that edges and smoothing do not count.
double meanGreyOverVoxels(const MprShot& shot, const viewer_test::Bar& voxels) {
  const Box& image = shot.images.at("axial");
  const double per_column = image.w / viewer_test::kAxialSize, per_row = image.h / viewer_test::kAxialSize;
  double sum = 0;
  int count = 0;
  for (int r = voxels.row + 1; r < voxels.row + voxels.rows - 1; ++r)
    for (int c = voxels.column + 1; c < voxels.column + voxels.columns - 1; ++c) {
      const auto x = static_cast<std::size_t>(image.x + (c + 0.5) * per_column);
      const auto y = static_cast<std::size_t>(image.y + (r + 0.5) * per_row);
      const auto* p = &shot.picture.pixels[(y * static_cast<std::size_t>(shot.picture.width) + x) * static_cast<std::size_t>(shot.picture.channels)];
      sum += (p[0] + p[1] + p[2]) / 3.0;
      ++count;
    }
  return count ? sum / count : -1.0;
}

// Share of near-white pixels (what an overlay is drawn in) in a plane's image.
double whiteShare(const MprShot& shot, const std::string& plane) {
  const auto grey = area(shot, plane);
  std::size_t white = 0;
  for (unsigned char v : grey.pixels) white += v >= 250;
  return grey.pixels.empty() ? 1.0 : static_cast<double>(white) / static_cast<double>(grey.pixels.size());
}

// Which pane shows the slices as acquired: the plane whose normal is the series' slice normal.
std::string nativePlane() {
  const auto& d = firstVolume().direction;
  const double x = std::abs(d[6]), y = std::abs(d[7]), z = std::abs(d[8]);
  if (x >= y && x >= z) return "sagittal";
  return y >= z ? "coronal" : "axial";
}

using scanshare_test::correlation;
using scanshare_test::meanAbsoluteDifference;
using scanshare_test::standardDeviation;

std::string point(double c, double r, double s) {
  std::ostringstream out;
  out << " --mpr-point " << c << "," << r << "," << s;
  return out.str();
}

const char* const kPlanes[] = {"axial", "coronal", "sagittal"};

}  // namespace

TEST(ViewerMpr, ShowsThreeNonBlankPlanesWithTheNativeOneMatchingItsSlice) {
  const auto& volume = firstVolume();
  ASSERT_GE(volume.dimensions[2], 8);
  const MprShot shot = screenshot("mpr-centre", "--mpr");
  ASSERT_EQ(shot.exit_code, 0);
  ASSERT_EQ(shot.panes.size(), 3u);
  for (const char* plane : kPlanes) {
    ASSERT_GT(shot.images.at(plane).w, 40) << plane;
    ASSERT_GT(shot.images.at(plane).h, 40) << plane;
    EXPECT_GT(standardDeviation(area(shot, plane)), 10.0) << plane << " pane is blank";
  }
  // Opened at the centre of the volume.
  EXPECT_NEAR(shot.cursor[2], (volume.dimensions[2] - 1) / 2.0 + 1, 0.01);
  // Panes are different pictures, not one plane three times.
  EXPECT_LT(correlation(area(shot, "axial"), area(shot, "sagittal")), 0.95);
}

TEST(ViewerMpr, CursorInTheNativePlaneMovesTheOtherTwo) {
  const auto& volume = firstVolume();
  const std::string native = nativePlane();
  const double c = volume.dimensions[0], r = volume.dimensions[1];
  const int s = volume.dimensions[2] / 2;  // 0-based slice the cursor stays on
  const MprShot a = screenshot("mpr-a", "--mpr" + point(c * 0.3, r * 0.35, s + 1));
  const MprShot b = screenshot("mpr-b", "--mpr" + point(c * 0.7, r * 0.65, s + 1));
  ASSERT_EQ(a.exit_code, 0);
  ASSERT_EQ(b.exit_code, 0);
  EXPECT_NEAR(a.cursor[0], c * 0.3, 0.01);
  EXPECT_NEAR(b.cursor[1], r * 0.65, 0.01);
  for (const char* plane : kPlanes) {
    const double change = meanAbsoluteDifference(area(a, plane), area(b, plane));
    if (plane == native) {
      EXPECT_LT(change, 3.0) << "the native plane should only move its crosshair";
    } else {
      EXPECT_GT(change, 5.0) << plane << " did not follow the cursor";
    }
  }
  // The native plane is the acquired slice s, better matched by it than by a distant slice.
  const double own = correlation(area(a, native), expectedNative(a, native, s));
  EXPECT_GT(own, 0.85);
  EXPECT_LT(correlation(area(a, native), expectedNative(a, native, s > 3 ? 0 : volume.dimensions[2] - 1)), own);
}

TEST(ViewerMpr, SliceOfTheNativePlaneFollowsTheCursor) {
  const auto& volume = firstVolume();
  const std::string native = nativePlane();
  const int k = 2;  // 0-based
  const MprShot shot = screenshot("mpr-slice", "--mpr" + point(volume.dimensions[0] / 2.0, volume.dimensions[1] / 2.0, k + 1));
  ASSERT_EQ(shot.exit_code, 0);
  const double own = correlation(area(shot, native), expectedNative(shot, native, k));
  EXPECT_GT(own, 0.85);
  EXPECT_LT(correlation(area(shot, native), expectedNative(shot, native, volume.dimensions[2] / 2)), own);
}

TEST(ViewerMpr, AngleOptionDrawsAndReportsTheAngle) {
  // An angle of 90 degrees in pixels on square pixels; the viewer reports it from the library.
  const fs::path png = workDir() / "angle.png";
  const std::string command = "xvfb-run -a -s '-screen 0 1280x1024x24' '" + std::string(SCANSHARE_VIEWER) + "' '" +
                              fixture().string() + "' --screenshot '" + png.string() + "' --angle 100,40,40,40,40,100 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
  ASSERT_EQ(pclose(pipe), 0);
  const auto at = output.find("angle-deg ");
  ASSERT_NE(at, std::string::npos) << output;
  const auto& spacing = firstVolume().spacing;
  const double expected = spacing[0] == spacing[1] ? 90.0 : -1.0;
  EXPECT_NEAR(std::stod(output.substr(at + 10)), expected, 0.01);
}

TEST(ViewerMpr, OverlayOfTheSliceUnderTheCursorIsDrawnOnTheAcquiredPlane) {
  const fs::path series = viewer_test::writeAxialSeries(workDir() / "overlay-series", {true, false});
  const std::string window = " --window 1000,2000";
  for (const int k : {6, 2}) {  // 0-based slice under the cursor
    const int other = k == 6 ? 2 : 6;
    // The cursor sits away from both bars, so no crosshair line crosses them.
    const MprShot shot = mprShot(series, "mpr-overlay-" + std::to_string(k), "--mpr" + point(48, 70, k + 1) + window);
    ASSERT_EQ(shot.exit_code, 0);
    ASSERT_EQ(shot.images.count("axial"), 1u);
    // Under each bar the image is dark (about 40 of 255); the overlay is drawn in white.
    EXPECT_GT(meanGreyOverVoxels(shot, viewer_test::overlayBar(k)), 245.0) << "slice " << k << ": its overlay is missing";
    EXPECT_LT(meanGreyOverVoxels(shot, viewer_test::overlayBar(other)), 100.0) << "slice " << k << " shows slice " << other << "'s overlay";
    // The reformatted planes cut across the slices and draw no overlay (nothing in the image is white).
    EXPECT_LT(whiteShare(shot, "coronal"), 0.001);
    EXPECT_LT(whiteShare(shot, "sagittal"), 0.001);
  }
}

TEST(ViewerMpr, VoiLutPresetIsWhatThePlanesShow) {
  const fs::path series = viewer_test::writeAxialSeries(workDir() / "lut-series", {false, true});
  const imaging::Volume volume = loadFirstVolume(series);
  std::size_t lut_index = volume.presets.size();
  for (std::size_t i = 0; i < volume.presets.size(); ++i)
    if (volume.presets[i].lut && lut_index == volume.presets.size()) lut_index = i;
  ASSERT_LT(lut_index, volume.presets.size()) << "the library found no VOI LUT";
  ASSERT_FALSE(volume.presets.front().lut) << "the fixture's first preset should be its linear window";
  const int k = 5;  // 0-based slice under the cursor
  const std::string at = "--mpr" + point(48, 30, k + 1);
  // The presets list is Default, then the file's presets in order: the LUT is entry lut_index + 2.
  const MprShot linear = mprShot(series, "mpr-linear", at);
  const MprShot lut = mprShot(series, "mpr-lut", at + " --preset " + std::to_string(lut_index + 2));
  ASSERT_EQ(linear.exit_code, 0);
  ASSERT_EQ(lut.exit_code, 0);
  for (const char* plane : kPlanes) {
    // The V-shaped table turns the dark ramp bright and the bright disc dark: the picture differs
    // from the window's and its contrast runs the other way.
    EXPECT_GT(meanAbsoluteDifference(area(lut, plane), area(linear, plane)), 30.0) << plane << " ignores the VOI LUT";
    EXPECT_LT(correlation(area(lut, plane), area(linear, plane)), -0.5) << plane;
  }
  // The acquired plane is what the library renders through the table, not through the window.
  imaging::RenderOptions through_lut, through_window;
  through_lut.voi_lut = volume.presets[lut_index].lut;
  through_window.window = volume.presets.front().window;
  const double own = correlation(area(lut, "axial"), expectedNative(lut, "axial", volume, k, through_lut));
  EXPECT_GT(own, 0.85);
  EXPECT_LT(correlation(area(lut, "axial"), expectedNative(lut, "axial", volume, k, through_window)), own);
  EXPECT_GT(correlation(area(linear, "axial"), expectedNative(linear, "axial", volume, k, through_window)), 0.85);
}
