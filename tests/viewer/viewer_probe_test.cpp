// The value of the pixel under the mouse, after the modality LUT (Hounsfield units for CT), shown in
// the slice view's bottom right corner (issue 14). A CT series is written here with a rescale slope
// of 2 and an intercept of -1024, so the stored value and the HU differ.
#include <gtest/gtest.h>

#include <string>

#include "synthetic_dicom.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

constexpr int kSize = 64;
constexpr int kSlices = 4;

// Stored value of column c, row r of slice k (slices 2 mm apart, k = 0 first in position order).
int stored(int c, int r, int k) { return 1000 + 7 * c + 3 * r + 50 * k; }

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-probe-");
  return owner.root;
}

fs::path writeSeries(const std::string& modality) {
  const fs::path dir = workDir() / modality;
  fs::create_directories(dir);
  for (int k = 0; k < kSlices; ++k) {
    pixels_test::SyntheticImage slice;
    slice.rows = slice.columns = kSize;
    slice.modality = modality;
    slice.series_uid = "1.2.826.0.1.3680043.10.1000.91." + std::to_string(modality.size());
    slice.instance_number = k + 1;
    slice.position = std::array<double, 3>{0.0, 0.0, 2.0 * k};
    slice.orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
    slice.pixel_spacing = std::array<double, 2>{0.5, 0.5};
    slice.rescale_slope = 2.0;
    slice.rescale_intercept = -1024.0;
    slice.window = std::array<double, 2>{1500.0, 2000.0};
    for (int r = 0; r < kSize; ++r)
      for (int c = 0; c < kSize; ++c) slice.samples.push_back(stored(c, r, k));
    pixels_test::writeSynthetic(slice, dir / ("slice" + std::to_string(k) + ".dcm"));
  }
  return dir;
}

scanshare_test::ViewerScreenshot shot(const fs::path& series, const std::string& name, const std::string& options) {
  auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, series, workDir() / (name + ".png"), options, "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << options << "\n" << ran.out;
  return ran;
}

std::string probeLine(const std::string& out) {
  const auto at = out.find("probe-text ");
  return at == std::string::npos ? std::string() : out.substr(at + 11, out.find('\n', at) - at - 11);
}

TEST(ViewerProbe, CtValueUnderTheMouseIsInHounsfieldUnits) {
  const fs::path ct = writeSeries("CT");
  const auto probed = shot(ct, "ct-probe", "--steps 'slice=2;probe=20,30'");
  // Slice 2 (k = 1), column 20, row 30: stored 1000 + 140 + 90 + 50 = 1280, HU = 2 * 1280 - 1024.
  EXPECT_EQ(probeLine(probed.out), "1536 HU at 20, 30") << probed.out;
  const auto moved = shot(ct, "ct-probe-moved", "--steps 'probe=20,30;slice=4;probe=5,60'");
  // The text follows the mouse and the slice: k = 3, column 5, row 60: 2 * (1000 + 35 + 180 + 150) - 1024.
  EXPECT_EQ(probeLine(moved.out), "1706 HU at 5, 60") << moved.out;

  // The text is drawn: the picture differs from the same slice without the mouse over it, a little.
  const auto plain = shot(ct, "ct-plain", "--slice 2");
  ASSERT_GT(probed.picture.width, 0);
  ASSERT_GT(plain.picture.width, 0);
  EXPECT_TRUE(probeLine(plain.out).empty()) << plain.out;
  const auto d = viewer_test::compare(probed.picture, plain.picture);
  EXPECT_GT(d.differing, 30) << "no value drawn in the corner";
  EXPECT_LT(d.differing, 5000) << "more changed than a line of text";
}

TEST(ViewerProbe, OutsideTheImageShowsNoValue) {
  const auto out = shot(writeSeries("CT"), "ct-outside", "--steps 'probe=20,30;probe=-40,10'");
  EXPECT_TRUE(probeLine(out.out).empty()) << out.out;
}

TEST(ViewerProbe, MrValueHasNoUnit) {
  const auto probed = shot(writeSeries("MR"), "mr-probe", "--steps 'slice=1;probe=0,0'");
  EXPECT_EQ(probeLine(probed.out), std::to_string(2 * stored(0, 0, 0) - 1024) + " at 0, 0") << probed.out;
}

}  // namespace
