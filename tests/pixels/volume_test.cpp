// Building a volume from a series: order by position, geometry.
#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/pixels/volume.h"
#include "synthetic_dicom.h"

namespace {

// What the media scanner would report for the synthetic series (header fields only).
imaging::Series seriesOf(const std::filesystem::path& dir, int count) {
  imaging::Series series;
  series.modality = "MR";
  for (int k = 0; k < count; ++k) {
    imaging::Instance in;
    in.path = dir / ("slice" + std::to_string(k) + ".dcm");
    in.instance_number = count - k;
    in.rows = in.columns = 64;
    in.has_pixel_data = true;
    in.image_position = std::array<double, 3>{-50.0, -40.0, 10.0 + 3.0 * k};
    in.image_orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
    in.pixel_spacing = std::array<double, 2>{0.5, 0.5};
    series.instances.push_back(in);
  }
  // The model sorts by instance number, i.e. here opposite to position.
  std::sort(series.instances.begin(), series.instances.end(),
            [](const auto& a, const auto& b) { return a.instance_number < b.instance_number; });
  return series;
}

}  // namespace

TEST(Volume, SortsByPositionNotInstanceNumber) {
  const auto dir = pixels_test::writeSeries(pixels_test::freshDir("pixels-volume"), 6);
  const auto series = seriesOf(dir, 6);
  const auto slices = imaging::orderedSlices(series);
  ASSERT_EQ(slices.size(), 6u);
  for (std::size_t k = 0; k < slices.size(); ++k)
    EXPECT_EQ(slices[k].path.filename(), "slice" + std::to_string(k) + ".dcm");

  const auto volume = imaging::loadVolume(series);
  EXPECT_EQ(volume.dimensions, (std::array<int, 3>{64, 64, 6}));
  EXPECT_DOUBLE_EQ(volume.spacing[0], 0.5);
  EXPECT_DOUBLE_EQ(volume.spacing[2], 3.0);
  EXPECT_DOUBLE_EQ(volume.origin[2], 10.0);
  EXPECT_TRUE(volume.has_geometry);
  EXPECT_DOUBLE_EQ(volume.direction[8], 1.0);  // normal = +z
  // The disc's brightness grows with the slice index: centre voxel of slice k is 600 + 40k.
  for (int k = 0; k < 6; ++k)
    EXPECT_FLOAT_EQ(volume.values[volume.sliceSize() * k + 32 * 64 + 32], 600.0f + 40.0f * k);
  EXPECT_DOUBLE_EQ(volume.default_window.center, 600.0);  // the file's preset
}

TEST(Volume, SkipsMissingSlicesAndFailsWhenNothingDecodes) {
  const auto dir = pixels_test::writeSeries(pixels_test::freshDir("pixels-volume-gaps"), 4);
  auto series = seriesOf(dir, 4);
  std::filesystem::remove(dir / "slice2.dcm");
  const auto volume = imaging::loadVolume(series);
  EXPECT_EQ(volume.dimensions[2], 3);
  EXPECT_EQ(volume.skipped_slices, 1u);

  for (auto& in : series.instances) in.path = dir / "nothing.dcm";
  EXPECT_THROW(imaging::loadVolume(series), imaging::Error);
}

TEST(Volume, CtValuesAreHounsfieldUnitsAfterTheRescale) {
  const auto dir = pixels_test::freshDir("pixels-volume-ct");
  pixels_test::SyntheticImage ct;
  ct.modality = "CT";
  ct.rescale_slope = 2.0;
  ct.rescale_intercept = -1024.0;
  ct.samples.assign(64, 600);
  ct.samples[3 * 8 + 5] = 1000;  // column 5, row 3
  pixels_test::writeSynthetic(ct, dir / "ct.dcm");
  imaging::Series series;
  series.modality = "CT";
  imaging::Instance in;
  in.path = dir / "ct.dcm";
  in.rows = in.columns = 8;
  in.has_pixel_data = true;
  series.instances.push_back(in);
  const auto volume = imaging::loadVolume(series);
  EXPECT_EQ(volume.value_unit, "HU");
  EXPECT_FLOAT_EQ(volume.values[3 * 8 + 5], 976.0f);  // 2 * 1000 - 1024
  EXPECT_FLOAT_EQ(volume.values[0], 176.0f);

  series.modality = "MR";
  EXPECT_EQ(imaging::loadVolume(series).value_unit, "");
}
