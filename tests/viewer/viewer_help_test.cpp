// Help > Keyboard shortcuts (issue 14): the list the dialog shows (printed by `--steps help`)
// holds every key of docs/viewer.md's table and every shortcut the window's actions really have,
// and the table holds every key of the list.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "viewer_fixture.h"
#include "viewer_screenshot.h"

namespace fs = std::filesystem;

namespace {

std::set<std::string> split(const std::string& keys) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start <= keys.size()) {
    const std::size_t comma = keys.find(", ", start);
    std::string key = keys.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    while (!key.empty() && key.front() == ' ') key.erase(0, 1);
    if (!key.empty()) out.insert(key);
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  return out;
}

// The keys column of the slice view's table in docs/viewer.md (the rows after "| action | mouse | keys |").
std::set<std::string> documentedKeys() {
  std::ifstream doc(fs::path(SCANSHARE_SOURCE_DIR) / "docs" / "viewer.md");
  std::set<std::string> keys;
  bool in_table = false;
  for (std::string line; std::getline(doc, line);) {
    if (line.rfind("| action | mouse | keys |", 0) == 0) in_table = true;
    else if (in_table && line.rfind("|", 0) != 0) break;
    else if (in_table && line.rfind("| ---", 0) != 0) {
      // | action | mouse | keys |: the third cell, keys in backquotes separated by ", ".
      std::string cells = line;
      std::size_t bar = 0;
      for (int i = 0; i < 2; ++i) bar = cells.find('|', bar + 1);  // the bar before the keys
      std::string cell = cells.substr(bar + 1, cells.find('|', bar + 1) - bar - 1);
      std::string plain;
      for (char ch : cell)
        if (ch != '`') plain += ch;
      for (const auto& key : split(plain)) keys.insert(key);
    }
  }
  return keys;
}

TEST(ViewerHelp, ShortcutListMatchesTheDocsAndTheActions) {
  const viewer_test::WorkDir work("viewer-help-");
  const fs::path study = viewer_test::makeStudy(work.root);
  const auto ran = scanshare_test::viewerScreenshot(SCANSHARE_VIEWER, study, work.root / "help.png", "--steps help", "1280x1024x24");
  ASSERT_EQ(ran.exit_code, 0) << ran.out;
  std::set<std::string> listed, actions;
  std::istringstream lines(ran.out);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t tab = line.find('\t');
    if (line.rfind("help ", 0) == 0 && tab != std::string::npos)
      for (const auto& key : split(line.substr(5, tab - 5))) listed.insert(key);
    if (line.rfind("help-action ", 0) == 0 && tab != std::string::npos) actions.insert(line.substr(12, tab - 12));
  }
  ASSERT_GT(listed.size(), 20u) << ran.out;
  ASSERT_GT(actions.size(), 15u) << ran.out;
  const auto documented = documentedKeys();
  ASSERT_GT(documented.size(), 20u) << "the table in docs/viewer.md was not found";
  for (const auto& key : documented) EXPECT_TRUE(listed.count(key)) << key << " is in docs/viewer.md but not in the Help list";
  for (const auto& key : listed) EXPECT_TRUE(documented.count(key)) << key << " is in the Help list but not in docs/viewer.md";
  for (const auto& key : actions) EXPECT_TRUE(listed.count(key)) << key << " is a shortcut of the window but not in the Help list";
  // The mouse gestures without a key are listed too (oblique MPR, the active viewport).
  EXPECT_NE(ran.out.find("help-mouse Shift+left-drag in an MPR pane\tRotate the crosshair"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("help-mouse Click in a viewport"), std::string::npos) << ran.out;
  EXPECT_TRUE(listed.count("Shift+M")) << "Reset MPR rotation";
}

}  // namespace
