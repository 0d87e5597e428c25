// `scanshare --version` (and `scanshare-viewer --version`, the About box's text): ScanShare's version,
// the commit, then DCMTK, VTK, Qt, OpenSSL, OpenJPEG, CharLS and Tesseract with their versions, in that order.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run.h"

namespace {

using scanshare_test::quoted;
using scanshare_test::run;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void expectVersionText(const std::string& program, const std::string& text, bool viewer) {
  const auto got = lines(text);
  ASSERT_EQ(got.size(), 9u) << text;
  EXPECT_EQ(got[0], program + " " + SCANSHARE_VERSION);
  EXPECT_TRUE(std::regex_match(got[1], std::regex("commit ([0-9a-f]{7,40}|unknown)"))) << got[1];
  const char* names[] = {"DCMTK", "VTK", "Qt", "OpenSSL", "OpenJPEG", "CharLS", "Tesseract"};
  for (std::size_t i = 0; i < 7; ++i) {
    const std::string& line = got[i + 2];
    const std::string name = names[i];
    // "<name> <digits.digits...>" then an optional "(note)"; VTK and Qt may say "not built" in the CLI.
    const bool qt_or_vtk = name == "VTK" || name == "Qt";
    const std::regex versioned(name + " [0-9]+\\.[0-9]+[0-9A-Za-z.+~-]*( \\(.+\\))?");
    const std::regex not_built(name + " not built \\(.+\\)");
    EXPECT_TRUE(std::regex_match(line, versioned) || (qt_or_vtk && !viewer && std::regex_match(line, not_built)))
        << "line " << i + 3 << ": " << line;
  }
}

TEST(Version, CommandLinePrintsVersionCommitAndLibraries) {
  const auto result = run(quoted(SCANSHARE_CLI) + " --version", false);
  ASSERT_EQ(result.exit_code, 0);
  expectVersionText("scanshare", result.out, false);
  EXPECT_NE(result.out.find("DCMTK 3."), std::string::npos);
  EXPECT_NE(result.out.find("Tesseract 5."), std::string::npos);  // Debian 12
#ifdef SCANSHARE_VIEWER
  // Built with the viewer: the CLI names the VTK and Qt it was built with.
  EXPECT_NE(result.out.find("VTK 9."), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Qt 6."), std::string::npos) << result.out;
#endif
}

#ifdef SCANSHARE_VIEWER
TEST(Version, ViewerPrintsTheAboutTextWithoutADisplay) {
  const auto result = run("env -u DISPLAY -u WAYLAND_DISPLAY " + quoted(SCANSHARE_VIEWER) + " --version", false);
  ASSERT_EQ(result.exit_code, 0);
  expectVersionText("scanshare-viewer", result.out, true);
  EXPECT_NE(result.out.find("Qt 6."), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("VTK 9."), std::string::npos) << result.out;
}
#endif

}  // namespace
