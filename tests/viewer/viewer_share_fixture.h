// The demo sample CD (two people: Jane's knee MRI with a form and a report, Jürgen's knee CT)
// and the share flow run on it under Xvfb, for the share flow tests. One CD per test process.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace share_test {

struct ProgramRun {
  int exit_code = -1;
  std::string output;
};

struct Fixture {
  Fixture();
  ~Fixture();
  std::filesystem::path root, cd, manifest;
  bool made = false;
};
const Fixture& fixture();

// scanshare-viewer CD --share-to OUT OPTIONS under xvfb-run, with its own config folder.
ProgramRun share(const std::string& out, const std::string& options);
// scanshare-viewer PATH --screenshot PNG under xvfb-run (prints image-rect, browser-... lines).
ProgramRun screenshot(const std::filesystem::path& path, const std::filesystem::path& png);
nlohmann::json scanJson(const std::filesystem::path& path);

struct SeriesInfo {
  std::string modality;
  int instances = 0;
  bool operator<(const SeriesInfo& o) const;
  bool operator==(const SeriesInfo& o) const;
};
// Series in browser order (patients > studies > series, as the scan lists them).
std::vector<SeriesInfo> seriesOf(const nlohmann::json& scan);
// Series count per patient, in browser order.
std::vector<int> seriesPerPatient(const nlohmann::json& scan);

std::string allBytes(const std::filesystem::path& root);
std::vector<std::string> plantedFoundIn(const std::string& bytes);
std::filesystem::path outPath(const std::string& name);

// The number after `marker` in the program's output; -1 when the marker is not there.
int numberAfter(const std::string& output, const std::string& marker);

// A screenshot that shows a page, not a blank window: spread of grey levels and their count.
struct PageLook {
  int width = 0, height = 0;
  double spread = 0;
  std::size_t levels = 0;
};
PageLook lookOf(const std::filesystem::path& png);

}  // namespace share_test
