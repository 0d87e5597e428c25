#include "viewer_share_fixture.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <tuple>

#include <unistd.h>

#include "imaging/pixels/png.h"
#include "run.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace share_test {

namespace {
ProgramRun runCommand(const std::string& command, bool merge_stderr) {
  const scanshare_test::RunResult ran = scanshare_test::run(command, merge_stderr);
  return {ran.exit_code, ran.out};
}

std::vector<std::string> plantedValues() {
  std::ifstream in(fixture().manifest);
  const json manifest = json::parse(in);
  std::vector<std::string> values;
  for (const auto& patient : manifest["patients"])
    for (const auto& value : patient["planted"]) values.push_back(value);
  return values;
}
}  // namespace

Fixture::Fixture()
    : root(fs::temp_directory_path() / ("viewer-share-" + std::to_string(getpid()))), cd(root / "cd"), manifest(root / "manifest.json") {
  fs::remove_all(root);
  fs::create_directories(root / "config");
  const std::string command = std::string("'") + SCANSHARE_MAKE_SAMPLE + "' --variant demo --out '" + cd.string() +
                              "' --manifest '" + manifest.string() + "' >/dev/null 2>&1";
  made = std::system(command.c_str()) == 0;
}

Fixture::~Fixture() {
  std::error_code ec;
  fs::remove_all(root, ec);
}

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// Its exit code is printed from inside xvfb-run, whose own cleanup occasionally fails (exit 5)
// after a program that ends within a second.
ProgramRun share(const std::string& out, const std::string& options) {
  const Fixture& f = fixture();
  const std::string viewer = std::string("'") + SCANSHARE_VIEWER + "' '" + f.cd.string() + "' --share-to '" + out + "' " + options;
  ProgramRun run = runCommand("XDG_CONFIG_HOME='" + (f.root / "config").string() +
                              "' xvfb-run -a -s '-screen 0 1280x1024x24' sh -c \"" + viewer + "; echo viewer-exit \\$?\"", true);
  const auto at = run.output.rfind("viewer-exit ");
  run.exit_code = at == std::string::npos ? -1 : std::stoi(run.output.substr(at + 12));
  return run;
}

ProgramRun screenshot(const fs::path& path, const fs::path& png) {
  const Fixture& f = fixture();
  const std::string viewer = std::string("'") + SCANSHARE_VIEWER + "' '" + path.string() + "' --screenshot '" + png.string() + "'";
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

bool SeriesInfo::operator<(const SeriesInfo& o) const { return std::tie(modality, instances) < std::tie(o.modality, o.instances); }
bool SeriesInfo::operator==(const SeriesInfo& o) const { return modality == o.modality && instances == o.instances; }

std::vector<SeriesInfo> seriesOf(const json& scan) {
  std::vector<SeriesInfo> list;
  if (!scan.is_object()) return list;
  for (const auto& patient : scan["patients"])
    for (const auto& study : patient["studies"])
      for (const auto& series : study["series"]) list.push_back({series["modality"], series["instances"]});
  return list;
}

std::vector<int> seriesPerPatient(const json& scan) {
  std::vector<int> counts;
  if (!scan.is_object()) return counts;
  for (const auto& patient : scan["patients"]) {
    int n = 0;
    for (const auto& study : patient["studies"]) n += static_cast<int>(study["series"].size());
    counts.push_back(n);
  }
  return counts;
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

int numberAfter(const std::string& output, const std::string& marker) {
  const auto at = output.find(marker);
  if (at == std::string::npos) return -1;
  int n = -1;
  std::istringstream(output.substr(at + marker.size())) >> n;
  return n;
}

PageLook lookOf(const fs::path& png) {
  PageLook look;
  if (!fs::exists(png)) return look;
  const imaging::Rgb8Image picture = imaging::readPng(png);
  look.width = picture.width;
  look.height = picture.height;
  double mean = 0, square = 0;
  std::set<int> levels;
  for (auto p : picture.pixels) {
    mean += p;
    levels.insert(p);
  }
  const double n = static_cast<double>(picture.pixels.size());
  mean /= n;
  for (auto p : picture.pixels) square += (p - mean) * (p - mean);
  look.spread = std::sqrt(square / n);
  look.levels = levels.size();
  return look;
}

}  // namespace share_test
