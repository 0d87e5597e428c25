// Enhanced multi-frame (per-frame Plane Position in the functional groups): frames ordered by
// position along the normal, spacing and geometry from the functional groups.
#include <gtest/gtest.h>

#include "imaging/pixels/decode.h"
#include "imaging/pixels/volume.h"
#include "synthetic_dicom.h"

namespace {

constexpr int kFrames = 5;
constexpr int kSize = 8;
// Stored frame f lies at rank kStoredRank[f] along the normal.
constexpr int kStoredRank[kFrames] = {3, 0, 4, 1, 2};

std::filesystem::path writeEnhanced() {
  pixels_test::SyntheticImage image;
  image.rows = image.columns = kSize;
  image.frames = kFrames;
  image.modality = "MR";
  image.orientation = std::array<double, 6>{1, 0, 0, 0, 0, -1};  // coronal: normal is +y
  image.pixel_spacing = std::array<double, 2>{0.7, 0.9};
  for (int f = 0; f < kFrames; ++f) {
    image.frame_positions.push_back({-30.0, 20.0 + 2.5 * kStoredRank[f], 40.0});
    image.samples.insert(image.samples.end(), kSize * kSize, 100 + 10 * kStoredRank[f]);
  }
  // One folder per test: ctest runs the tests of this file in parallel, and freshDir empties it.
  const auto path = pixels_test::freshDir(std::string("enhanced-mr-") + ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
                    "enhanced.dcm";
  pixels_test::writeSynthetic(image, path);
  return path;
}

// What the media scanner reports: one instance, no top-level geometry.
imaging::Series seriesOf(const std::filesystem::path& path) {
  imaging::Series series;
  series.modality = "MR";
  imaging::Instance instance;
  instance.path = path;
  instance.rows = instance.columns = kSize;
  instance.number_of_frames = kFrames;
  instance.has_pixel_data = true;
  series.instances.push_back(instance);
  return series;
}

}  // namespace

TEST(VolumeEnhanced, FramesAreOrderedByPlanePosition) {
  const auto path = writeEnhanced();
  const auto slices = imaging::orderedSlices(seriesOf(path));
  ASSERT_EQ(slices.size(), static_cast<std::size_t>(kFrames));
  for (int k = 0; k < kFrames; ++k) {
    const auto& slice = slices[static_cast<std::size_t>(k)];
    EXPECT_EQ(kStoredRank[slice.frame_index], k) << "slice " << k << " is stored frame " << slice.frame_index;
    ASSERT_TRUE(slice.image_position);
    EXPECT_DOUBLE_EQ((*slice.image_position)[1], 20.0 + 2.5 * k);
  }
}

TEST(VolumeEnhanced, VolumeUsesPerFrameGeometryAndSpacing) {
  const auto volume = imaging::loadVolume(seriesOf(writeEnhanced()));
  ASSERT_EQ(volume.dimensions[2], kFrames);
  EXPECT_TRUE(volume.has_geometry);
  EXPECT_TRUE(volume.has_pixel_spacing);
  EXPECT_DOUBLE_EQ(volume.spacing[0], 0.9);
  EXPECT_DOUBLE_EQ(volume.spacing[1], 0.7);
  EXPECT_DOUBLE_EQ(volume.spacing[2], 2.5);
  EXPECT_DOUBLE_EQ(volume.origin[0], -30.0);
  EXPECT_DOUBLE_EQ(volume.origin[1], 20.0);
  EXPECT_DOUBLE_EQ(volume.origin[2], 40.0);
  const std::array<double, 9> expected_direction{1, 0, 0, 0, 0, -1, 0, 1, 0};
  for (std::size_t i = 0; i < 9; ++i) EXPECT_NEAR(volume.direction[i], expected_direction[i], 1e-9) << i;
  for (int k = 0; k < kFrames; ++k)
    EXPECT_EQ(volume.values[volume.sliceSize() * static_cast<std::size_t>(k)], 100.0f + 10.0f * k) << k;
}

TEST(VolumeEnhanced, OverlaysTravelWithTheirSlices) {
  pixels_test::SyntheticImage image;
  image.rows = image.columns = kSize;
  image.frames = 2;
  image.orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
  image.frame_positions = {{0, 0, 5}, {0, 0, 1}};  // stored in reverse
  image.samples.assign(2 * kSize * kSize, 50);
  pixels_test::SyntheticOverlay overlay;
  overlay.rows = overlay.columns = kSize;
  overlay.frames = 1;
  overlay.frame_origin = 1;  // only the first stored frame
  overlay.bits.assign(kSize * kSize, 0);
  overlay.bits[0] = 1;
  image.overlays.push_back(overlay);
  const auto path = pixels_test::freshDir("enhanced-overlay") / "enhanced.dcm";
  pixels_test::writeSynthetic(image, path);
  auto series = seriesOf(path);
  series.instances[0].number_of_frames = 2;

  const auto volume = imaging::loadVolume(series);
  ASSERT_EQ(volume.overlays.size(), 2u);
  EXPECT_TRUE(volume.overlays[0].empty());       // stored frame 2, lower position
  ASSERT_EQ(volume.overlays[1].size(), static_cast<std::size_t>(kSize * kSize));
  EXPECT_EQ(volume.overlays[1][0], 1);
}
