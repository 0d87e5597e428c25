// What a person sees after Invert, a VOI LUT, the attributes panel and MPR on files without
// geometry (found 2026-12-06 by looking at screenshots): an inverted RGB image is the inverse in
// colour (it was a grey picture of its red channel); the corner names the VOI LUT it applies (it
// showed the last linear window's numbers); Invert inverts the active viewport (it inverted
// viewport 1 whichever was active); the attributes panel shows the values (they had a few pixels);
// MPR of frames without patient geometry draws no orientation letters (it drew R, A, L, P...).
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <sstream>
#include <string>

#include "synthetic_dicom.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-look-");
  return owner.root;
}

scanshare_test::ViewerScreenshot run(const fs::path& open, const std::string& name, const std::string& steps) {
  auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, open, workDir() / (name + ".png"),
                                              steps.empty() ? std::string() : "--steps '" + steps + "'", "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << steps << "\n" << ran.out;
  return ran;
}

// The rest of the first line that starts with `key`, trimmed ("" when there is none).
std::string lineAfter(const std::string& out, const std::string& key, bool* found = nullptr) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(key, 0) == 0) {
      if (found) *found = true;
      std::string rest = line.substr(key.size());
      while (!rest.empty() && rest.back() == ' ') rest.pop_back();
      while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
      return rest;
    }
  if (found) *found = false;
  return {};
}

struct Rgb {
  int r = 0, g = 0, b = 0;
};
Rgb at(const imaging::Rgb8Image& p, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(y) * p.width + x) * p.channels;
  return {p.pixels[i], p.pixels[i + 1], p.pixels[i + 2]};
}

// A 32 x 32 RGB image: the left half red (220, 30, 30), the right half blue (30, 30, 220).
const fs::path& rgbImage() {
  static const fs::path dir = [] {
    const fs::path d = workDir() / "rgb";
    pixels_test::SyntheticImage image;
    image.rows = image.columns = 32;
    image.samples_per_pixel = 3;
    image.bits_allocated = image.bits_stored = 8;
    image.photometric = "RGB";
    image.series_uid = "1.2.826.0.1.3680043.10.1000.98.1";
    for (int row = 0; row < 32; ++row)
      for (int column = 0; column < 32; ++column) {
        const bool left = column < 16;
        image.samples.insert(image.samples.end(), {left ? 220 : 30, 30, left ? 30 : 220});
      }
    fs::create_directories(d);
    pixels_test::writeSynthetic(image, d / "rgb.dcm");
    return d;
  }();
  return dir;
}

TEST(ViewerLook, InvertedRgbImageIsTheColourInverse) {
  for (const bool inverted : {false, true}) {
    const auto ran = run(rgbImage(), inverted ? "rgb-inverted" : "rgb", inverted ? "invert" : "");
    const auto facts = viewer_test::readShotFacts(ran.out);
    ASSERT_GT(facts.w, 100) << ran.out;
    const int y = static_cast<int>(facts.y + facts.h / 2);
    const Rgb left = at(ran.picture, static_cast<int>(facts.x + facts.w / 4), y);
    const Rgb right = at(ran.picture, static_cast<int>(facts.x + facts.w * 3 / 4), y);
    if (!inverted) {
      EXPECT_GT(left.r, 180);
      EXPECT_LT(left.g, 80);
      EXPECT_GT(right.b, 180);
      EXPECT_LT(right.r, 80);
      continue;
    }
    // Red becomes cyan and blue becomes yellow; a grey picture (r = g = b) is wrong.
    EXPECT_LT(left.r, 80) << "left " << left.r << "," << left.g << "," << left.b;
    EXPECT_GT(left.g, 180) << "left " << left.r << "," << left.g << "," << left.b;
    EXPECT_GT(left.b, 180) << "left " << left.r << "," << left.g << "," << left.b;
    EXPECT_GT(right.r, 180) << "right " << right.r << "," << right.g << "," << right.b;
    EXPECT_GT(right.g, 180) << "right " << right.r << "," << right.g << "," << right.b;
    EXPECT_LT(right.b, 80) << "right " << right.r << "," << right.g << "," << right.b;
    EXPECT_EQ(lineAfter(ran.out, "cell 1 window-text"), "W 256  L 128 inverted");
  }
}

TEST(ViewerLook, CornerNamesTheVoiLutInsteadOfAWindow) {
  viewer_test::AxialSeriesOptions options;
  options.v_shaped_voi_lut = true;
  const fs::path series = viewer_test::writeAxialSeries(workDir() / "voi-lut", options);
  // Presets: Default (the file's window), the window again, the V-shaped LUT.
  const auto window = run(series, "lut-window", "preset=1");
  EXPECT_EQ(lineAfter(window.out, "cell 1 window-text"), "W 2000  L 1000");
  const auto lut = run(series, "lut", "preset=3");
  const std::string text = lineAfter(lut.out, "cell 1 window-text");
  EXPECT_EQ(text.rfind("VOI LUT", 0), 0u) << "the corner says \"" << text << "\" over a VOI LUT";
  EXPECT_EQ(text.find("W 2000"), std::string::npos) << text;
  // A window chosen after the LUT is named again.
  const auto after = run(series, "lut-then-window", "preset=3;window=500,800");
  EXPECT_EQ(lineAfter(after.out, "cell 1 window-text"), "W 800  L 500");
}

const fs::path& twoRampSeries() {
  static const fs::path dir = [] {
    const fs::path d = workDir() / "ramps";
    viewer_test::writeRampCtSeries(d / "a", {"1.2.826.0.1.3680043.10.1000.98.2", 1400, 800, std::nullopt, std::nullopt, 0, {}});
    viewer_test::writeRampCtSeries(d / "b", {"1.2.826.0.1.3680043.10.1000.98.3", 1400, 800, std::nullopt, std::nullopt, 0, {}});
    return d;
  }();
  return dir;
}

struct Box {
  int x = 0, y = 0, w = 0, h = 0;
};
Box viewport(const std::string& out, int n) {
  std::istringstream in(lineAfter(out, "viewport " + std::to_string(n)));
  Box b;
  in >> b.x >> b.y >> b.w >> b.h;
  return b;
}
long long differingIn(const imaging::Rgb8Image& a, const imaging::Rgb8Image& b, const Box& box) {
  long long n = 0;
  for (int y = box.y + 3; y < box.y + box.h - 3; ++y)
    for (int x = box.x + 3; x < box.x + box.w - 3; ++x) {
      const Rgb p = at(a, x, y), q = at(b, x, y);
      if (std::abs(p.r - q.r) > 40 || std::abs(p.g - q.g) > 40 || std::abs(p.b - q.b) > 40) ++n;
    }
  return n;
}

TEST(ViewerLook, InvertActsOnTheActiveViewport) {
  const auto plain = run(twoRampSeries(), "two-plain", "layout=1x2;compare=2;active=2");
  const auto second = run(twoRampSeries(), "two-invert-2", "layout=1x2;compare=2;active=2;invert");
  EXPECT_EQ(lineAfter(second.out, "cell 1 window-text"), "W 800  L 1400");
  EXPECT_EQ(lineAfter(second.out, "cell 2 window-text"), "W 800  L 1400 inverted");
  ASSERT_EQ(plain.picture.width, second.picture.width);
  const Box one = viewport(second.out, 1), two = viewport(second.out, 2);
  ASSERT_GT(one.w, 100) << second.out;
  EXPECT_EQ(differingIn(plain.picture, second.picture, one), 0) << "viewport 1 changed although viewport 2 was active";
  EXPECT_GT(differingIn(plain.picture, second.picture, two), 10000) << "the active viewport 2 was not inverted";
  // Each viewport keeps its own: inverting viewport 1 afterwards leaves viewport 2 inverted.
  const auto both = run(twoRampSeries(), "two-invert-both", "layout=1x2;compare=2;active=2;invert;active=1;invert");
  EXPECT_EQ(lineAfter(both.out, "cell 1 window-text"), "W 800  L 1400 inverted");
  EXPECT_EQ(lineAfter(both.out, "cell 2 window-text"), "W 800  L 1400 inverted");
}

TEST(ViewerLook, AttributeValuesCanBeRead) {
  const auto ran = run(twoRampSeries(), "tags", "tags");
  bool found = false;
  const int width = std::stoi("0" + lineAfter(ran.out, "attributes-value-width", &found));
  ASSERT_TRUE(found) << ran.out;
  // Enough for a date, a UID's start or a short name (at 150 + 170 pixels for tag and name it was
  // about 35 pixels: three characters).
  EXPECT_GE(width, 80);
}

TEST(ViewerLook, MprOfFramesWithoutGeometryHasNoOrientationLetters) {
  const fs::path dir = workDir() / "cine";
  pixels_test::SyntheticImage image;
  image.rows = image.columns = 32;
  image.frames = 4;
  image.modality = "XA";
  image.window = std::array<double, 2>{500, 1000};
  image.series_uid = "1.2.826.0.1.3680043.10.1000.98.4";
  for (int f = 0; f < 4; ++f)
    for (int row = 0; row < 32; ++row)
      for (int column = 0; column < 32; ++column) image.samples.push_back(100 * f + 20 * column);
  fs::create_directories(dir);
  pixels_test::writeSynthetic(image, dir / "cine.dcm");
  const auto ran = run(dir, "cine-mpr", "mpr");
  for (const char* plane : {"axial", "coronal", "sagittal"}) {
    bool found = false;
    const std::string letters = lineAfter(ran.out, std::string("mpr-letters ") + plane, &found);
    EXPECT_TRUE(found) << ran.out;
    EXPECT_EQ(letters, "") << plane << " pane of frames without ImageOrientationPatient: " << letters;
  }
  EXPECT_EQ(lineAfter(ran.out, "orientation-letters"), "");  // as the slice view
}

}  // namespace
