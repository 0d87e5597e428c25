// Drives scanshare-viewer's share flow (--share-to ...) under Xvfb on the demo sample CD and
// checks what it wrote: only the ticked series, nothing planted by the generator left in the
// bytes, a before/after screenshot with content, and nothing at all after Cancel.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "imaging/pixels/png.h"
#include "run.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct ProgramRun {
  int exit_code = -1;
  std::string output;
};

ProgramRun runCommand(const std::string& command, bool merge_stderr) {
  const scanshare_test::RunResult ran = scanshare_test::run(command, merge_stderr);
  return {ran.exit_code, ran.out};
}

// One sample CD (and its manifest) per test process; removed at exit.
struct Fixture {
  fs::path root = fs::temp_directory_path() / ("viewer-share-" + std::to_string(getpid()));
  fs::path cd = root / "cd";
  fs::path manifest = root / "manifest.json";
  Fixture() {
    fs::remove_all(root);
    fs::create_directories(root / "config");
    const std::string command = std::string("'") + SCANSHARE_MAKE_SAMPLE + "' --variant demo --out '" + cd.string() +
                                "' --manifest '" + manifest.string() + "' >/dev/null 2>&1";
    made = std::system(command.c_str()) == 0;
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  bool made = false;
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// The viewer with its own config folder (key and settings stay inside the test's folder). Its
// exit code is printed from inside xvfb-run, whose own cleanup occasionally fails (exit 5) after a
// program that ends within a second.
ProgramRun share(const std::string& out, const std::string& options) {
  const Fixture& f = fixture();
  const std::string viewer = std::string("'") + SCANSHARE_VIEWER + "' '" + f.cd.string() + "' --share-to '" + out + "' " + options;
  ProgramRun run = runCommand("XDG_CONFIG_HOME='" + (f.root / "config").string() +
                              "' xvfb-run -a -s '-screen 0 1280x1024x24' sh -c \"" + viewer + "; echo viewer-exit \\$?\"", true);
  const auto at = run.output.rfind("viewer-exit ");
  run.exit_code = at == std::string::npos ? -1 : std::stoi(run.output.substr(at + 12));
  return run;
}

json scanJson(const fs::path& path) {
  const ProgramRun run = runCommand(std::string("'") + SCANSHARE_CLI + "' scan --json '" + path.string() + "'", false);
  // Exit 1 means "read, with problems on the medium" (the demo CD has some on purpose).
  return (run.exit_code == 0 || run.exit_code == 1) ? json::parse(run.output, nullptr, false) : json();
}

struct SeriesInfo {
  std::string modality;
  int instances = 0;
  bool operator<(const SeriesInfo& o) const { return std::tie(modality, instances) < std::tie(o.modality, o.instances); }
  bool operator==(const SeriesInfo& o) const { return modality == o.modality && instances == o.instances; }
};

// Series in browser order (patients > studies > series, as the scan lists them).
std::vector<SeriesInfo> seriesOf(const json& scan) {
  std::vector<SeriesInfo> list;
  if (!scan.is_object()) return list;
  for (const auto& patient : scan["patients"])
    for (const auto& study : patient["studies"])
      for (const auto& series : study["series"]) list.push_back({series["modality"], series["instances"]});
  return list;
}

std::vector<std::string> plantedValues() {
  std::ifstream in(fixture().manifest);
  const json manifest = json::parse(in);
  std::vector<std::string> values;
  for (const auto& patient : manifest["patients"])
    for (const auto& value : patient["planted"]) values.push_back(value);
  return values;
}

std::string allBytes(const fs::path& root) {
  std::string bytes;
  auto add = [&](const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  if (fs::is_regular_file(root)) add(root);
  else
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file()) add(entry.path());
  return bytes;
}

std::vector<std::string> plantedFoundIn(const std::string& bytes) {
  std::vector<std::string> found;
  for (const auto& value : plantedValues())
    if (bytes.find(value) != std::string::npos) found.push_back(value);
  return found;
}

fs::path outPath(const std::string& name) { return fixture().root / name; }

}  // namespace

TEST(ViewerShare, ExportsOnlyTheTickedSeriesDeidentified) {
  ASSERT_TRUE(fixture().made);
  const auto source = seriesOf(scanJson(fixture().cd));
  ASSERT_GE(source.size(), 3u);
  const fs::path out = outPath("out-mr");
  const fs::path shot = outPath("before-after.png");
  const ProgramRun run = share(out.string(), "--share-series 1,3 --share-dates shift --screenshot '" + shot.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("share-verify clean"), std::string::npos) << run.output;

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
  const ProgramRun run = share(out.string(), "--share-zip --share-dates remove --share-series " + std::to_string(ct + 1));
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
