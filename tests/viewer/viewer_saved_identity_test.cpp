// Pictures meant to be shared (File > Save image, Save image without annotations, the key image
// page) carry the corner text; a Series Description such as "T1 SAG PENDLEWORTH" must not bring
// the patient's name into them. Pixels decide: the saved pictures of a series whose description
// holds the name equal those of the same series described "T1 SAG [removed]" (the scrubber's
// marker), while another word in the description changes them (the comparison sees the text).
#include <gtest/gtest.h>

#include <string>

#include "imaging/pixels/png.h"
#include "synthetic_dicom.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-saved-identity-");
  return owner.root;
}

fs::path seriesDescribed(const std::string& name, const std::string& description) {
  const fs::path dir = workDir() / name;
  fs::create_directories(dir);
  pixels_test::SyntheticImage image;
  image.rows = image.columns = 64;
  image.modality = "MR";
  image.patient_name = "PENDLEWORTH^Araminta";
  image.series_description = description;
  image.series_uid = "1.2.826.0.1.3680043.10.1000.94.1";
  image.sop_uid = "1.2.826.0.1.3680043.10.1000.94.2";
  image.window = std::array<double, 2>{200.0, 400.0};
  for (int r = 0; r < 64; ++r)
    for (int c = 0; c < 64; ++c) image.samples.push_back(3 * c + 2 * r);
  pixels_test::writeSynthetic(image, dir / "im1.dcm");
  return dir;
}

struct Saved {
  imaging::Rgb8Image clean, annotated, key_page;
};

Saved savePictures(const std::string& name, const std::string& description) {
  const fs::path series = seriesDescribed(name, description);
  const fs::path out = workDir() / name;
  const std::string steps = "note=10,10,see chart;save=" + (out / "save.png").string() + ";saveClean=" + (out / "clean.png").string() +
                            ";keyPage=" + (out / "key.png").string();
  const auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, series, out / "shot.png", "--steps '" + steps + "'", "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << ran.out;
  return {imaging::readPng(out / "clean.png"), imaging::readPng(out / "save.png"), imaging::readPng(out / "key.png")};
}

bool samePixels(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b) {
  return a.width == b.width && a.height == b.height && a.pixels == b.pixels;
}

TEST(ViewerSavedPictures, SeriesDescriptionIsScrubbedOfThePatientsName) {
  const Saved named = savePictures("named", "T1 SAG PENDLEWORTH");
  const Saved marked = savePictures("marked", "T1 SAG [removed]");
  const Saved other = savePictures("other", "T1 SAG CORONAL");
  ASSERT_GT(named.clean.width, 0);
  ASSERT_GT(marked.clean.width, 0);
  ASSERT_GT(other.clean.width, 0);
  EXPECT_TRUE(samePixels(named.clean, marked.clean));
  EXPECT_TRUE(samePixels(named.annotated, marked.annotated));
  EXPECT_TRUE(samePixels(named.key_page, marked.key_page));
  // The words are in the pictures: a description that differs otherwise gives other pixels.
  EXPECT_FALSE(samePixels(other.clean, marked.clean));
  EXPECT_FALSE(samePixels(other.key_page, marked.key_page));
}

}  // namespace
