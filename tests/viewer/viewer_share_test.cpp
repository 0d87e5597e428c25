// Drives scanshare-viewer's share flow (--share-to ...) under Xvfb on the demo sample CD and
// checks what it wrote: only the ticked series, nothing planted by the generator left in the
// bytes, a before/after screenshot with content, and nothing at all after Cancel.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "imaging/pixels/png.h"
#include "viewer_share_fixture.h"

namespace fs = std::filesystem;
using namespace share_test;

TEST(ViewerShare, ExportsOnlyTheTickedSeriesDeidentified) {
  ASSERT_TRUE(fixture().made);
  const auto source = seriesOf(scanJson(fixture().cd));
  ASSERT_GE(source.size(), 3u);
  const fs::path out = outPath("out-mr");
  const fs::path shot = outPath("before-after.png");
  const ProgramRun run = share(out.string(), "--share-series 1,3 --share-dates shift --screenshot '" + shot.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("share-verify clean"), std::string::npos) << run.output;
  // Series 3 refers to series 2, which was not ticked: a note, not a problem, in verify's own verdict.
  EXPECT_NE(run.output.find("share-verdict Clean\n"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("share-finding Note | "), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("share-finding Problem"), std::string::npos) << run.output;

  // Exactly series 1 and 3 of the source, by modality and image count.
  const auto exported = seriesOf(scanJson(out));
  const std::multiset<SeriesInfo> expected{source[0], source[2]};
  EXPECT_EQ(std::multiset<SeriesInfo>(exported.begin(), exported.end()), expected);

  // The check can fail: the source carries the planted values; the copy and its report do not.
  EXPECT_FALSE(plantedFoundIn(allBytes(fixture().cd)).empty());
  const auto leaked = plantedFoundIn(allBytes(out));
  EXPECT_TRUE(leaked.empty()) << leaked.size() << " planted value(s) in the export, first: " << (leaked.empty() ? "" : leaked.front());
  for (const fs::path& report : {fs::path(out.string() + ".report.json"), fs::path(out.string() + ".report.txt")}) {
    if (!fs::exists(report)) continue;
    EXPECT_TRUE(plantedFoundIn(allBytes(report)).empty()) << report;
  }

  // The before/after step was on screen with a filled table: many distinct gray levels, not blank.
  ASSERT_TRUE(fs::exists(shot));
  const imaging::Rgb8Image picture = imaging::readPng(shot);
  ASSERT_GT(picture.width, 400);
  ASSERT_GT(picture.height, 300);
  double mean = 0, square = 0;
  std::set<int> levels;
  const std::size_t n = picture.pixels.size();
  for (auto p : picture.pixels) {
    mean += p;
    levels.insert(p);
  }
  mean /= static_cast<double>(n);
  for (auto p : picture.pixels) square += (p - mean) * (p - mean);
  EXPECT_GT(std::sqrt(square / static_cast<double>(n)), 10.0);
  EXPECT_GT(levels.size(), 20u);
  int rows = 0;
  const auto at = run.output.find("share-changes ");
  ASSERT_NE(at, std::string::npos);
  std::istringstream(run.output.substr(at + 14)) >> rows;
  EXPECT_GT(rows, 10);
}

TEST(ViewerShare, ZipWithDatesRemovedHoldsOnlyTheTickedCtSeries) {
  ASSERT_TRUE(fixture().made);
  const auto source = seriesOf(scanJson(fixture().cd));
  int ct = 0;
  while (ct < static_cast<int>(source.size()) && source[static_cast<std::size_t>(ct)].modality != "CT") ++ct;
  ASSERT_LT(ct, static_cast<int>(source.size()));
  const fs::path out = outPath("ct.zip");
  // The CT is the second person's: shown in the viewer, so step 1 starts with it ticked.
  const ProgramRun run = share(out.string(), "--series " + std::to_string(ct + 1) + " --share-zip --share-dates remove --share-series " +
                                                 std::to_string(ct + 1));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_TRUE(fs::is_regular_file(out));
  const auto exported = seriesOf(scanJson(out));
  ASSERT_EQ(exported.size(), 1u);
  EXPECT_EQ(exported[0].modality, "CT");
  EXPECT_EQ(exported[0].instances, source[static_cast<std::size_t>(ct)].instances);
  EXPECT_EQ(allBytes(out).substr(0, 4), std::string("PK\x03\x04", 4));  // a zip, not a folder renamed
}

TEST(ViewerShare, SeriesTheEngineExcludesCannotBeSent) {
  ASSERT_TRUE(fixture().made);
  const auto source = seriesOf(scanJson(fixture().cd));
  int other = 0;  // the scanned request form (OT) is a burned-in candidate
  while (other < static_cast<int>(source.size()) && source[static_cast<std::size_t>(other)].modality != "OT") ++other;
  ASSERT_LT(other, static_cast<int>(source.size()));
  const fs::path out = outPath("out-ot");
  const ProgramRun run = share(out.string(), "--share-series " + std::to_string(other + 1));
  EXPECT_EQ(run.exit_code, 4) << run.output;
  EXPECT_NE(run.output.find("share-series " + std::to_string(other + 1) + " excluded"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(ViewerShare, CancelLeavesNoOutput) {
  ASSERT_TRUE(fixture().made);
  const fs::path out = outPath("out-cancelled");
  const ProgramRun run = share(out.string(), "--share-cancel-after 2");
  EXPECT_EQ(run.exit_code, 4) << run.output;
  EXPECT_NE(run.output.find("share-export not-done"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".report.json"));
  EXPECT_FALSE(fs::exists(out.string() + ".report.txt"));
}

TEST(ViewerShare, BurnedInSeriesGoesWithItsTextBlackedOutWhenTicked) {
  ASSERT_TRUE(fixture().made);
  const auto source = seriesOf(scanJson(fixture().cd));
  int other = 0;  // the scanned request form (OT): the patient's name and ID are printed into it
  while (other < static_cast<int>(source.size()) && source[static_cast<std::size_t>(other)].modality != "OT") ++other;
  ASSERT_LT(other, static_cast<int>(source.size()));
  const std::string n = std::to_string(other + 1);
  const fs::path out = outPath("out-redacted");
  const fs::path shots = outPath("redact-shots");
  const ProgramRun run = share(out.string(), "--share-series 1," + n + " --share-redact " + n + " --share-screenshots '" +
                                                 shots.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("share-verify clean"), std::string::npos) << run.output;

  // OCR found identifying words on the form (the red boxes of step 1).
  const std::string marker = "share-text-boxes " + n + " identifying ";
  const auto at = run.output.find(marker);
  ASSERT_NE(at, std::string::npos) << run.output;
  int identifying = 0;
  std::istringstream(run.output.substr(at + marker.size())) >> identifying;
  EXPECT_GT(identifying, 0) << run.output;

  // The form is in the copy, next to series 1; nothing planted in the bytes.
  const auto exported = seriesOf(scanJson(out));
  const std::multiset<SeriesInfo> expected{source[0], source[static_cast<std::size_t>(other)]};
  EXPECT_EQ(std::multiset<SeriesInfo>(exported.begin(), exported.end()), expected);
  const auto leaked = plantedFoundIn(allBytes(out));
  EXPECT_TRUE(leaked.empty()) << leaked.size() << " planted value(s) in the export";

  // Step 1 shows the form with boxes drawn: strong red pixels, on a page that is not blank.
  const fs::path step1 = shots / "share-step1.png";
  ASSERT_TRUE(fs::exists(step1));
  const imaging::Rgb8Image picture = imaging::readPng(step1);
  ASSERT_GE(picture.channels, 3);
  std::size_t red = 0;
  std::set<int> levels;
  for (std::size_t i = 0; i + 2 < picture.pixels.size(); i += static_cast<std::size_t>(picture.channels)) {
    const int r = picture.pixels[i], g = picture.pixels[i + 1], b = picture.pixels[i + 2];
    red += r > 180 && g < 80 && b < 80;
    levels.insert(r);
  }
  EXPECT_GT(red, 200u);
  EXPECT_GT(levels.size(), 20u);
}
