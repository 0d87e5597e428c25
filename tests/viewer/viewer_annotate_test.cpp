// Region statistics, arrows, text notes and saving the picture with or without them (issue 14).
// A CT series is written here with rescale slope 2 and intercept -1024, so the statistics must be
// in Hounsfield units: HU(c, r) on slice 2 = 2 * (1050 + 7c + 3r) - 1024 = 1076 + 14c + 6r.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "imaging/pixels/png.h"
#include "synthetic_dicom.h"
#include "viewer_compare.h"
#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

constexpr int kSize = viewer_test::kRampCtSize;

const fs::path& workDir() {
  static const viewer_test::WorkDir owner("viewer-annotate-");
  return owner.root;
}

const fs::path& series() {
  static const fs::path dir = [] {
    viewer_test::RampCtOptions o;
    o.series_uid = "1.2.826.0.1.3680043.10.1000.93.1";
    o.window_center = 1500.0;
    o.window_width = 2000.0;
    o.rescale_slope = 2.0;
    o.rescale_intercept = -1024.0;
    o.slice_step = 50;
    return viewer_test::writeRampCtSeries(workDir() / "ct", o);
  }();
  return dir;
}

scanshare_test::ViewerScreenshot shot(const std::string& name, const std::string& steps) {
  auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, series(), workDir() / (name + ".png"), "--steps '" + steps + "'",
                                              "1280x1024x24");
  EXPECT_EQ(ran.exit_code, 0) << steps << "\n" << ran.out;
  return ran;
}

std::vector<std::string> linesStarting(const std::string& out, const std::string& prefix) {
  std::vector<std::string> found;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(prefix, 0) == 0) found.push_back(line);
  return found;
}

TEST(ViewerRegions, StatisticsAreInHounsfieldUnitsAndDrawn) {
  const auto ran = shot("roi", "slice=2;roi=rect,10,20,8,4;roi=ellipse,30,30,11,11");
  const auto stats = linesStarting(ran.out, "roi-stats ");
  ASSERT_EQ(stats.size(), 2u) << ran.out;
  // Columns 10..17, rows 20..23: mean 1076 + 14 * 13.5 + 6 * 21.5; variance 196 * 63/12 + 36 * 15/12;
  // 32 pixels of 0.25 mm^2.
  EXPECT_EQ(stats[0], "roi-stats rect pixels=32 mean=1394.00 sd=32.77 min=1336.00 max=1452.00 area-mm2=8.00");
  // The circle of radius 5.5 around (35, 35): 97 pixels, symmetric (mean at the centre), the extremes
  // at (-5, -2) and (5, 2) from it: 14 * 5 + 6 * 2 = 82.
  double squares = 0;
  for (int dy = -5; dy <= 5; ++dy)
    for (int dx = -5; dx <= 5; ++dx)
      if (dx * dx + dy * dy <= 5.5 * 5.5) squares += (14.0 * dx + 6.0 * dy) * (14.0 * dx + 6.0 * dy);
  char expected[160];
  std::snprintf(expected, sizeof expected, "roi-stats ellipse pixels=97 mean=1776.00 sd=%.2f min=1694.00 max=1858.00 area-mm2=24.25",
                std::sqrt(squares / 97.0));
  EXPECT_EQ(stats[1], expected);
  // The outlines and the numbers beside them are drawn: the picture differs from the plain one.
  const auto plain = shot("roi-plain", "slice=2");
  const auto d = viewer_test::compare(ran.picture, plain.picture);
  EXPECT_GT(d.differing, 500) << "outlines and four lines of numbers per region";
  EXPECT_LT(d.differing, 40000);
  // The statistics follow the slice: on slice 3 every value is 100 HU more.
  const auto next = linesStarting(shot("roi-next", "slice=2;roi=rect,10,20,8,4;slice=3").out, "roi-stats ");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0], "roi-stats rect pixels=32 mean=1494.00 sd=32.77 min=1436.00 max=1552.00 area-mm2=8.00");
}

TEST(ViewerRegions, DrawnWithTheMouseEqualTheStepsRegions) {
  // The tools' mouse path: press, move, release over image pixels, as a person drags; then the
  // mouse leaves the image (else the corner shows the value under it).
  const auto dragged = shot("roi-dragged", "slice=2;tool=rect;drag=10,20,17,23;tool=ellipse;drag=30,30,40,40;probe=-100,-100");
  const auto typed = shot("roi-typed", "slice=2;roi=rect,10,20,8,4;roi=ellipse,30,30,11,11");
  const auto a = linesStarting(dragged.out, "roi-stats "), b = linesStarting(typed.out, "roi-stats ");
  ASSERT_EQ(a.size(), 2u) << dragged.out;
  EXPECT_EQ(a, b);
  EXPECT_LT(viewer_test::compare(dragged.picture, typed.picture).differing, 20);
  // An arrow dragged from its tail to its head is the arrow= step's.
  const auto arrow = shot("arrow-dragged", "slice=2;tool=arrow;drag=8,8,24,24;probe=-100,-100");
  const auto arrow_typed = shot("arrow-typed", "slice=2;arrow=8,8,24,24");
  const auto plain = shot("arrow-plain", "slice=2");
  EXPECT_GT(viewer_test::compare(arrow.picture, plain.picture).differing, 100);
  EXPECT_LT(viewer_test::compare(arrow.picture, arrow_typed.picture).differing, 20);
}

struct Saved {
  imaging::Rgb8Image picture;
  double x = 0, y = 0, w = 0, h = 0;  // the image in the saved picture
};

Saved saved(const std::string& out, const std::string& kind) {
  Saved s;
  for (const auto& line : linesStarting(out, "saved " + kind + " ")) {
    std::istringstream in(line.substr(7 + kind.size()));
    std::string path;
    in >> s.x >> s.y >> s.w >> s.h >> path;
    s.picture = imaging::readPng(path);
  }
  return s;
}

TEST(ViewerNotes, AnnotatedImageDiffersFromTheCleanOneOnlyNearTheAnnotations) {
  const std::string annotated = (workDir() / "annotated.png").string(), clean = (workDir() / "clean.png").string();
  const auto ran = shot("notes", "slice=2;arrow=8,8,24,24;note=40,48,Look here;save=" + annotated + ";saveClean=" + clean);
  const Saved a = saved(ran.out, "annotated"), c = saved(ran.out, "clean");
  ASSERT_GT(a.picture.width, 100) << ran.out;
  ASSERT_EQ(a.picture.width, c.picture.width);
  ASSERT_EQ(a.picture.height, c.picture.height);
  const double scale = a.w / kSize;  // screen pixels per image pixel
  auto screen = [&](double column, double row) { return std::pair{a.x + (column + 0.5) * scale, a.y + (row + 0.5) * scale}; };
  const auto [ax0, ay0] = screen(8, 8);
  const auto [ax1, ay1] = screen(24, 24);
  const auto [nx, ny] = screen(40, 48);
  long long near_arrow = 0, near_note = 0, elsewhere = 0;
  for (int y = 0; y < a.picture.height; ++y)
    for (int x = 0; x < a.picture.width; ++x) {
      int diff = 0;
      for (int ch = 0; ch < 3; ++ch) {
        const std::size_t at = (static_cast<std::size_t>(y) * a.picture.width + x) * a.picture.channels + ch;
        diff = std::max(diff, std::abs(a.picture.pixels[at] - c.picture.pixels[at]));
      }
      if (diff <= 40) continue;
      if (x >= ax0 - 12 && x <= ax1 + 12 && y >= ay0 - 12 && y <= ay1 + 12) ++near_arrow;
      else if (x >= nx - 4 && x <= nx + 120 && y >= ny - 24 && y <= ny + 8) ++near_note;
      else ++elsewhere;
    }
  EXPECT_GT(near_arrow, 100) << "the arrow is drawn";
  EXPECT_GT(near_note, 50) << "the note's text is drawn";
  EXPECT_EQ(elsewhere, 0) << "nothing else differs";
  // The clean picture is the view with nothing drawn on it.
  const auto plain_ran = shot("notes-plain", "slice=2;saveClean=" + (workDir() / "plain.png").string());
  EXPECT_LT(viewer_test::compare(c.picture, saved(plain_ran.out, "clean").picture).differing, 20);
}

TEST(ViewerNotes, RegionsAndNotesTurnWithTheImage) {
  // An arrow drawn and then the picture rotated: the arrow stays on the same image pixels, so the
  // annotated picture differs from the rotated clean one near the rotated arrow only.
  const std::string annotated = (workDir() / "turned-a.png").string(), clean = (workDir() / "turned-c.png").string();
  const auto ran = shot("turned", "slice=2;arrow=8,8,24,24;rotate=90;save=" + annotated + ";saveClean=" + clean);
  const Saved a = saved(ran.out, "annotated"), c = saved(ran.out, "clean");
  ASSERT_GT(a.picture.width, 100) << ran.out;
  const double scale = a.w / kSize;
  // Rotated clockwise, image (column, row) lies at screen (x + (64 - row) * s, y + column * s).
  const double x0 = a.x + (kSize - 24.5) * scale, x1 = a.x + (kSize - 8.5) * scale;
  const double y0 = a.y + 8.5 * scale, y1 = a.y + 24.5 * scale;
  long long inside = 0, outside = 0;
  for (int y = 0; y < a.picture.height; ++y)
    for (int x = 0; x < a.picture.width; ++x) {
      const std::size_t at = (static_cast<std::size_t>(y) * a.picture.width + x) * a.picture.channels;
      if (std::abs(a.picture.pixels[at] - c.picture.pixels[at]) + std::abs(a.picture.pixels[at + 2] - c.picture.pixels[at + 2]) <= 40) continue;
      (x >= x0 - 12 && x <= x1 + 12 && y >= y0 - 12 && y <= y1 + 12 ? inside : outside)++;
    }
  EXPECT_GT(inside, 100);
  EXPECT_EQ(outside, 0);
}

TEST(ViewerNotes, KeyImagePageHoldsThePictureAndItsWordsOnWhitePaper) {
  const std::string png = (workDir() / "key-page.png").string(), pdf = (workDir() / "key-page.pdf").string();
  const auto ran = shot("key", "slice=2;roi=rect,10,20,8,4;note=40,48,Look here;keyPage=" + png + ";keyPage=" + pdf);
  ASSERT_EQ(linesStarting(ran.out, "key-page ").size(), 2u) << ran.out;
  const imaging::Rgb8Image page = imaging::readPng(png);
  ASSERT_EQ(page.width, 1240);  // A4 at 150 dpi
  ASSERT_EQ(page.height, 1754);
  auto dark = [&](int x, int y) { return viewer_test::grey(page, x, y) < 100; };
  auto darkInRow = [&](int y) {
    int n = 0;
    for (int x = 0; x < page.width; ++x) n += dark(x, y);
    return n;
  };
  // White margins: the top strip above the title and the bottom of the page.
  for (int y = 0; y < 60; ++y) EXPECT_EQ(darkInRow(y), 0) << y;
  for (int y = 1500; y < page.height; ++y) ASSERT_EQ(darkInRow(y), 0) << y;
  // The picture (the view: image and black margins, no paper white) fills the upper part of the page.
  long long not_paper = 0, total = 0;
  for (int y = 300; y < 900; y += 4)
    for (int x = 200; x < 1040; x += 4, ++total) not_paper += viewer_test::grey(page, x, y) < 235;
  EXPECT_GT(not_paper, total * 95 / 100);
  // Below it, separate lines of dark text on white: series, slice and window, the region, the note.
  int lines = 0;
  bool in_line = false;
  int y = 1000;
  while (y < 1500 && darkInRow(y) > page.width / 2) ++y;  // past the picture's bottom edge
  for (; y < 1500; ++y) {
    const bool text = darkInRow(y) > 3 && darkInRow(y) < page.width / 2;
    if (text && !in_line) ++lines;
    in_line = text;
  }
  EXPECT_GE(lines, 4);
  // The PDF is a PDF with the picture in it.
  std::ifstream in(pdf, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  EXPECT_GT(fs::file_size(pdf), 10000u);
}

}  // namespace
