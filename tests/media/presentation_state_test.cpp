// Reading a Grayscale Softcopy Presentation State (issue 14): the one on the demo sample CD, on the
// sagittal knee slice 13 (256 x 256): window 500/600, a rectangle over columns 40..62 % and rows
// 55..70 % of the image, "Meniscal tear Jane Doe-Smith" in a box below it, a shutter leaving
// columns 26..230 and rows 21..235 (1-based) visible, and the whole image as displayed area.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "imaging/core/error.h"
#include "imaging/media/presentation_state.h"
#include "imaging/media/scan.h"
#include "synthetic_dicom.h"

namespace fs = std::filesystem;

namespace {

const fs::path& demoCd() {
  static const fs::path cd = [] {
    // One folder per test process: ctest runs these tests at the same time, and a shared folder
    // was emptied by one while another read it.
    const fs::path dir = pixels_test::freshDir("presentation-state-" + std::to_string(::getpid())) / "cd";
    const std::string command = std::string("'") + SCANSHARE_MAKE_SAMPLE + "' --variant demo --out '" + dir.string() + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0);
    return dir;
  }();
  return cd;
}

TEST(PresentationState, ReadsWindowAnnotationsAndShutterOfTheDemo) {
  const fs::path file = demoCd() / "DICOM" / "PAT1" / "STUDY1" / "SER6" / "PR000001";
  const imaging::PresentationState pr = imaging::readPresentationState(file);
  EXPECT_EQ(pr.label, "MENISCUS");
  ASSERT_EQ(pr.images.size(), 1u);
  EXPECT_FALSE(pr.images[0].series_instance_uid.empty());
  EXPECT_FALSE(pr.images[0].sop_instance_uid.empty());
  ASSERT_TRUE(pr.window_center && pr.window_width);
  EXPECT_DOUBLE_EQ(*pr.window_center, 500.0);
  EXPECT_DOUBLE_EQ(*pr.window_width, 600.0);
  // The rectangle: a closed polyline of five points, in image pixels (GSPS 0\0 is the corner of
  // the first pixel, so 0.4 * 256 = 102.4 becomes 101.9).
  ASSERT_EQ(pr.graphics.size(), 1u);
  const auto& box = pr.graphics[0];
  EXPECT_EQ(box.type, imaging::PresentationGraphic::Type::Polyline);
  EXPECT_FALSE(box.display_units);
  ASSERT_EQ(box.points.size(), 5u);
  EXPECT_NEAR(box.points[0].column, 101.9, 1e-3);
  EXPECT_NEAR(box.points[0].row, 0.55 * 256 - 0.5, 1e-3);
  EXPECT_NEAR(box.points[2].column, 0.62 * 256 - 0.5, 1e-3);
  EXPECT_NEAR(box.points[2].row, 0.70 * 256 - 0.5, 1e-3);
  EXPECT_NEAR(box.points[4].column, box.points[0].column, 1e-6);
  ASSERT_EQ(pr.texts.size(), 1u);
  EXPECT_EQ(pr.texts[0].text, "Meniscal tear Jane Doe-Smith");
  ASSERT_TRUE(pr.texts[0].box_top_left.has_value());
  EXPECT_NEAR(pr.texts[0].box_top_left->row, 0.72 * 256 - 0.5, 1e-3);
  ASSERT_TRUE(pr.shutter.has_value());
  EXPECT_EQ(pr.shutter->first_column, 25);
  EXPECT_EQ(pr.shutter->last_column, 229);
  EXPECT_EQ(pr.shutter->first_row, 20);
  EXPECT_EQ(pr.shutter->last_row, 234);
  EXPECT_DOUBLE_EQ(pr.shutter->grey, 0.0);
  EXPECT_TRUE(pr.shutter->rectangular);
  EXPECT_FALSE(pr.shutter->circle_centre.has_value());
  ASSERT_TRUE(pr.displayed_area.has_value());
  EXPECT_EQ(pr.displayed_area->first_column, 0);
  EXPECT_EQ(pr.displayed_area->last_column, 255);
  EXPECT_EQ(pr.displayed_area->last_row, 255);
  EXPECT_EQ(pr.rotation_degrees, 0);
  EXPECT_FALSE(pr.horizontal_flip);
}

TEST(PresentationState, TheScanSeesAPresentationStateSeriesThatRefersToAnImageOnTheDisk) {
  const auto inventory = imaging::scan(demoCd());
  const imaging::Series* pr_series = nullptr;
  bool referenced_found = false;
  for (const auto& patient : inventory.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series)
        if (imaging::isPresentationState(series)) pr_series = &series;
  ASSERT_NE(pr_series, nullptr);
  const auto pr = imaging::readPresentationState(pr_series->instances.front().path);
  for (const auto& patient : inventory.patients)
    for (const auto& study : patient.studies)
      for (const auto& series : study.series)
        for (const auto& instance : series.instances)
          referenced_found = referenced_found || (series.series_instance_uid == pr.images[0].series_instance_uid &&
                                                  instance.sop_instance_uid == pr.images[0].sop_instance_uid);
  EXPECT_TRUE(referenced_found);
}

TEST(PresentationState, AnImageIsNotAPresentationState) {
  const fs::path image = demoCd() / "DICOM" / "PAT1" / "STUDY1" / "SER1";
  const fs::path first = fs::directory_iterator(image)->path();
  EXPECT_THROW(imaging::readPresentationState(first), imaging::Error);
  EXPECT_THROW(imaging::readPresentationState(demoCd() / "missing"), imaging::Error);
  // Display units are fractions of the image.
  const auto p = imaging::toImagePixels({0.5, 0.25}, true, 256, 128);
  EXPECT_DOUBLE_EQ(p.column, 127.5);
  EXPECT_DOUBLE_EQ(p.row, 31.5);
}

}  // namespace
