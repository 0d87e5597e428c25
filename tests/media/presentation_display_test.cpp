// Reading how a presentation state frames its image (issue 14): circular and polygonal shutters,
// the displayed area, rotation and flip, and graphic layer colours, from states written here.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "imaging/media/presentation_state.h"
#include "synthetic_presentation.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;

namespace {

imaging::PresentationState readBack(const pixels_test::SyntheticPresentation& pr, const std::string& name) {
  static const fs::path dir = pixels_test::freshDir("presentation-display-" + std::to_string(::getpid()));
  const fs::path file = dir / (name + ".dcm");
  pixels_test::writeSyntheticPresentation(pr, file);
  return imaging::readPresentationState(file);
}

pixels_test::SyntheticPresentation base() {
  pixels_test::SyntheticPresentation pr;
  pr.referenced_series = "1.2.826.0.1.3680043.10.1000.8";
  pr.referenced_sop = "1.2.826.0.1.3680043.10.1000.8.1";
  return pr;
}

TEST(PresentationDisplay, CircularAndRectangularShutterTogether) {
  auto pr = base();
  pr.shutter_shape = "RECTANGULAR\\CIRCULAR";
  pr.rectangle = {5, 60, 3, 50};
  pr.circle_centre = {30, 20};  // row 30, column 20 (1-based)
  pr.circle_radius = 18;
  pr.shutter_value = 32768;
  const auto state = readBack(pr, "circle");
  ASSERT_TRUE(state.shutter.has_value());
  EXPECT_TRUE(state.shutter->rectangular);
  EXPECT_EQ(state.shutter->first_column, 4);
  EXPECT_EQ(state.shutter->last_row, 49);
  ASSERT_TRUE(state.shutter->circle_centre.has_value());
  EXPECT_DOUBLE_EQ(state.shutter->circle_centre->column, 19.0) << "the centre is row\\column, 1-based";
  EXPECT_DOUBLE_EQ(state.shutter->circle_centre->row, 29.0);
  EXPECT_DOUBLE_EQ(state.shutter->circle_radius, 18.0);
  EXPECT_NEAR(state.shutter->grey, 0.5, 0.001);
  EXPECT_TRUE(state.shutter->polygon.empty());
}

TEST(PresentationDisplay, PolygonalShutterVertices) {
  auto pr = base();
  pr.shutter_shape = "POLYGONAL";
  pr.polygon = {1, 32, 64, 1, 64, 64};  // a triangle: top middle, bottom left, bottom right
  const auto state = readBack(pr, "polygon");
  ASSERT_TRUE(state.shutter.has_value());
  EXPECT_FALSE(state.shutter->rectangular);
  EXPECT_FALSE(state.shutter->circle_centre.has_value());
  ASSERT_EQ(state.shutter->polygon.size(), 3u);
  EXPECT_DOUBLE_EQ(state.shutter->polygon[0].column, 31.0);
  EXPECT_DOUBLE_EQ(state.shutter->polygon[0].row, 0.0);
  EXPECT_DOUBLE_EQ(state.shutter->polygon[1].column, 0.0);
  EXPECT_DOUBLE_EQ(state.shutter->polygon[1].row, 63.0);
}

TEST(PresentationDisplay, ABrokenShutterIsNoShutter) {
  auto pr = base();
  pr.shutter_shape = "POLYGONAL";
  pr.polygon = {1, 32, 64};  // an odd number of values
  EXPECT_FALSE(readBack(pr, "broken").shutter.has_value());
  pr.shutter_shape = "CIRCULAR";
  pr.circle_centre = {10, 10};
  pr.circle_radius = 0;
  EXPECT_FALSE(readBack(pr, "no-radius").shutter.has_value());
}

TEST(PresentationDisplay, DisplayedAreaRotationAndFlip) {
  auto pr = base();
  pr.displayed_area = std::array<int, 4>{17, 9, 48, 40};
  pr.rotation = 90;
  pr.horizontal_flip = true;
  auto state = readBack(pr, "area");
  ASSERT_TRUE(state.displayed_area.has_value());
  EXPECT_EQ(state.displayed_area->first_column, 16);
  EXPECT_EQ(state.displayed_area->first_row, 8);
  EXPECT_EQ(state.displayed_area->last_column, 47);
  EXPECT_EQ(state.displayed_area->last_row, 39);
  EXPECT_EQ(state.displayed_area->size, imaging::PresentationState::DisplayedArea::Size::ScaleToFit);
  EXPECT_EQ(state.rotation_degrees, 90);
  EXPECT_TRUE(state.horizontal_flip);
  EXPECT_FALSE(state.shutter.has_value());

  pr.size_mode = "MAGNIFY";
  pr.magnification = 2.5;
  pr.rotation = 0;
  pr.horizontal_flip = false;
  state = readBack(pr, "magnify");
  ASSERT_TRUE(state.displayed_area.has_value());
  EXPECT_EQ(state.displayed_area->size, imaging::PresentationState::DisplayedArea::Size::Magnify);
  EXPECT_DOUBLE_EQ(state.displayed_area->magnification, 2.5);
  EXPECT_EQ(state.rotation_degrees, 0);
  EXPECT_FALSE(state.horizontal_flip);
}

TEST(PresentationDisplay, LayerColoursFromCielabOrGrey) {
  auto pr = base();
  pr.line = std::array<float, 3>{4, 60, 20};
  // sRGB red in DICOM's CIELab encoding (L 53.24, a 80.09, b 67.20).
  pr.layer_cielab = std::array<std::uint16_t, 3>{34891, 53479, 50167};
  auto state = readBack(pr, "red");
  ASSERT_EQ(state.graphics.size(), 1u);
  ASSERT_TRUE(state.graphics[0].colour.has_value());
  EXPECT_GT((*state.graphics[0].colour)[0], 245);
  EXPECT_LT((*state.graphics[0].colour)[1], 15);
  EXPECT_LT((*state.graphics[0].colour)[2], 15);

  pr.layer_cielab.reset();
  pr.layer_grey = 0x8000;
  state = readBack(pr, "grey");
  ASSERT_EQ(state.graphics.size(), 1u);
  ASSERT_TRUE(state.graphics[0].colour.has_value());
  EXPECT_EQ((*state.graphics[0].colour)[0], 128);
  EXPECT_EQ((*state.graphics[0].colour)[2], 128);

  pr.layer_grey.reset();
  state = readBack(pr, "none");
  ASSERT_EQ(state.graphics.size(), 1u);
  EXPECT_FALSE(state.graphics[0].colour.has_value()) << "no recommendation: the viewer's own colour";
}

TEST(PresentationDisplay, DisplayUnitsAreFractionsOfTheDisplayedAreaAsShown) {
  imaging::PresentationState state;
  // No displayed area, no turn: fractions of the whole image (pixel edges).
  auto p = imaging::toImagePixels({0.5, 0.25}, true, state, 100, 50);
  EXPECT_DOUBLE_EQ(p.column, 49.5);
  EXPECT_DOUBLE_EQ(p.row, 12.0);
  // Turned a quarter clockwise: the top right corner as shown is the image's top left corner.
  state.rotation_degrees = 90;
  p = imaging::toImagePixels({1.0, 0.0}, true, state, 100, 50);
  EXPECT_DOUBLE_EQ(p.column, -0.5);
  EXPECT_DOUBLE_EQ(p.row, -0.5);
  // Flipped, no turn, an area of columns 10..59 and rows 0..49: the left edge shown is column 59's right edge.
  state.rotation_degrees = 0;
  state.horizontal_flip = true;
  state.displayed_area = imaging::PresentationState::DisplayedArea{10, 0, 59, 49};
  p = imaging::toImagePixels({0.0, 0.5}, true, state, 100, 50);
  EXPECT_DOUBLE_EQ(p.column, 59.5);
  EXPECT_DOUBLE_EQ(p.row, 24.5);
  // Pixel units are never moved.
  p = imaging::toImagePixels({3.0, 4.0}, false, state, 100, 50);
  EXPECT_DOUBLE_EQ(p.column, 3.0);
  EXPECT_DOUBLE_EQ(p.row, 4.0);
}

TEST(PresentationDisplay, CielabWhiteAndBlack) {
  const auto white = imaging::cielabToRgb(65535, 32896, 32896);  // L 100, a 0, b 0 (128 * 65535 / 255)
  EXPECT_GE(white[0], 254);
  EXPECT_GE(white[1], 254);
  EXPECT_GE(white[2], 254);
  const auto black = imaging::cielabToRgb(0, 32896, 32896);
  EXPECT_LE(black[0], 1);
}

}  // namespace
