// End to end (issue 16, audit of pixels): the demo CD's scanned form, exported with its burned-in
// text blacked out by OCR plus a manual --blackout box, has every region recorded in the report
// (JSON and text) and in the image's De-identification Method; comparing the source and output
// pixels, every changed pixel lies inside a recorded box and every recorded box changed pixels.
#include <gtest/gtest.h>
#include <unistd.h>

#ifdef SCANSHARE_MAKE_SAMPLE

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "files.h"
#include "imaging/pixels/decode.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

using scanshare_test::readAll;
using scanshare_test::RunResult;

RunResult run(const std::string& command) { return scanshare_test::run(command, true); }

struct Box {
  int frame, x, y, w, h;  // frame 0: every frame
  std::string why;
  bool holds(int f, int px, int py) const {
    return (frame == 0 || frame == f + 1) && px >= x && px < x + w && py >= y && py < y + h;
  }
};

class PixelAuditE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = fs::path(SCANSHARE_TEST_WORK_DIR) / ("e2e-pixel-audit-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    const RunResult made = run(std::string(SCANSHARE_MAKE_SAMPLE) + " --variant demo --out '" + (work_ / "cd").string() +
                               "' --manifest '" + (work_ / "manifest.json").string() + "'");
    ASSERT_EQ(made.exit_code, 0) << made.out;
    const auto manifest = nlohmann::json::parse(readAll(work_ / "manifest.json"));
    for (const auto& f : manifest["burned_in_files"])
      source_form_ = work_ / "cd" / f.get<std::string>();
    std::ofstream(work_ / "key", std::ios::binary) << std::string(32, 'a');
    result_ = run(std::string(SCANSHARE_CLI) + " anonymize '" + (work_ / "cd").string() + "' -o '" + (work_ / "out").string() +
                  "' --key '" + (work_ / "key").string() + "' --redact-burned-in --blackout 400,330,50,20");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(work_, ignored);
  }
  static inline fs::path work_, source_form_;
  static inline RunResult result_;
};

TEST_F(PixelAuditE2E, ReportedBoxesAreExactlyWherePixelsChanged) {
  ASSERT_EQ(result_.exit_code, 0) << result_.out;
  ASSERT_TRUE(fs::exists(source_form_)) << source_form_;
  const auto report = nlohmann::json::parse(readAll(work_ / "out.report.json"));
  std::string image;
  std::vector<Box> boxes;
  std::set<std::string> whys;
  for (const auto& f : report["files"]) {
    if (!f.contains("pixel_redactions")) continue;
    ASSERT_TRUE(image.empty()) << "one redacted image expected";
    image = f["output"].get<std::string>();
    for (const auto& r : f["pixel_redactions"]) {
      EXPECT_EQ(r["image"], image);
      const int frame = r["frame"].is_string() ? 0 : r["frame"].get<int>();
      if (r["frame"].is_string()) {
        EXPECT_EQ(r["frame"], "all");
      }
      boxes.push_back({frame, r["x"].get<int>(), r["y"].get<int>(), r["width"].get<int>(), r["height"].get<int>(),
                       r["why"].get<std::string>()});
      whys.insert(r["why"].get<std::string>());
    }
  }
  ASSERT_FALSE(image.empty()) << "no redacted image in the report";
  EXPECT_TRUE(whys.count("ocr-text-line")) << "OCR's lines are not recorded";
  EXPECT_TRUE(whys.count("manual-blackout")) << "the --blackout box is not recorded";
  const Box manual{0, 400 - 4, 330 - 4, 50 + 8, 20 + 8, "manual-blackout"};  // with the 4-pixel padding
  bool manual_found = false;
  for (const Box& b : boxes)
    manual_found |= b.why == manual.why && b.x == manual.x && b.y == manual.y && b.w == manual.w && b.h == manual.h;
  EXPECT_TRUE(manual_found);

  const fs::path output = work_ / "out" / image;
  const int frames = imaging::frameCount(output);
  ASSERT_EQ(frames, imaging::frameCount(source_form_));
  std::vector<std::size_t> changed_in_box(boxes.size(), 0);
  std::size_t changed = 0, outside = 0;
  for (int f = 0; f < frames; ++f) {
    const imaging::Frame before = imaging::decodeFrame(source_form_, f), after = imaging::decodeFrame(output, f);
    ASSERT_EQ(before.width, after.width);
    ASSERT_EQ(before.height, after.height);
    ASSERT_EQ(before.values.size(), after.values.size());
    const int spp = before.samples_per_pixel;
    for (int y = 0; y < before.height; ++y)
      for (int x = 0; x < before.width; ++x) {
        bool differs = false;
        for (int s = 0; s < spp; ++s) {
          const std::size_t i = (static_cast<std::size_t>(y) * before.width + x) * spp + s;
          differs |= before.values[i] != after.values[i];
        }
        if (!differs) continue;
        ++changed;
        bool inside = false;
        for (std::size_t b = 0; b < boxes.size(); ++b)
          if (boxes[b].holds(f, x, y)) {
            inside = true;
            ++changed_in_box[b];
          }
        outside += inside ? 0 : 1;
      }
  }
  EXPECT_GT(changed, 0u);
  EXPECT_EQ(outside, 0u) << "pixels changed outside every recorded box";
  for (std::size_t b = 0; b < boxes.size(); ++b)
    EXPECT_GT(changed_in_box[b], 0u) << "recorded box " << b << " (" << boxes[b].why << ") changed no pixel";

  // The text report and the image itself say the same.
  const std::string text = readAll(work_ / "out.report.txt");
  EXPECT_NE(text.find("blacked out: " + image), std::string::npos);
  EXPECT_NE(text.find("(manual-blackout"), std::string::npos);
  const RunResult dump = run(std::string(SCANSHARE_CLI) + " dump --json '" + output.string() + "'");
  const auto ds = nlohmann::json::parse(dump.out.substr(dump.out.find('{')));
  std::size_t marks = 0;
  for (const auto& v : ds["00120063"]["Value"]) marks += v.get<std::string>().rfind("Redacted ", 0) == 0 ? 1 : 0;
  EXPECT_EQ(marks, boxes.size());
  EXPECT_NE(ds["00120063"].dump().find("Redacted all frames 396,326,58,28 manual-blackout"), std::string::npos)
      << ds["00120063"].dump();
}

TEST_F(PixelAuditE2E, ExportWithTheMarksStillVerifiesClean) {
  ASSERT_EQ(result_.exit_code, 0) << result_.out;
  const RunResult verify = run(std::string(SCANSHARE_CLI) + " verify '" + (work_ / "out").string() + "' --against '" +
                               (work_ / "cd").string() + "' --key '" + (work_ / "key").string() + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

}  // namespace

#endif
